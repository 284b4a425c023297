"""Everything the school holds about one person, gathered across every app, as plain records.

Each record is {"type": ..., "id": ..., "fields": {name: text}} with people already turned into their names, so
that redaction (redact.py) can work on text alone. The people met on the way are kept, so that the Principal sees
every third party before anything is produced. Files (evidence, letters) are listed, not read: the export streams them.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import Acknowledgement, Concern, ParentInvite, PhotoConsent
from socialsafe.evidence.models import EvidenceItem
from socialsafe.families.models import FamilyInvitation
from socialsafe.incidents.models import Action, BullyingRecord, Incident, TimelineEntry
from socialsafe.letters.models import Letter
from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest
from socialsafe.registers.models import IctBan, PremisesBan, TeachingAccount
from socialsafe.schools.models import Guardian, Member, Pupil
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation
from socialsafe.subjectaccess.models import SubjectAccessRequest, SubjectKind

PUPIL, GUARDIAN, MEMBER = "pupil", "guardian", "member"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%-d %b %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%-d %b %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class FileRef:
    """A file to copy into the ZIP: where it goes, how to open it, whether it is shown as it is."""

    zip_name: str
    record_type: str
    record_id: int
    description: str
    open: object  # a callable giving a binary file object
    image: bool = False


@dataclass
class Collected:
    subject_ref: tuple[str, int]
    family: set[tuple[str, int]] = field(default_factory=set)  # the subject's own family: never a third party
    records: list[dict] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    people: dict[tuple[str, int], object] = field(default_factory=dict)  # every person named in a record

    def person(self, obj) -> str:
        """The person's name for a record, remembering that they appear."""
        if obj is None:
            return ""
        kind = PUPIL if isinstance(obj, Pupil) else GUARDIAN if isinstance(obj, Guardian) else MEMBER
        self.people[kind, obj.pk] = obj
        return obj.full_name if kind == PUPIL else obj.display_name

    def add(self, type_: str, id_, **fields) -> None:
        self.records.append({"type": type_, "id": id_, "fields": {k: _text(v) for k, v in fields.items()}})

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.records:
            out[r["type"]] = out.get(r["type"], 0) + 1
        return out


def _member_of(school, user, members: dict) -> Member | None:
    if user is None:
        return None
    if user.pk not in members:
        members[user.pk] = Member.objects.filter(school=school, user=user).first()
    return members[user.pk]


def _user_name(c: Collected, school, user, members: dict) -> str:
    """A staff member's name (remembered, so they may be redacted) or, for anyone else, who they are in words."""
    if user is None:
        return ""
    member = _member_of(school, user, members)
    if member is not None:
        return c.person(member)
    guardian = Guardian.objects.filter(school=school, user=user).first()
    return c.person(guardian) if guardian else "someone outside the school"


def _cases(c: Collected, school, cases, members: dict, own_to: set[int] = frozenset()) -> None:
    """Each case with its timeline, actions, evidence, letters, bullying record."""
    cases = list(
        cases.select_related(
            "target_pupil",
            "target_member",
            "responsible_pupil",
            "responsible_guardian",
            "responsible_member",
            "on_behalf_of",
            "handler",
            "reported_by",
        ).order_by("reported_at", "id")
    )
    for case in cases:
        c.add(
            "case",
            case.pk,
            reference=case.reference,
            kind=case.get_kind_display(),
            summary=case.summary,
            description=case.description,
            occurred=case.occurred_at,
            platform=case.get_platform_display(),
            target=c.person(case.target_pupil or case.target_member) or case.get_target_kind_display(),
            responsible=c.person(case.responsible_pupil or case.responsible_guardian or case.responsible_member)
            or case.responsible_name
            or case.get_responsible_kind_display(),
            reported_by=_user_name(c, school, case.reported_by, members),
            on_behalf_of=c.person(case.on_behalf_of),
            reported=case.reported_at,
            handler=c.person(case.handler),
            status=case.get_status_display(),
            outcome=case.get_outcome_display(),
            outcome_note=case.outcome_note,
        )
    ids = [case.pk for case in cases]
    refs = {case.pk: case.reference for case in cases}
    for e in TimelineEntry.objects.filter(incident_id__in=ids).select_related("actor").order_by("at", "id"):
        c.add(
            "timeline_entry",
            e.pk,
            case=refs[e.incident_id],
            at=e.at,
            by=_user_name(c, school, e.actor, members),
            kind=e.get_kind_display(),
            text=e.text,
        )
    for a in Action.objects.filter(incident_id__in=ids).select_related("owner").order_by("due_on", "id"):
        c.add(
            "action",
            a.pk,
            case=refs[a.incident_id],
            title=a.title,
            owner=c.person(a.owner),
            due=a.due_on,
            status=a.get_status_display(),
            completed=a.completed_at,
            notes=a.record.get("notes", "") if isinstance(a.record, dict) else "",
        )
    for item in EvidenceItem.objects.filter(incident_id__in=ids).order_by("uploaded_at", "id"):
        name = f"evidence/{refs[item.incident_id]}-{item.pk}-{item.original_name}"
        c.add(
            "evidence_item",
            item.pk,
            case=refs[item.incident_id],
            file=item.original_name,
            type=item.get_content_type_display(),
            sha256=item.sha256,
            captured=item.captured_at,
            platform=item.get_platform_display(),
            author_shown=item.author_shown,
            grounds=item.grounds,
            text_read=item.ocr_text,
        )
        c.files.append(
            FileRef(
                name,
                "evidence_item",
                item.pk,
                f"{item.original_name} ({item.get_content_type_display()})",
                _evidence_opener(item.storage_name),
                image=True,
            )
        )
    for letter in Letter.objects.filter(incident_id__in=ids).select_related("recipient_guardian"):
        _letter(c, letter, refs[letter.incident_id], own=letter.recipient_guardian_id in own_to)
    for record in BullyingRecord.objects.filter(incident_id__in=ids):
        c.add(
            "bullying_record",
            record.pk,
            case=refs[record.incident_id],
            judgement=record.get_judgement_display(),
            methods=record.method_labels,
            motivations=record.motivation_labels,
            interventions=record.intervention_labels,
            how_addressed=record.addressed_note,
            outcome=record.get_outcome_display(),
        )


def _evidence_opener(storage_name: str):
    def opener():
        from socialsafe.evidence.storage import evidence_storage

        return evidence_storage().open(storage_name, "rb")

    return opener


def _letter(c: Collected, letter: Letter, case_ref: str, own: bool = False) -> None:
    c.add(
        "letter",
        letter.pk,
        case=case_ref,
        subject=letter.subject,
        to=c.person(letter.recipient_guardian) or letter.recipient_name,
        issued=letter.issued_at,
        delivered=letter.delivery_label,
        text=letter.text,
    )
    if own and letter.pdf:
        # A letter sent to the person is theirs as it was sent; others' letters appear as (redacted) text only.
        pdf = letter.pdf
        c.files.append(
            FileRef(f"letters/{letter.file_stem}.pdf", "letter", letter.pk, letter.subject, lambda: pdf.open("rb"))
        )


def _concerns(c: Collected, concerns, *, own: bool) -> None:
    """Concerns with their replies and history. Another person's concern (about the subject's case) is shown
    without its author's email address, and its author's name is redacted like anyone else's."""
    for concern in concerns.select_related("guardian").prefetch_related("events", "messages").order_by("created_at"):
        c.add(
            "concern",
            concern.pk,
            reference=concern.reference,
            name=c.person(concern.guardian) if concern.guardian_id else concern.name,
            email=concern.email if own else "",
            topic=concern.get_topic_display(),
            what_happened=concern.what_happened,
            wanted_outcome=concern.wanted_outcome,
            status=concern.get_status_display(),
            raised=concern.created_at,
        )
        for m in concern.messages.all():
            # A parent's answer may have no author (it came by the concern's secret link): its signature stands.
            c.add(
                "concern_message",
                m.pk,
                concern=concern.reference,
                at=m.at,
                sent_by=m.get_sender_display(),
                signed=m.author_name,
                text=m.text,
            )
        for e in concern.events.all():
            c.add("concern_event", e.pk, concern=concern.reference, at=e.at, status=e.get_status_display(), text=e.text)


def _audit(c: Collected, school, user, *, whole_school: bool) -> None:
    if user is None:
        return
    q = Q(verb__startswith="account.", school__isnull=True) | Q(school=school)
    events = (
        AuditEvent.objects.filter(q, actor=user)
        if whole_school
        else AuditEvent.objects.filter(actor=user, verb__startswith="account.")
    )
    for e in events.order_by("at", "id").only("id", "at", "verb", "target_repr", "ip_address"):
        c.add("audit_event", e.pk, at=e.at, what=e.verb, about=e.target_repr, address=e.ip_address or "")


def collect(sar: SubjectAccessRequest) -> Collected:
    """Every record about the request's subject, in the school of the request only."""
    school, members = sar.school, {}
    if sar.subject_kind == SubjectKind.PUPIL:
        c = _pupil(sar.subject_pupil, school, members)
    elif sar.subject_kind == SubjectKind.GUARDIAN:
        c = _guardian(sar.subject_guardian, school, members)
    else:
        c = _member(sar.subject_member, school, members)
    _people_in_text(c, school)
    return c


def _people_in_text(c: Collected, school) -> None:
    """Add the people a record names only in its text: the families of the children and parents it names, and any
    pupil or parent of the school whose full name is written out (a note that names another child's mother)."""
    pupil_ids = [pk for (k, pk) in c.people if k == PUPIL]
    guardian_ids = [pk for (k, pk) in c.people if k == GUARDIAN]
    for g in Guardian.objects.filter(school=school, pupils__in=pupil_ids).distinct():
        c.person(g)
    for p in Pupil.objects.filter(school=school, guardians__in=guardian_ids).distinct():
        c.person(p)
    text = "\n".join(v for r in c.records for v in r["fields"].values()).casefold()
    if not text:
        return
    for model in (Pupil, Guardian):
        for person in model.objects.filter(school=school).only("id", "first_name", "last_name"):
            if f"{person.first_name} {person.last_name}".casefold() in text:
                c.person(model.objects.get(pk=person.pk))


def _pupil(pupil: Pupil, school, members) -> Collected:
    c = Collected(subject_ref=(PUPIL, pupil.pk))
    guardians = list(pupil.guardians.all())
    c.family = {(GUARDIAN, g.pk) for g in guardians}
    c.add(
        "pupil",
        pupil.pk,
        name=pupil.full_name,
        reference=pupil.reference,
        date_of_birth=pupil.date_of_birth,
        school_class=pupil.school_class.name,
        left_on=pupil.left_on,
    )
    for link in pupil.guardian_links.select_related("guardian"):
        c.add(
            "parent_or_carer",
            link.pk,
            name=c.person(link.guardian),
            relationship=link.get_relationship_display(),
            parental_responsibility=link.parental_responsibility,
        )
    cases = Incident.objects.filter(school=school).filter(
        Q(target_pupil=pupil) | Q(responsible_pupil=pupil) | Q(on_behalf_of=pupil)
    )
    _cases(c, school, cases, members, own_to={g.pk for g in guardians})
    _concerns(c, Concern.objects.filter(school=school, incident__in=cases), own=False)
    for ban in IctBan.objects.filter(school=school, pupil=pupil).select_related("incident"):
        c.add(
            "ict_ban",
            ban.pk,
            case=ban.incident.reference,
            reason=ban.reason,
            starts=ban.starts_on,
            ends=ban.ends_on,
            state=ban.state_label,
            reinstate_note=ban.reinstate_note,
        )
    for consent in PhotoConsent.objects.filter(school=school, pupil=pupil).select_related("guardian"):
        c.add(
            "photo_consent",
            consent.pk,
            may_publish=consent.may_publish,
            given_by=c.person(consent.guardian),
            at=consent.at,
        )
    return c


def _guardian(g: Guardian, school, members) -> Collected:
    c = Collected(subject_ref=(GUARDIAN, g.pk))
    children = list(g.pupils.all())
    c.family = {(PUPIL, p.pk) for p in children}
    c.add("parent_or_carer", g.pk, name=g.display_name, email=g.email, phone=g.phone, has_account=bool(g.user_id))
    for link in g.links.select_related("pupil__school_class"):
        c.add(
            "child",
            link.pk,
            name=c.person(link.pupil),
            school_class=link.pupil.school_class.name,
            relationship=link.get_relationship_display(),
        )
    # Cases in which they are named as responsible, and letters to them: theirs.
    cases = Incident.objects.filter(school=school, responsible_guardian=g)
    _cases(c, school, cases, members, own_to={g.pk})
    letters = Letter.objects.filter(school=school, recipient_guardian=g).exclude(incident__in=cases)
    for letter in letters.select_related("incident", "recipient_guardian"):
        _letter(c, letter, letter.incident.reference, own=True)
    concerns = Concern.objects.filter(school=school).filter(
        Q(guardian=g) | (Q(email__iexact=g.email) if g.email else Q(pk__in=[]))
    )
    _concerns(c, concerns, own=True)
    for ban in PremisesBan.objects.filter(school=school, guardian=g).select_related("incident"):
        c.add(
            "premises_bar",
            ban.pk,
            case=ban.incident.reference,
            reason=ban.reason,
            starts=ban.starts_on,
            ends=ban.ends_on,
            review=ban.review_on,
            state=ban.state_label,
            lift_reason=ban.lift_reason,
        )
    acks = Acknowledgement.objects.filter(Q(guardian=g) | (Q(user=g.user) if g.user_id else Q(pk__in=[])))
    for ack in acks.filter(version__document__school=school).select_related("version__document"):
        c.add("acknowledgement", ack.pk, document=str(ack.version), at=ack.at)
    for consent in PhotoConsent.objects.filter(school=school, guardian=g).select_related("pupil"):
        c.add(
            "photo_consent", consent.pk, child=c.person(consent.pupil), may_publish=consent.may_publish, at=consent.at
        )
    for invite in ParentInvite.objects.filter(guardian=g):
        c.add("invite", invite.pk, email=invite.email, at=invite.at)
    _family_invitations(c, g, school)
    _audit(c, school, g.user, whole_school=False)
    return c


def _member(m: Member, school, members) -> Collected:
    c = Collected(subject_ref=(MEMBER, m.pk))
    c.add(
        "member",
        m.pk,
        name=m.display_name,
        email=m.user.email,
        job_title=m.job_title,
        roles=m.role_labels,
        active=m.is_active,
    )
    cases = Incident.objects.filter(school=school).filter(
        Q(reported_by=m.user) | Q(target_member=m) | Q(responsible_member=m) | Q(handler=m)
    )
    _cases(c, school, cases, members)
    for acct in TeachingAccount.objects.filter(school=school, requested_by=m):
        c.add(
            "teaching_account_request",
            acct.pk,
            service=acct.service,
            name=acct.name,
            purpose=acct.purpose,
            requested=acct.requested_at,
            status=acct.get_status_display(),
            decision_note=acct.decision_note,
        )
    acks = Acknowledgement.objects.filter(Q(member=m) | Q(user=m.user), version__document__school=school)
    for ack in acks.select_related("version__document"):
        c.add("acknowledgement", ack.pk, document=str(ack.version), at=ack.at)
    _post_questions(c, m, school, members)
    _attestations(c, m, school)
    _audit(c, school, m.user, whole_school=True)
    return c


# --- issue 18 (dpcover): the check-before-you-post page's requests, staff attestations, family invitations


def _photo(c: Collected, record_type: str, row, description: str) -> None:
    """A draft's photo, copied only as evidence files are (an image is not redacted: the Principal ticks it)."""
    if not row.photo:
        return
    photo = row.photo
    c.files.append(
        FileRef(f"photos/{record_type}-{row.pk}", record_type, row.pk, description, lambda: photo.open("rb"), True)
    )


def _post_questions(c: Collected, m: Member, school, members: dict) -> None:
    """What the member sent the Principal from the check-before-you-post page, with the answers."""
    for a in AdviceRequest.objects.filter(school=school, requested_by=m).select_related("answered_by"):
        c.add(
            "advice_request",
            a.pk,
            asked=a.requested_at,
            draft=a.text,
            question=a.question,
            warnings=[w.get("title", "") if isinstance(w, dict) else str(w) for w in a.warnings],
            photo="Yes" if a.photo else "No",
            status=a.get_status_display(),
            answer=a.answer,
            answered_by=_user_name(c, school, a.answered_by, members),
            answered=a.answered_at,
        )
        _photo(c, "advice_request", a, f"Photo sent with a question about a post, {_text(a.requested_at)}")
    posts = OfficialPostRequest.objects.filter(school=school, requested_by=m).select_related("decided_by")
    for p in posts.prefetch_related("accounts"):
        c.add(
            "official_post_request",
            p.pk,
            proposed=p.requested_at,
            text=p.text,
            accounts=[f"{a.service}: {a.name}" for a in p.accounts.all()],
            photo="Yes" if p.photo else "No",
            status=p.get_status_display(),
            decided_by=_user_name(c, school, p.decided_by, members),
            decided=p.decided_at,
            note=p.note,
        )
        _photo(c, "official_post_request", p, f"Photo proposed for the official accounts, {_text(p.requested_at)}")


def _attestations(c: Collected, m: Member, school) -> None:
    for a in StaffAttestation.objects.filter(school=school, member=m).select_related("version__document"):
        c.add(
            "staff_attestation",
            a.pk,
            school_year=f"{a.school_year:%Y}-{a.school_year.year + 1}",
            guidance=str(a.version),
            settings_checked=a.privacy_checked,
            at=a.at,
        )
    for r in AttestationReminder.objects.filter(school=school, member=m):
        c.add("attestation_reminder", r.pk, school_year=f"{r.school_year:%Y}-{r.school_year.year + 1}", sent=r.at)


def _family_invitations(c: Collected, g: Guardian, school) -> None:
    """The invitations to read and acknowledge the policy, and the acknowledgements made by their codes. The code
    itself is not kept, and its hash is no one's personal data: neither is shown."""
    rows = FamilyInvitation.objects.filter(school=school, guardian=g).prefetch_related("pupils", "versions")
    for inv in rows.order_by("created_at", "id"):
        c.add(
            "family_invitation",
            inv.pk,
            children=[c.person(p) for p in inv.pupils.all()],
            documents=[str(v) for v in inv.versions.all()],
            sent_by=inv.get_channel_display(),
            made=inv.created_at,
            sent=inv.sent_at,
            not_sent=inv.failed,
        )
        if inv.acknowledged_at:
            c.add(
                "family_acknowledgement",
                inv.pk,
                documents=[str(v) for v in inv.versions.all()],
                how="By the code on the invitation",
                at=inv.acknowledged_at,
            )
