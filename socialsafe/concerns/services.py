"""Every change to concerns, policy documents, acknowledgements, consent and parent accounts.

Each is atomic, writes the audit log and sends its emails only once the change is committed.
"""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.timezone import localdate, localtime, make_aware, now

from socialsafe.audit.services import audit_record
from socialsafe.concerns.models import (
    Acknowledgement,
    AcknowledgementReminder,
    Audience,
    Concern,
    ConcernCounter,
    ConcernEvent,
    ConcernMessage,
    ConcernSettings,
    ConcernStatus,
    DocKind,
    InvalidTransition,
    MessageFrom,
    ParentInvite,
    PhotoConsent,
    PolicyDocument,
    PolicyVersion,
    ReplyTemplate,
)
from socialsafe.concerns.selectors import acknowledgement_rows
from socialsafe.incidents.models import Entry, Incident
from socialsafe.incidents.services import incident_report, timeline_add
from socialsafe.lib.dates import add_working_days
from socialsafe.lib.mail import email_on_commit
from socialsafe.schools.models import Guardian, GuardianLink, Member, Pupil, School
from socialsafe.schools.roles import STAFF_ROLES, Role
from socialsafe.schools.services import invitation_link

User = get_user_model()

CONFIRM_SALT = "socialsafe.concerns.confirm"
CONFIRM_MAX_AGE = 60 * 60 * 48  # two days to click the link


# --- Emails ---


def _absolute(url_name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, kwargs=kwargs)


def status_url(concern: Concern) -> str:
    """The private web address of a concern's status page."""
    return _absolute("concerns_public:status", school=concern.school.slug, token=concern.status_token)


def settings_for(school: School) -> ConcernSettings:
    """The school's concern settings, or the defaults when it has not changed them (not saved)."""
    return ConcernSettings.objects.filter(school=school).first() or ConcernSettings(school=school)


# --- Concerns from the public form ---


def confirm_token(concern: Concern) -> str:
    """A signed, expiring token for the confirmation link."""
    return signing.dumps({"c": concern.pk, "s": concern.school_id}, salt=CONFIRM_SALT, compress=True)


def concern_from_token(token: str, *, school: School) -> Concern | None:
    """The concern a confirmation token points at, or None if the token is forged, expired or for another school."""
    try:
        data = signing.loads(token[:500], salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("s") != school.pk:
        return None
    return Concern.objects.filter(pk=data.get("c"), school=school).select_related("school").first()


@transaction.atomic
def concern_submit(*, school: School, fields: dict[str, Any], by=None, request=None) -> Concern:
    """Store a concern from the public form and email a confirmation link. It reaches nobody until confirmed."""
    concern = Concern(school=school, status_token=secrets.token_urlsafe(32), **fields)
    concern.full_clean()
    concern.save()
    ConcernEvent.objects.create(
        concern=concern, actor=None, status=concern.status, text="Sent from the school's web page."
    )
    audit_record(actor=by, verb="concern.submitted", target=concern, request=request)
    link = _absolute("concerns_public:confirm", school=school.slug, token=confirm_token(concern))
    email_on_commit(
        [concern.email],
        f"Confirm your message to {school.name}",
        "concerns/email/confirm.txt",
        {"concern": concern, "school": school, "link": link, "hours": CONFIRM_MAX_AGE // 3600},
        school=school,
    )
    return concern


def _next_reference(school: School) -> str:
    year = localdate().year
    counter, _ = ConcernCounter.objects.select_for_update().get_or_create(school=school, year=year)
    ConcernCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{school.slug[:3].upper()}-C-{year}-{counter.last:04d}"


def _lock(concern: Concern) -> Concern:
    return Concern.objects.select_for_update(of=("self",)).select_related("school").get(pk=concern.pk)


def _principals(school: School) -> list[str]:
    return list(
        User.objects.filter(
            memberships__school=school,
            memberships__is_active=True,
            memberships__roles__role__in=[Role.PRINCIPAL, Role.VICE_PRINCIPAL],
        )
        .distinct()
        .values_list("email", flat=True)
    )


@transaction.atomic
def concern_confirm(*, concern: Concern) -> Concern:
    """The parent clicked the link: give the concern its reference, send it to the Principal and acknowledge it."""
    concern = _lock(concern)
    if concern.status != ConcernStatus.PENDING:
        return concern  # a second click changes nothing
    school = concern.school
    concern.move_to(ConcernStatus.NEW)
    concern.reference = _next_reference(school)
    concern.confirmed_at = concern.updated_at
    response_days = settings_for(school).response_days
    concern.due_on = add_working_days(localdate(), response_days)
    # The email is now proven to be theirs: a parent with an account sees it among their own concerns.
    concern.guardian = (
        Guardian.objects.filter(school=school, user__isnull=False, user__email__iexact=concern.email).first()
        or concern.guardian
    )
    concern.save()
    ConcernEvent.objects.create(
        concern=concern, status=concern.status, text=f"Email address confirmed; reference {concern.reference} given."
    )
    audit_record(actor=None, verb="concern.confirmed", target=concern)
    context = {"concern": concern, "school": school, "status_url": status_url(concern), "days": response_days}
    email_on_commit(
        [concern.email],
        f"{school.name} has received your concern ({concern.reference})",
        "concerns/email/acknowledgement.txt",
        context,
        school=school,
    )
    email_on_commit(
        _principals(school),
        f"A new concern from a parent ({concern.reference})",
        "concerns/email/new_concern.txt",
        {**context, "inbox_url": _absolute("concerns:detail", pk=concern.pk)},
        school=school,
    )
    return concern


def _record(concern: Concern, by, text: str, verb: str, data: dict | None = None) -> None:
    ConcernEvent.objects.create(concern=concern, actor=by, status=concern.status, text=text)
    audit_record(actor=by, verb=verb, target=concern, data=data)


def _first_response(concern: Concern, at: dt.datetime | None = None) -> None:
    if concern.first_response_at is None:
        concern.first_response_at = at or now()


@transaction.atomic
def concern_acknowledge(*, concern: Concern, by) -> Concern:
    """The Principal has read it: the parent is told it is in hand."""
    concern = _lock(concern)
    concern.move_to(ConcernStatus.ACKNOWLEDGED)
    _first_response(concern)
    concern.save()
    _record(concern, by, f"Acknowledged by {by.get_full_name()}.", "concern.acknowledged")
    email_on_commit(
        [concern.email],
        f"Your concern {concern.reference} has been read",
        "concerns/email/acknowledged.txt",
        {"concern": concern, "school": concern.school, "status_url": status_url(concern)},
        school=concern.school,
    )
    return concern


@transaction.atomic
def concern_reply(*, concern: Concern, by, text: str) -> ConcernMessage:
    """A reply to the parent: shown on their status page and emailed to them."""
    concern = _lock(concern)
    text = text.strip()
    if not text:
        raise ValidationError("Write the reply.")
    if concern.status in (ConcernStatus.PENDING, ConcernStatus.CLOSED):
        raise InvalidTransition("A closed concern cannot be answered: reopen it first.")
    if concern.can_move_to(ConcernStatus.ANSWERED):
        concern.move_to(ConcernStatus.ANSWERED)
    at = concern.updated_at = now()
    _first_response(concern, at)
    concern.parent_answer_waiting_since = None  # the school has now answered the parent's answer
    concern.save()
    message = ConcernMessage.objects.create(
        concern=concern, at=at, sender=MessageFrom.SCHOOL, author=by, author_name=by.get_full_name(), text=text
    )
    _record(concern, by, f"Reply sent by {by.get_full_name()}.", "concern.replied")
    email_on_commit(
        [concern.email],
        f"A reply to your concern {concern.reference}",
        "concerns/email/reply.txt",
        {"concern": concern, "school": concern.school, "message": message, "status_url": status_url(concern)},
        school=concern.school,
    )
    return message


# A parent may answer while the Principal is dealing with the concern as a concern. Once it is a case, a formal
# complaint or closed, the school's own procedure (or a fresh concern) carries the conversation on instead.
ANSWERABLE = (ConcernStatus.NEW, ConcernStatus.ACKNOWLEDGED, ConcernStatus.ANSWERED)
ANSWER_MAX = 5000


def concern_can_answer(concern: Concern) -> bool:
    """The parent may answer: the school has replied and the concern is still open as a concern."""
    # Reads the messages as a list, so that a page of concerns with prefetched messages asks nothing more.
    return concern.status in ANSWERABLE and any(m.sender == MessageFrom.SCHOOL for m in concern.messages.all())


@transaction.atomic
def concern_answer(*, concern: Concern, text: str, by=None, request=None) -> ConcernMessage:
    """The parent answers the school's reply from their status page: kept in the thread, confirmed to them by email,
    and the Principal told (without the text) that there is a new answer to read."""
    concern = _lock(concern)
    text = text.strip()
    if not text:
        raise ValidationError("Write your answer.")
    if len(text) > ANSWER_MAX:
        raise ValidationError(f"Your answer must be {ANSWER_MAX:,} characters or fewer.")
    if not concern_can_answer(concern):
        raise InvalidTransition("This concern can no longer be answered here.")
    # Signed in as this concern's own parent: their account signs it. Anyone else (or nobody) came by the link.
    user = None
    if by is not None and by.is_authenticated and concern.guardian_id and concern.guardian.user_id == by.pk:
        user = by
    at = concern.updated_at = now()
    concern.parent_answer_waiting_since = concern.parent_answer_waiting_since or at
    concern.save()
    message = ConcernMessage.objects.create(
        concern=concern, at=at, sender=MessageFrom.PARENT, author=user, author_name=concern.name, text=text
    )
    ConcernEvent.objects.create(concern=concern, actor=user, status=concern.status, text="The parent answered.")
    audit_record(actor=user, verb="concern.parent_answered", target=concern, request=request, data={"chars": len(text)})
    context = {"concern": concern, "school": concern.school, "status_url": status_url(concern)}
    email_on_commit(
        [concern.email],
        f"{concern.school.name} has received your answer ({concern.reference})",
        "concerns/email/answer_received.txt",
        context,
        school=concern.school,
    )
    email_on_commit(
        _principals(concern.school),
        f"New reply on concern {concern.reference}",
        "concerns/email/new_answer.txt",
        {**context, "inbox_url": _absolute("concerns:detail", pk=concern.pk)},
        school=concern.school,
    )
    return message


def _said(message: ConcernMessage) -> str:
    return "the parent's answer" if message.sender == MessageFrom.PARENT else "reply from the school"


def _when(value: dt.datetime) -> str:
    return f"{localtime(value):%d %b %Y, %H:%M}"


def _case_description(concern: Concern) -> str:
    who = concern.name
    if concern.relationship:
        who += f" ({concern.get_relationship_display().lower()}"
        who += f" of a child in {concern.school_class.name})" if concern.school_class else ")"
    elif concern.school_class:
        who += f" (a child in {concern.school_class.name})"
    return (
        f"From the parent's concern {concern.reference}, raised by {who}, {concern.email}.\n\n"
        f"What happened, in their words:\n{concern.what_happened}\n\n"
        f"What they would like to happen:\n{concern.wanted_outcome}"
    )


@transaction.atomic
def concern_to_case(*, concern: Concern, by, facts: dict[str, Any]) -> Incident:
    """Open a case from the concern in one step; the case's timeline keeps the concern's whole history.

    `facts` come from the Principal's small form: kind, summary, platform, target_kind, responsible_kind, occurred_on.
    """
    concern = _lock(concern)
    if not concern.can_move_to(ConcernStatus.CASE):
        raise InvalidTransition(f"A concern that is {concern.get_status_display().lower()} cannot become a case.")
    occurred_on = facts["occurred_on"]
    occurred_at = concern.confirmed_at or concern.created_at
    if occurred_on != localtime(occurred_at).date():
        occurred_at = make_aware(dt.datetime.combine(occurred_on, dt.time(0, 0)))
    fields = {
        "kind": facts["kind"],
        "summary": facts["summary"],
        "description": _case_description(concern),
        "occurred_at": occurred_at,
        "out_of_hours": bool(facts.get("out_of_hours")),
        "grounds": list(facts.get("grounds") or []),
        "platform": facts["platform"],
        "url": "",
        "target_kind": facts["target_kind"],
        "target_pupil": facts.get("target_pupil") if facts["target_kind"] == "pupil" else None,
        # A named member of staff or governor is excluded from the case by incident_report.
        "target_member": facts.get("target_member") if facts["target_kind"] in ("staff", "governor") else None,
        "responsible_kind": facts["responsible_kind"],
    }
    incident = incident_report(school=concern.school, by=by, fields=fields)
    # Copy the concern's history onto the case, oldest first, each line citing the concern and its date.
    history = [(e.at, f"Concern {concern.reference}, {_when(e.at)}: {e.text}") for e in concern.events.all()]
    history += [
        (m.at, f"Concern {concern.reference}, {_said(m)} on {_when(m.at)} by {m.author_name}:\n{m.text}")
        for m in concern.messages.all()
    ]
    for _, text in sorted(history, key=lambda item: item[0]):
        timeline_add(incident=incident, by=by, kind=Entry.NOTE, text=text, data={"concern": concern.reference})
    concern.move_to(ConcernStatus.CASE)
    concern.incident = incident
    _first_response(concern)
    concern.save()
    _record(
        concern,
        by,
        # The reference is shown above the concern to those who may see the case, not written into its history.
        f"Turned into a case by {by.get_full_name()}.",
        "concern.to_case",
        {"incident": incident.reference},
    )
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Opened from the parent's concern {concern.reference}; its history is copied above.",
        data={"concern": concern.reference},
    )
    return incident


@transaction.atomic
def concern_to_complaint(*, concern: Concern, by, note: str = "") -> Concern:
    """Record that the school's Complaints Procedure has been opened for this concern, and tell the parent."""
    concern = _lock(concern)
    concern.move_to(ConcernStatus.COMPLAINT)
    concern.complaint_opened_at = concern.updated_at
    _first_response(concern)
    concern.save()
    text = f"The school's Complaints Procedure was opened by {by.get_full_name()}."
    _record(concern, by, text + (f" {note.strip()}" if note.strip() else ""), "concern.to_complaint")
    email_on_commit(
        [concern.email],
        f"Your concern {concern.reference}: the school's Complaints Procedure",
        "concerns/email/complaint.txt",
        {"concern": concern, "school": concern.school, "status_url": status_url(concern)},
        school=concern.school,
    )
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, by, note: str = "") -> Concern:
    """Close the concern; the parent's status page shows it as closed."""
    concern = _lock(concern)
    concern.move_to(ConcernStatus.CLOSED)
    concern.save()
    _record(
        concern, by, f"Closed by {by.get_full_name()}." + (f" {note.strip()}" if note.strip() else ""), "concern.closed"
    )
    return concern


@transaction.atomic
def concern_reopen(*, concern: Concern, by) -> Concern:
    """Reopen a closed concern."""
    concern = _lock(concern)
    if concern.status != ConcernStatus.CLOSED:
        raise InvalidTransition("Only a closed concern can be reopened.")
    concern.move_to(ConcernStatus.ACKNOWLEDGED)
    concern.save()
    _record(concern, by, f"Reopened by {by.get_full_name()}.", "concern.reopened")
    return concern


def concern_viewed(*, concern: Concern, by, request=None) -> None:
    """Log that someone at the school opened the concern."""
    audit_record(actor=by, verb="concern.viewed", target=concern, request=request)


@transaction.atomic
def reply_template_save(
    *, school: School, by, title: str, text: str, template: ReplyTemplate | None = None
) -> ReplyTemplate:
    """Create or change one of the school's reply templates."""
    template = template or ReplyTemplate(school=school)
    if template.school_id != school.pk:
        raise ValidationError("That template belongs to another school.")
    template.title, template.text = title.strip(), text.strip()
    template.full_clean()
    template.save()
    audit_record(actor=by, verb="concern.template_saved", target=template, school=school)
    return template


@transaction.atomic
def reply_template_delete(*, template: ReplyTemplate, by) -> None:
    """Delete a reply template (replies already sent keep their text)."""
    audit_record(actor=by, verb="concern.template_deleted", school=template.school, data={"title": template.title})
    template.delete()


@transaction.atomic
def concern_settings_update(*, school: School, by, response_days: int) -> ConcernSettings:
    """Change how many school days the school promises to answer within."""
    current, _ = ConcernSettings.objects.get_or_create(school=school)
    before = current.response_days
    current.response_days = response_days
    current.full_clean()
    current.save()
    audit_record(
        actor=by, verb="concern.settings_changed", school=school, data={"response_days": [before, response_days]}
    )
    return current


# --- Parent accounts ---


@transaction.atomic
def guardian_invite(*, guardian: Guardian, by) -> ParentInvite:
    """Give a parent on the roster an account and email them a one-time link to choose a password."""
    guardian = Guardian.objects.select_for_update(of=("self",)).select_related("school", "user").get(pk=guardian.pk)
    if not guardian.email:
        raise ValidationError("This parent or carer has no email address on the roster.")
    user = guardian.user or User.objects.filter(email__iexact=guardian.email).first()
    if user is None:
        # No password: they choose one from the link.
        user = User.objects.create_user(guardian.email, full_name=f"{guardian.first_name} {guardian.last_name}")
    clash = Guardian.objects.filter(school=guardian.school, user=user).exclude(pk=guardian.pk).exists()
    if clash:
        raise ValidationError("Another parent or carer at this school already uses that account.")
    if guardian.user_id != user.pk:
        guardian.user = user
        guardian.save(update_fields=["user"])
    invite = ParentInvite.objects.create(guardian=guardian, by=by, email=user.email)
    audit_record(actor=by, verb="parent.invited", target=guardian, data={"email": user.email})
    link = invitation_link(user)  # Django's password-reset token: single use, and it expires
    email_on_commit(
        [user.email],
        f"{guardian.school.name}: your SocialSafe parent account",
        "concerns/email/invite.txt",
        {
            "guardian": guardian,
            "school": guardian.school,
            "link": link,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "has_password": user.has_usable_password(),
        },
        school=guardian.school,
    )
    return invite


# --- Policy documents ---


@transaction.atomic
def policy_version_publish(
    *, school: School, kind: str, by, label: str, published_on: dt.date, text: str
) -> PolicyVersion:
    """Publish a new version of a document; everyone it is addressed to must acknowledge it again."""
    document, _ = PolicyDocument.objects.get_or_create(school=school, kind=DocKind(kind))
    version = PolicyVersion(
        document=document, label=label.strip(), published_on=published_on, text=text.strip(), created_by=by
    )
    version.full_clean()
    version.save()
    audit_record(actor=by, verb="policy.published", target=document, school=school, data={"version": version.label})
    return version


def _ack_person(version: PolicyVersion, user) -> dict[str, Any]:
    school = version.document.school
    if version.document.audience == Audience.PARENTS:
        guardian = Guardian.objects.filter(school=school, user=user).first()
        if guardian is None:
            raise ValidationError("This document is for parents and carers of the school.")
        return {"guardian": guardian}
    member = (
        Member.objects.filter(school=school, user=user, is_active=True, roles__role__in=STAFF_ROLES).distinct().first()
    )
    if member is None:
        raise ValidationError("This document is for the school's staff.")
    return {"member": member}


@transaction.atomic
def policy_acknowledge(*, version: PolicyVersion, by) -> Acknowledgement:
    """Record that `by` has read this version. Acknowledging twice keeps the first."""
    existing = Acknowledgement.objects.filter(version=version, user=by).first()
    if existing:
        return existing
    if version.published_on > localdate():
        raise ValidationError("This version has not been published yet.")
    ack = Acknowledgement.objects.create(version=version, user=by, **_ack_person(version, by))
    audit_record(
        actor=by,
        verb="policy.acknowledged",
        target=version.document,
        school=version.document.school,
        data={"version": version.label},
    )
    return ack


def _pending_users(version: PolicyVersion) -> list:
    return [row.user for row in acknowledgement_rows(version) if row.user is not None and row.at is None]


def acknowledgement_reminders_send(
    *, school: School | None = None, by=None, every_days: int = 7, kinds: list[str] | None = None
) -> int:
    """Email those who have not acknowledged the current version of a document, at most once every `every_days`.

    Returns how many emails were sent.
    """
    sent = 0
    documents = PolicyDocument.objects.select_related("school")
    if school is not None:
        documents = documents.filter(school=school)
    if kinds is not None:
        documents = documents.filter(kind__in=kinds)
    since = now() - dt.timedelta(days=every_days)
    for document in documents.order_by("school_id", "kind"):
        version = document.current_version()
        if version is None:
            continue
        with transaction.atomic():
            recent = set(
                AcknowledgementReminder.objects.filter(version=version, at__gte=since).values_list("user_id", flat=True)
            )
            users = [u for u in _pending_users(version) if u.pk not in recent]
            for user in users:
                AcknowledgementReminder.objects.create(version=version, user=user)
                email_on_commit(
                    [user.email],
                    f"{document.school.name}: please read the {document.get_kind_display()}",
                    "concerns/email/reminder.txt",
                    {
                        "document": document,
                        "version": version,
                        "school": document.school,
                        "link": _absolute("concerns:version", pk=version.pk),
                    },
                    school=document.school,
                )
            if users:
                audit_record(
                    actor=by,
                    verb="policy.reminders_sent",
                    target=document,
                    school=document.school,
                    data={"version": version.label, "count": len(users)},
                )
        sent += len(users)
    return sent


# --- Photo consent ---


@transaction.atomic
def photo_consent_set(*, pupil: Pupil, guardian: Guardian, by, may_publish: bool) -> PhotoConsent:
    """Record a parent's answer for their child; earlier answers stay as history."""
    link = GuardianLink.objects.filter(guardian=guardian, pupil=pupil).first()
    if link is None or guardian.user_id != by.pk:
        raise ValidationError("Only a parent or carer linked to this child can set their consent.")
    if not link.parental_responsibility:
        raise ValidationError("Only a parent or carer with parental responsibility can set this consent.")
    consent = PhotoConsent.objects.create(
        school=pupil.school, pupil=pupil, may_publish=may_publish, guardian=guardian, set_by=by
    )
    audit_record(actor=by, verb="consent.photo_set", target=pupil, data={"may_publish": may_publish})
    return consent
