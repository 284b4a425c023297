"""Inviting families to read and acknowledge the policy and the Code of Conduct, and recording their answer."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.timezone import now

from socialsafe.audit.services import audit_record
from socialsafe.concerns.models import PolicyDocument, PolicyVersion
from socialsafe.families import codes
from socialsafe.families.models import CODE_DAYS, BatchStatus, Channel, FamilyInvitation, InvitationBatch
from socialsafe.families.selectors import acknowledged_by_account
from socialsafe.incidents import rules
from socialsafe.lib.mail import email_on_commit
from socialsafe.schools.models import Guardian, GuardianLink, Pupil, School


class CodeRefused(Exception):
    """A code typed on the welcome page that opens nothing; the message says why, in plain words."""


def current_versions(school: School) -> list[PolicyVersion]:
    """The current version of each document a family is asked to acknowledge (rules.families_told_when_child_joins)."""
    found = {}
    for document in PolicyDocument.objects.filter(school=school, kind__in=rules.FAMILY_DOCUMENTS):
        version = document.current_version()
        if version is not None:
            found[document.kind] = version
    return [found[kind] for kind in rules.families_told_when_child_joins(set(found))]


def version_key(versions: list[PolicyVersion]) -> str:
    return ",".join(str(pk) for pk in sorted(v.pk for v in versions))


def welcome_link(school: School, code: str | None = None) -> str:
    link = settings.SITE_URL.rstrip("/") + reverse("families_public:welcome", kwargs={"school": school.slug})
    return f"{link}?code={codes.shown(code)}" if code else link


def _guardians_to_invite(school: School, pupil_ids, versions: list[PolicyVersion], key: str) -> dict[int, list[int]]:
    """Guardian id -> their joined children's ids, for those not yet asked about these versions."""
    links = GuardianLink.objects.filter(pupil__school=school, pupil__in=pupil_ids, pupil__left_on__isnull=True).exclude(
        guardian__family_invitations__version_key=key
    )
    links = links.exclude(acknowledged_by_account(versions, "guardian__user"))
    found: dict[int, list[int]] = {}
    for guardian_id, pupil_id in links.values_list("guardian_id", "pupil_id").order_by("guardian_id", "pupil_id"):
        found.setdefault(guardian_id, []).append(pupil_id)
    return found


@transaction.atomic
def batch_create(*, school: School, pupil_ids, by, reason: str) -> InvitationBatch | None:
    """Invite the parents and carers of these pupils who have not been asked about the current versions.

    One invitation per parent, however many of their children joined; the emails and letters are prepared in the
    background (tasks.batch_process). None when there is nobody to invite or nothing published to ask about."""
    versions = current_versions(school)
    if not versions:
        return None
    key = version_key(versions)
    School.objects.select_for_update().get(pk=school.pk)  # two imports at once cannot invite a parent twice
    wanted = _guardians_to_invite(school, list(pupil_ids), versions, key)
    if not wanted:
        return None
    emails = dict(Guardian.objects.filter(pk__in=wanted).values_list("pk", "email"))
    batch = InvitationBatch.objects.create(school=school, by=by, reason=reason[:200], total=len(wanted))
    invitations = FamilyInvitation.objects.bulk_create(
        [
            FamilyInvitation(
                school=school,
                guardian_id=guardian_id,
                version_key=key,
                channel=Channel.EMAIL if emails.get(guardian_id) else Channel.LETTER,
                code_nonce=(nonce := codes.new_nonce()),
                code_hash=codes.code_hash(codes.code_for(nonce)),
                batch=batch,
            )
            for guardian_id in wanted
        ]
    )
    FamilyInvitation.pupils.through.objects.bulk_create(
        [
            FamilyInvitation.pupils.through(familyinvitation_id=inv.pk, pupil_id=pupil_id)
            for inv in invitations
            for pupil_id in wanted[inv.guardian_id]
        ]
    )
    FamilyInvitation.versions.through.objects.bulk_create(
        [
            FamilyInvitation.versions.through(familyinvitation_id=inv.pk, policyversion_id=v.pk)
            for inv in invitations
            for v in versions
        ]
    )
    audit_record(
        actor=by,
        verb="families.invitations_created",
        target=batch,
        school=school,
        data={"reason": batch.reason, "parents": batch.total, "versions": [str(v) for v in versions]},
    )
    from socialsafe.families.tasks import batch_process  # the task module imports this one

    batch_id = batch.pk
    transaction.on_commit(lambda: batch_process.enqueue(batch_id))
    return batch


def pupils_joined(*, school: School, pupil_ids, by) -> dict | None:
    """The hook schools.services.pupils_added calls: invite the new pupils' families; a link to the progress."""
    batch = batch_create(school=school, pupil_ids=pupil_ids, by=by, reason="New pupils on the roster")
    if batch is None:
        return None
    many = batch.total != 1
    return {
        "text": f"{batch.total} parent{'s and carers' if many else ' or carer'} of the new pupils "
        f"{'are' if many else 'is'} being asked to read and acknowledge the Social Media Policy and the Code of "
        "Conduct: see the progress",
        "url": reverse("families:batch", kwargs={"pk": batch.pk}),
    }


def _send_one(invitation: FamilyInvitation) -> str:
    """Prepare one invitation: an email, or a letter to print. Returns which ("sent", "letters")."""
    guardian = invitation.guardian
    school = invitation.school
    code = codes.code_for(invitation.code_nonce)
    children = [p.first_name for p in invitation.pupils.all()]
    invitation.sent_at = now()
    invitation.save(update_fields=["sent_at"])
    audit_record(
        actor=invitation.batch.by if invitation.batch else None,
        verb="families.invited",
        target=invitation,
        school=school,
        data={"guardian": guardian.pk, "channel": invitation.channel},
    )
    if invitation.channel == Channel.LETTER:
        return "letters"
    email_on_commit(
        [guardian.email],
        f"{school.name}: please read our Social Media Policy and Parents' Code of Conduct",
        "families/email/invitation.txt",
        {
            "guardian": guardian,
            "school": school,
            "children": children,
            "link": welcome_link(school, code),
            "short_link": welcome_link(school),
            "code": codes.shown(code),
            "days": CODE_DAYS,
            "versions": list(invitation.versions.select_related("document")),
        },
        school=school,
    )
    return "sent"


def batch_process_chunk(*, batch: InvitationBatch, size: int = 50) -> int:
    """Send up to `size` of the batch's waiting invitations, each in its own transaction; returns how many."""
    waiting = list(
        FamilyInvitation.objects.filter(batch=batch, sent_at__isnull=True, failed="")
        .select_related("guardian", "school", "batch__by")
        .order_by("pk")[:size]
    )
    for invitation in waiting:
        try:
            # The email goes once this commits; a refusal raises here, after the commit, and is counted below.
            with transaction.atomic():
                outcome = _send_one(invitation)
        except Exception as error:  # a mail server refusing one: counted, the rest go on
            with transaction.atomic():
                FamilyInvitation.objects.filter(pk=invitation.pk).update(
                    sent_at=None, failed=str(error)[:200] or "failed"
                )
                InvitationBatch.objects.filter(pk=batch.pk).update(failed=F("failed") + 1)
                audit_record(actor=None, verb="families.invitation_failed", target=invitation, school=batch.school)
        else:
            InvitationBatch.objects.filter(pk=batch.pk).update(**{outcome: F(outcome) + 1})
    return len(waiting)


def batch_mark(*, batch: InvitationBatch, status: str) -> None:
    InvitationBatch.objects.filter(pk=batch.pk).update(
        status=status, finished_at=now() if status == BatchStatus.DONE else None
    )


def invitation_for_code(*, school: School, code: str) -> FamilyInvitation:
    """The invitation this code opens, or CodeRefused saying why (unknown, used, expired, replaced)."""
    typed = codes.normalise(code)
    if len(typed) != codes.LENGTH or any(ch not in codes.ALPHABET for ch in typed):
        raise CodeRefused(
            "Enter the 8-character code from your letter or email, for example ABCD-EFGH. "
            "Codes use the letters A to Z (without I or O) and the numbers 2 to 9.",
            "guess",
        )
    invitation = (
        FamilyInvitation.objects.filter(school=school, code_hash=codes.code_hash(typed))
        .select_related("guardian", "school")
        .first()
    )
    if invitation is None:
        raise CodeRefused("This code is not one we sent. Check it against your letter or email and try again.", "guess")
    if invitation.acknowledged_at is not None:
        raise CodeRefused(
            f"This code has already been used: the acknowledgement was recorded on "
            f"{invitation.acknowledged_at:%-d %B %Y}. Thank you, there is nothing more to do.",
            "used",
        )
    if invitation.expired:
        raise CodeRefused("This code has expired. Please ask the school office for a new letter.")
    if invitation.version_key != version_key(current_versions(school)):
        raise CodeRefused(
            "The school has published a new version since this code was sent. Please ask the school office for a "
            "new letter."
        )
    return invitation


@transaction.atomic
def invitation_acknowledge(*, invitation: FamilyInvitation, request=None) -> FamilyInvitation:
    """Record that the parent has read, and will follow, the versions they were asked about. Once only."""
    invitation = FamilyInvitation.objects.select_for_update().select_related("guardian", "school").get(pk=invitation.pk)
    if invitation.acknowledged_at is not None:
        raise CodeRefused("This code has already been used.")
    invitation.acknowledged_at = now()
    invitation.save(update_fields=["acknowledged_at"])
    audit_record(
        actor=None,
        verb="families.acknowledged",
        target=invitation,
        school=invitation.school,
        data={"guardian": invitation.guardian_id, "versions": [str(v) for v in invitation.versions.all()]},
        request=request,
    )
    return invitation


def invite_outstanding(*, school: School, by, school_class=None) -> InvitationBatch | None:
    """Invite every family of the school (or of one class) who has not been asked about the current versions."""
    pupils = Pupil.objects.filter(school=school).current()
    if school_class is not None:
        pupils = pupils.filter(school_class=school_class)
    reason = f"Families of {school_class.name} not yet asked" if school_class else "Families not yet asked"
    try:
        return batch_create(school=school, pupil_ids=pupils.values_list("pk", flat=True), by=by, reason=reason)
    except IntegrityError:  # another run took them a moment ago: nobody is asked twice
        return None
