"""Letters: templates kept per school, letters issued from a case as PDF and Word, sent or posted."""

import datetime as dt
import hashlib
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.timezone import localdate, localtime, now

from socialsafe.audit.services import audit_record
from socialsafe.incidents import rules
from socialsafe.incidents.models import Entry, Incident, TakedownStage
from socialsafe.incidents.services import actions_fulfil, letter_record, takedown_add, timeline_add
from socialsafe.letters import documents, merge
from socialsafe.letters.defaults import DEFAULTS
from socialsafe.letters.models import Letter, LetterKind, LetterTemplate
from socialsafe.lib.mail import from_school
from socialsafe.registers.models import PremisesBan
from socialsafe.schools.models import Guardian, Member, School
from socialsafe.schools.roles import Role


def _d(day: dt.date | None) -> str:
    """A date as a letter writes it: 1 December 2026."""
    return f"{day:%-d %B %Y}" if day else ""


def letter_templates_ensure(*, school: School) -> list[LetterTemplate]:
    """The school's letter templates, creating the policy's defaults for any kind the school lacks."""
    have = set(LetterTemplate.objects.filter(school=school).values_list("kind", flat=True))
    missing = [
        LetterTemplate(school=school, kind=d.kind, name=d.name, subject=d.subject, body=d.body)
        for d in DEFAULTS
        if d.kind not in have
    ]
    if missing:
        LetterTemplate.objects.bulk_create(missing, ignore_conflicts=True)
    return list(LetterTemplate.objects.filter(school=school))


@transaction.atomic
def letter_template_update(*, template: LetterTemplate, by, subject: str, body: str) -> LetterTemplate:
    """Save the school's wording; refused when it uses anything but known merge fields."""
    merge.check(subject)
    merge.check(body)
    template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    template.subject, template.body, template.updated_at, template.updated_by = subject, body, now(), by
    template.full_clean()
    template.save()
    audit_record(actor=by, verb="letters.template_updated", target=template, school=template.school)
    return template


def _role_of(member: Member) -> str:
    return member.job_title or ", ".join(member.role_labels)


def _nature(incident: Incident) -> str:
    words = [str(label) for label in incident.content_labels]
    if incident.malicious_or_fictitious:
        words.append("malicious")
    words = [w.split(" (")[0] for w in words]
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _platform(incident: Incident) -> str:
    """The site's name as a letter says it; for "other", the site the link points at (reddit.com)."""
    if incident.platform == "none":
        return ""
    if incident.platform == "other":
        host = urlparse(incident.url).hostname or "" if incident.url else ""
        return host.removeprefix("www.")
    return incident.get_platform_display()


def letter_values(
    *,
    incident: Incident,
    names: str = "",
    recipient_name: str = "",
    note_taker: Member | None = None,
    premises_ban: PremisesBan | None = None,
    meeting_date: dt.date | None = None,
    event_words: str = "an event",
    raise_with: str = "me",
) -> dict[str, str]:
    """Every merge field's value from the case, the school and the choices made; "" where there is none."""
    school = incident.school
    # Who signs: the Principal, or the Chair of Governors on a case the policy takes to the Governors.
    signer_role = rules.letter_signer_role(incident.route)
    principal = Member.objects.filter(school=school, is_active=True, roles__role=signer_role).order_by("id").first()
    signer_title = "Principal" if signer_role == Role.PRINCIPAL else "Chair of Governors"
    pupil = incident.target_pupil or incident.responsible_pupil or incident.on_behalf_of
    return {
        "parent_names": names.strip(),
        "recipient_name": recipient_name.strip() or names.strip(),
        "platform": _platform(incident),
        "comments_date": _d(localtime(incident.occurred_at).date()) if incident.occurred_at else "",
        "nature": _nature(incident),
        "note_taker_name": note_taker.display_name if note_taker else "",
        "note_taker_role": _role_of(note_taker) if note_taker else "",
        "principal_name": principal.display_name if principal else "",
        "principal_role": (principal.job_title if signer_role == Role.PRINCIPAL else "") or signer_title
        if principal
        else "",
        "school_name": school.name,
        "school_address": ", ".join(line.strip() for line in school.address.splitlines() if line.strip()),
        "today": _d(localdate()),
        "reference": incident.reference,
        "pupil_name": pupil.full_name if pupil else "",
        "licence_start": _d(premises_ban.starts_on) if premises_ban else "",
        "licence_end": _d(premises_ban.ends_on) if premises_ban else "",
        "licence_review": _d(premises_ban.review_on) if premises_ban else "",
        "meeting_date": _d(meeting_date),
        # The model letter's own alternatives: "an event [events]", "with me [or the class teacher]".
        "event_words": event_words,
        "raise_with": raise_with,
    }


def letter_layout(
    *, school: School, values: dict[str, str], recipient_name: str, recipient_address: str, subject: str, body: str
) -> documents.Layout:
    """What goes on the page around the filled-in text."""
    contact = " · ".join(part for part in (school.phone, school.email, school.website) if part)
    return documents.Layout(
        school_name=school.name,
        school_address=school.address,
        school_contact=contact,
        today=values["today"],
        reference=values["reference"],
        recipient_name=recipient_name,
        recipient_address=recipient_address,
        subject=subject,
        body=body,
        logo=documents.logo_path(),
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def letter_issue(
    *,
    incident: Incident,
    by,
    template: LetterTemplate,
    subject: str,
    source: str,
    values: dict[str, str],
    recipient_guardian: Guardian | None,
    recipient_name: str,
    recipient_address: str = "",
    premises_ban: PremisesBan | None = None,
) -> Letter:
    """Fill the letter, make its PDF and Word files, keep them with their hashes and put it on the timeline."""
    if template.school_id != incident.school_id:
        raise ValidationError("That template belongs to another school.")
    if recipient_guardian is not None and recipient_guardian.school_id != incident.school_id:
        raise ValidationError("The parent or carer must belong to this school.")
    if premises_ban is not None and premises_ban.incident_id != incident.pk:
        raise ValidationError("That premises register entry belongs to another case.")
    if not recipient_name.strip():
        raise ValidationError("Choose or type who the letter is addressed to.")
    subject_text = merge.render(subject, values)
    text = merge.render(source, values)
    layout = letter_layout(
        school=incident.school,
        values=values,
        recipient_name=recipient_name.strip(),
        recipient_address=recipient_address,
        subject=subject_text,
        body=text,
    )
    pdf, docx = documents.pdf_bytes(layout), documents.docx_bytes(layout)
    letter = Letter(
        school=incident.school,
        incident=incident,
        template=template,
        kind=template.kind,
        subject=subject_text,
        recipient_guardian=recipient_guardian,
        recipient_name=recipient_name.strip(),
        recipient_address=recipient_address.strip(),
        premises_ban=premises_ban,
        source=source,
        text=text,
        values=values,
        pdf_sha256=_sha256(pdf),
        docx_sha256=_sha256(docx),
        issued_by=by,
    )
    stem = f"{incident.reference}-{template.kind}-{now():%Y%m%d%H%M%S}"
    letter.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    letter.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    letter.save()
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Letter issued to {letter.recipient_name}: {letter.subject}. "
        f"PDF SHA-256 {letter.pdf_sha256}; Word SHA-256 {letter.docx_sha256}.",
        data={"letter": letter.pk, "pdf_sha256": letter.pdf_sha256, "docx_sha256": letter.docx_sha256},
    )
    audit_record(
        actor=by,
        verb="letters.issued",
        target=letter,
        school=incident.school,
        data={"pdf_sha256": letter.pdf_sha256, "docx_sha256": letter.docx_sha256},
    )
    if letter.kind == LetterKind.INVITATION:
        actions_fulfil(incident=incident, by=by, record=rules.INVITATION_ISSUED, data=letter_record(letter))
    elif letter.kind == LetterKind.REMOVAL_REQUEST:
        # Asking by letter is the takedown tracker's first step, and completes the removal request.
        takedown_add(
            incident=incident,
            by=by,
            stage=TakedownStage.ASKED_POSTER,
            on=localdate(),
            note=f"By letter to {letter.recipient_name}.",
        )
    return letter


@transaction.atomic
def letter_send(*, letter: Letter, by, to: str) -> Letter:
    """Email the letter as a PDF attachment (after commit) and record it on the case."""
    letter = Letter.objects.select_for_update(of=("self",)).select_related("incident", "school").get(pk=letter.pk)
    letter.emailed_to, letter.emailed_at = to, now()
    letter.save(update_fields=["emailed_to", "emailed_at"])
    timeline_add(
        incident=letter.incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Letter emailed to {to}: {letter.subject}.",
        data={"letter": letter.pk, "to": to},
    )
    audit_record(actor=by, verb="letters.emailed", target=letter, school=letter.school, data={"to": to})
    with letter.pdf.open("rb") as f:
        attachment = f.read()
    school = letter.school
    body = (
        f"Dear {letter.recipient_name},\n\nPlease find attached a letter from {school.name}: {letter.subject}.\n\n"
        f"{school.name}\n{school.address}\n"
    )

    def send() -> None:
        message = EmailMessage(
            f"{school.name}: {letter.subject}",
            body,
            from_school(school),
            [to],
            reply_to=[school.email] if school.email else None,
        )
        message.attach(f"{letter.file_stem}.pdf", attachment, "application/pdf")
        message.send()

    transaction.on_commit(send)
    return letter


@transaction.atomic
def letter_mark_posted(*, letter: Letter, by) -> Letter:
    """Record that the letter was printed and posted."""
    letter = Letter.objects.select_for_update(of=("self",)).select_related("incident", "school").get(pk=letter.pk)
    if letter.posted_at:
        raise ValidationError("This letter is already recorded as posted.")
    letter.posted_at, letter.posted_by = now(), by
    letter.save(update_fields=["posted_at", "posted_by"])
    timeline_add(
        incident=letter.incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Letter printed and posted to {letter.recipient_name}: {letter.subject}.",
        data={"letter": letter.pk},
    )
    audit_record(actor=by, verb="letters.posted", target=letter, school=letter.school)
    return letter


def letter_downloaded(*, letter: Letter, by, fmt: str, request=None) -> None:
    """Log a download of a letter: it is personal data about a family."""
    audit_record(actor=by, verb=f"letters.downloaded.{fmt}", target=letter, school=letter.school, request=request)


def letter_viewed(*, letter: Letter, by, request=None) -> None:
    """Log that someone read a letter on screen."""
    audit_record(actor=by, verb="letters.viewed", target=letter, school=letter.school, request=request)
