"""Every step of a record transfer; each write is atomic and audited. The package format is in package.py."""

import datetime as dt
import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.timezone import localdate, localtime, now

from socialsafe.audit.services import audit_record
from socialsafe.evidence import validate
from socialsafe.evidence.models import CustodyAction
from socialsafe.evidence.services import Metadata, custody_record, evidence_add
from socialsafe.evidence.storage import TEMP_PREFIX, evidence_storage, incoming_dir
from socialsafe.evidence.upload import HEAD_BYTES, VaultUpload
from socialsafe.incidents.models import FACT_FIELDS, BullyingRecord, Entry, Incident, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report, timeline_add
from socialsafe.lib import crypto
from socialsafe.lib.dates import add_working_days
from socialsafe.lib.mail import email_on_commit
from socialsafe.lib.pdf import html_to_pdf
from socialsafe.retention.services import transferred_cases_queue
from socialsafe.schools.models import Member, Pupil, School, SchoolClass
from socialsafe.schools.roles import Role
from socialsafe.transfers import package
from socialsafe.transfers.models import PupilTransfer, ReceivedTransfer, TransferStatus

# Northern Ireland's DE guidance asks that child-protection records follow the pupil to the new school promptly.
# 10 school days (about 15 calendar days) is our working figure; the school or the EA may change it. To be
# confirmed by the Authority's DPO.
TRANSFER_SCHOOL_DAYS = 10

# Who sends and receives records: the designated teacher first, the Principal if there is none.
TRANSFER_ROLES = (Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER, Role.PRINCIPAL)


class TransferRefused(Exception):
    """The step cannot be done; the message says why, for the person who asked."""


def transfers_dir() -> Path:
    path = Path(settings.VAR_DIR) / "transfers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def signing_key():
    return package.load_signing_key(Path(settings.VAR_DIR))


def installation_fingerprint() -> str:
    """This installation's public-key fingerprint, to read to the other school by phone."""
    return package.fingerprint(package.public_key_text(signing_key()))


def cases_of(pupil: Pupil):
    """The cases in which the pupil is a person involved: the target, the one responsible, or reported for.

    An allegation about a member of staff's suitability stays at the school: it is the colleague's record, known
    only to those on its route, and is passed on (if at all) by the designated teacher through CPSS, not in a
    pupil's file."""
    return Incident.objects.filter(
        Q(target_pupil=pupil) | Q(responsible_pupil=pupil) | Q(on_behalf_of=pupil), school=pupil.school_id
    ).exclude(suitability_allegation=True)


def sender_for(school: School) -> Member | None:
    """The designated teacher, else the deputy, else the Principal: the one asked to send the records."""
    for role in TRANSFER_ROLES:
        member = Member.objects.filter(school=school, is_active=True, roles__role=role).select_related("user").first()
        if member is not None:
            return member
    return None


def _notify(member: Member | None, subject: str, template: str, context: dict) -> None:
    if member is not None:
        email_on_commit([member.user.email], subject, template, context, school=member.school)


@transaction.atomic
def transfer_open_for_leaver(*, pupil: Pupil, by) -> PupilTransfer | None:
    """A pupil has left: if they have records to send on, open the duty to send them, due in the timescale."""
    if not cases_of(pupil).exists():
        return None
    existing = PupilTransfer.objects.filter(pupil=pupil).first()
    if existing is not None:
        return existing
    start = pupil.left_on or localdate()
    transfer = PupilTransfer.objects.create(
        school=pupil.school, pupil=pupil, due_on=add_working_days(max(start, localdate()), TRANSFER_SCHOOL_DAYS)
    )
    audit_record(actor=by, verb="transfer.opened", target=transfer, school=pupil.school, data={"pupil": pupil.pk})
    _notify(
        sender_for(pupil.school),
        "Records to send to a leaver's new school",
        "transfers/email/opened.txt",
        {"transfer": transfer},
    )
    return transfer


@transaction.atomic
def pupil_mark_left(*, pupil: Pupil, left_on: dt.date, by) -> PupilTransfer | None:
    """Record by hand that a pupil has left (a roster import does it from date_left), then open the transfer."""
    # The one place outside the schools app that sets left_on: a leaver recorded on the transfers page.
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if pupil.left_on is not None:
        raise TransferRefused(f"{pupil.full_name} is already recorded as having left on {pupil.left_on:%-d %b %Y}.")
    pupil.left_on = left_on
    pupil.save(update_fields=["left_on"])
    audit_record(actor=by, verb="pupil.left", target=pupil, school=pupil.school, data={"left_on": str(left_on)})
    return transfer_open_for_leaver(pupil=pupil, by=by)


# --- making the package ---


def _person(value) -> str:
    return str(value) if value else ""


def _case_record(incident: Incident, pupil: Pupil, n: int) -> tuple[dict, list[package.PackageFile]]:
    files: list[package.PackageFile] = []
    evidence = []
    for item in incident.evidence_items.order_by("id"):
        path = f"cases/{n}/evidence/{item.pk}-{item.sha256[:12]}"
        name = item.storage_name
        files.append(package.PackageFile(path, lambda name=name: evidence_storage().open(name, "rb"), item.sha256))
        evidence.append(
            {
                "path": path,
                "original_name": item.original_name,
                "sha256": item.sha256,
                "size": item.size,
                "content_type": item.content_type,
                "captured_at": item.captured_at.isoformat(),
                "captured_by": item.captured_by,
                "posted_at": item.posted_at.isoformat() if item.posted_at else None,
                "platform": item.platform,
                "url": item.url,
                "author_shown": item.author_shown,
                "grounds": item.grounds,
            }
        )
    letters = []
    for letter in incident.letters.order_by("id"):
        path = f"cases/{n}/letters/{letter.pk}.pdf"
        field = letter.pdf
        files.append(package.PackageFile(path, lambda field=field: field.open("rb"), letter.pdf_sha256))
        letters.append(
            {
                "path": path,
                "subject": letter.subject,
                "kind": letter.get_kind_display(),
                "recipient_name": letter.recipient_name,
                "issued_at": letter.issued_at.isoformat(),
                "sha256": letter.pdf_sha256,
            }
        )
    bullying = BullyingRecord.objects.filter(incident=incident).first()
    record = {
        "reference": incident.reference,
        "pupil_is": [
            role
            for role, pk in (
                ("target", incident.target_pupil_id),
                ("responsible", incident.responsible_pupil_id),
                ("reported for", incident.on_behalf_of_id),
            )
            if pk == pupil.pk
        ],
        "kind": incident.kind,
        "kind_label": incident.get_kind_display(),
        "summary": incident.summary,
        "description": incident.description,
        "occurred_at": incident.occurred_at.isoformat(),
        "reported_at": incident.reported_at.isoformat(),
        "out_of_hours": incident.out_of_hours,
        "grounds": list(incident.grounds),
        "platform": incident.platform,
        "url": incident.url,
        "target_kind": incident.target_kind,
        "target": incident.target_display,
        "responsible_kind": incident.responsible_kind,
        "responsible": incident.responsible_display,
        "status": incident.get_status_display(),
        "outcome": incident.get_outcome_display() if incident.outcome else "",
        "outcome_note": incident.outcome_note,
        "facts": {name: getattr(incident, name) for name in FACT_FIELDS},
        "timeline": [
            {"at": e.at.isoformat(), "kind": e.get_kind_display(), "text": e.text, "by": _person(e.actor)}
            for e in incident.timeline.select_related("actor").order_by("at", "id")
        ],
        "actions": [
            {
                "title": a.title,
                "owner": str(a.owner),
                "due_on": a.due_on.isoformat(),
                "status": a.get_status_display(),
                "completed_at": a.completed_at.isoformat() if a.completed_at else None,
            }
            for a in incident.actions.select_related("owner").order_by("id")
        ],
        "bullying_record": None
        if bullying is None
        else {
            "judgement": bullying.get_judgement_display(),
            "methods": bullying.methods,
            "motivations": bullying.motivations,
            "level": bullying.get_level_display(),
            "interventions": bullying.interventions,
            "addressed_note": bullying.addressed_note,
            "outcome": bullying.get_outcome_display(),
        },
        "evidence": evidence,
        "letters": letters,
    }
    return record, files


def _role_label(user, school: School) -> str:
    roles = {r.role for r in Member.objects.get(user=user, school=school).roles.all()}
    return next((Role(r).label for r in TRANSFER_ROLES if r in roles), "Staff")


@transaction.atomic
def transfer_package(*, transfer: PupilTransfer, by, recipient_school: School | None, recipient_name: str = ""):
    """Make the encrypted, signed package; return (transfer, transfer code). The code is shown once, never stored
    in the clear (a send within this installation keeps it sealed under the data key)."""
    transfer = PupilTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status == TransferStatus.RECEIVED:
        raise TransferRefused("The new school has already received these records.")
    if recipient_school is not None and recipient_school.pk == transfer.school_id:
        raise TransferRefused("Choose the pupil's new school, not this one.")
    if recipient_school is None and not recipient_name.strip():
        raise TransferRefused("Choose the new school, or type its name if it does not use this installation.")
    pupil, school = transfer.pupil, transfer.school
    package_id = uuid.uuid4()
    records, files = [], []
    for n, incident in enumerate(cases_of(pupil).order_by("reported_at", "id"), start=1):
        record, case_files = _case_record(incident, pupil, n)
        records.append(record)
        files += case_files
    recipient = recipient_school.name if recipient_school else recipient_name.strip()
    member = Member.objects.get(user=by, school=school)
    manifest = {
        "package_id": str(package_id),
        "sender_school": {"name": school.name, "slug": school.slug, "de_reference": ""},
        "recipient_school": {"name": recipient, "slug": recipient_school.slug if recipient_school else ""},
        "pupil": {
            "first_name": pupil.first_name,
            "last_name": pupil.last_name,
            "date_of_birth": pupil.date_of_birth.isoformat(),
            "upn": "",
            "left_on": pupil.left_on.isoformat() if pupil.left_on else None,
        },
        "created_at": now().isoformat(),
        "created_by": {"name": member.display_name, "role": _role_label(by, school)},
    }
    summary = html_to_pdf(
        render_to_string("transfers/summary_pdf.html", {"manifest": manifest, "cases": records, "pupil": pupil})
    )
    key = package.new_code()
    name = f"{package_id}.sstransfer"
    final = transfers_dir() / name
    fd, tmp = tempfile.mkstemp(prefix="making-", dir=transfers_dir())
    try:
        with os.fdopen(fd, "wb") as out:
            written = package.write_package(
                out,
                key=key,
                signing_key=signing_key(),
                manifest=manifest,
                records={"cases": records},
                summary_pdf=summary,
                files=files,
                tmp_dir=transfers_dir(),
            )
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, final)
    except package.PackageError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise TransferRefused(str(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    old = transfer.package_name
    transfer.recipient_school, transfer.recipient_name = recipient_school, recipient
    transfer.package_id, transfer.manifest_sha256 = package_id, written.manifest_sha256
    transfer.package_sha256, transfer.package_name = _sha256_file(final), name
    transfer.sealed_code = crypto.encrypt_bytes(key) if recipient_school else b""
    transfer.status, transfer.packaged_at, transfer.packaged_by, transfer.sent_at = (
        TransferStatus.PACKAGED,
        now(),
        by,
        None,
    )
    transfer.save()
    if old and old != name:
        transaction.on_commit(lambda: (transfers_dir() / old).unlink(missing_ok=True))  # a newer package replaces it
    audit_record(
        actor=by,
        verb="transfer.packaged",
        target=transfer,
        school=school,
        data={"package_id": str(package_id), "files": len(written.manifest["files"]), "recipient": recipient},
    )
    return transfer, package.code_text(key)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in package.iter_blocks(f):
            digest.update(block)
    return digest.hexdigest()


def package_path(transfer: PupilTransfer) -> Path:
    return transfers_dir() / transfer.package_name


@transaction.atomic
def transfer_downloaded(*, transfer: PupilTransfer, by, request=None) -> None:
    """Record that the package file was downloaded (the view record of the download)."""
    audit_record(actor=by, verb="transfer.downloaded", target=transfer, school=transfer.school, request=request)


@transaction.atomic
def transfer_send(*, transfer: PupilTransfer, by) -> PupilTransfer:
    """Put the package in the receiving school's inbox (both schools in this installation)."""
    transfer = PupilTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.PACKAGED or transfer.recipient_school_id is None:
        raise TransferRefused("Make a package for a school in SocialSafe first, then send it.")
    transfer.status, transfer.sent_at = TransferStatus.SENT, now()
    transfer.save(update_fields=["status", "sent_at"])
    audit_record(actor=by, verb="transfer.sent", target=transfer, school=transfer.school)
    _notify(
        sender_for(transfer.recipient_school),
        "Records of a new pupil to accept",
        "transfers/email/sent.txt",
        {"transfer": transfer},
    )
    return transfer


def inbox_for(school: School):
    return PupilTransfer.objects.filter(recipient_school=school, status=TransferStatus.SENT).select_related(
        "pupil", "school"
    )


# --- importing at the receiving school ---


@dataclass
class PupilChoice:
    """Which pupil on the receiving school's roll the records are for: matched, chosen, or added to a class."""

    pupil: Pupil | None = None
    add_to_class: SchoolClass | None = None
    reference: str = ""


def _match_pupil(school: School, manifest: dict, choice: PupilChoice) -> Pupil:
    info = manifest["pupil"]
    born = dt.date.fromisoformat(info["date_of_birth"])
    if choice.pupil is not None:
        if choice.pupil.school_id != school.pk:
            raise TransferRefused("Choose a pupil of this school.")
        return choice.pupil
    if choice.add_to_class is not None:
        if choice.add_to_class.school_id != school.pk or not choice.reference.strip():
            raise TransferRefused("To add the pupil, choose one of this school's classes and give a pupil number.")
        pupil = Pupil(
            school=school,
            reference=choice.reference.strip(),
            first_name=info["first_name"],
            last_name=info["last_name"],
            date_of_birth=born,
            school_class=choice.add_to_class,
        )
        try:
            pupil.full_clean()
        except ValidationError as exc:
            raise TransferRefused(" ".join(exc.messages)) from None
        # Added here as the transfer's own step (the roster import takes whole files); audited below.
        pupil.save()
        return pupil
    same = Pupil.objects.filter(
        school=school,
        first_name__iexact=info["first_name"],
        last_name__iexact=info["last_name"],
        date_of_birth=born,
    )
    found = list(same[:2])
    if len(found) != 1:
        raise TransferRefused(
            f"No single pupil on this school's roll is {info['first_name']} {info['last_name']}, born "
            f"{born:%-d %b %Y}: choose the pupil, or add them to a class."
        )
    return found[0]


def _evidence_upload(opened: package.Opened, path: str, name: str) -> VaultUpload:
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
    digest, size, head = hashlib.sha256(), 0, b""
    with os.fdopen(fd, "wb") as out, opened.open_file(path) as src:
        for block in package.iter_blocks(src):
            digest.update(block)
            size += len(block)
            if len(head) < HEAD_BYTES:
                head += block[: HEAD_BYTES - len(head)]
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != opened.files[path]["sha256"]:  # checked once already; a second read must agree too
        Path(tmp).unlink(missing_ok=True)
        raise TransferRefused(f"{path} does not match its SHA-256 in the manifest.")
    return VaultUpload(path=Path(tmp), name=name, size=size, sha256=digest.hexdigest(), head=head)


def _import_case(*, school: School, pupil: Pupil, record: dict, opened: package.Opened, sender: str, by) -> Incident:
    is_target, is_responsible = "target" in record["pupil_is"], "responsible" in record["pupil_is"]
    fields = {
        "kind": record["kind"],
        "summary": f"Transferred from {sender}: {record['summary']}"[:200],
        "description": (
            f"Transferred from {sender} (their reference {record['reference']}).\n"
            f"Target: {record['target']}. Responsible: {record['responsible']}. "
            f"Status there: {record['status']}" + (f", outcome: {record['outcome']}" if record["outcome"] else "") + "."
            f"\n\n{record['description']}"
        ),
        "occurred_at": dt.datetime.fromisoformat(record["occurred_at"]),
        "out_of_hours": record["out_of_hours"],
        "grounds": record["grounds"],
        "platform": record["platform"],
        "url": record["url"],
        "target_kind": TargetKind.PUPIL if is_target else record["target_kind"],
        "target_pupil": pupil if is_target else None,
        "responsible_kind": ResponsibleKind.PUPIL if is_responsible else record["responsible_kind"],
        "responsible_pupil": pupil if is_responsible else None,
        "responsible_name": "" if is_responsible else record["responsible"][:200],
        "on_behalf_of": pupil if "reported for" in record["pupil_is"] else None,
        **{name: bool(record["facts"].get(name)) for name in FACT_FIELDS},
    }
    try:
        incident = incident_report(school=school, by=by, fields=fields)
    except ValidationError as exc:
        raise TransferRefused(f"Case {record['reference']} could not be recorded: {' '.join(exc.messages)}") from None
    lines = [f"{e['at'][:16].replace('T', ' ')} {e['kind']}: {e['text']}" for e in record["timeline"]]
    lines += [f"Action: {a['title']} ({a['owner']}, due {a['due_on']}): {a['status']}" for a in record["actions"]]
    if bullying := record["bullying_record"]:
        lines.append(f"Bullying record: {bullying['judgement']}; {bullying['level']}; {bullying['outcome']}.")
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.NOTE,
        text=f"The record as kept at {sender}:\n" + "\n".join(lines),
        data={"transferred_from": sender, "record": record},
    )
    for entry in record["evidence"] + [
        {**letter, "original_name": f"Letter {letter['subject']}.pdf"[:255]} for letter in record["letters"]
    ]:
        upload = _evidence_upload(opened, entry["path"], entry["original_name"])
        meta = Metadata(
            posted_at=dt.datetime.fromisoformat(entry["posted_at"]) if entry.get("posted_at") else None,
            captured_at=dt.datetime.fromisoformat(entry.get("captured_at") or entry["issued_at"]),
            captured_by=(entry.get("captured_by") or sender)[:150],
            platform=entry.get("platform") or record["platform"],
            url=entry.get("url", ""),
            author_shown=entry.get("author_shown", ""),
            grounds=entry.get("grounds") or f"Sent with the pupil's records by {sender}.",
        )
        try:
            item = evidence_add(incident=incident, by=by, upload=upload, meta=meta)
        except validate.Refused as exc:
            raise TransferRefused(f"{entry['path']} was refused by the evidence vault: {exc}") from None
        custody_record(
            item=item,
            by=by,
            action=CustodyAction.VERIFIED,
            note=f"Received by record transfer from {sender}, package {opened.wrapper['package_id']}; "
            f"SHA-256 checked against the signed manifest."[:300],
        )
    return incident


@transaction.atomic
def transfer_import(
    *,
    school: School,
    source,
    code: str,
    by,
    choice: PupilChoice | None = None,
    expected_fingerprint: str = "",
    tmp_dir: Path | None = None,
) -> ReceivedTransfer:
    """Verify a package (signature, ciphertext, code, manifest, every file), then create its records here, all in
    one transaction: any failure writes nothing."""
    try:
        opened = package.open_package(
            source, code=code, tmp_dir=tmp_dir or transfers_dir(), expected_fingerprint=expected_fingerprint
        )
    except package.PackageError as exc:
        raise TransferRefused(str(exc)) from None
    try:
        return _import_opened(school=school, opened=opened, by=by, choice=choice or PupilChoice())
    finally:
        opened.close()


def _import_opened(*, school: School, opened: package.Opened, by, choice: PupilChoice) -> ReceivedTransfer:
    manifest, package_id = opened.manifest, opened.wrapper["package_id"]
    recipient = manifest["recipient_school"]
    # Within one installation the slug names the school; from another, the name the sender typed.
    addressed_here = (
        recipient["slug"] == school.slug
        if recipient.get("slug")
        else (recipient["name"].strip().lower() == school.name.lower())
    )
    if not addressed_here:
        raise TransferRefused(f"This package is addressed to {recipient['name']}, not to {school.name}.")
    if ReceivedTransfer.objects.filter(package_id=package_id).exists():
        raise TransferRefused("This package has already been imported: it cannot be imported twice.")
    sender = manifest["sender_school"]["name"]
    pupil = _match_pupil(school, manifest, choice)
    incidents = [
        _import_case(school=school, pupil=pupil, record=record, opened=opened, sender=sender, by=by)
        for record in opened.records["cases"]
    ]
    member_role = _role_label(by, school)
    received_at = now()
    receipt = package.make_receipt(
        signing_key=signing_key(),
        fields={
            "package_id": package_id,
            "manifest_sha256": opened.wrapper["manifest_sha256"],
            "received_at": received_at.isoformat(),
            "received_by_role": member_role,
            "receiving_school": school.name,
        },
    )
    try:
        with transaction.atomic():
            received = ReceivedTransfer.objects.create(
                school=school,
                package_id=package_id,
                manifest_sha256=opened.wrapper["manifest_sha256"],
                sender_name=sender,
                sender_fingerprint=opened.fingerprint,
                pupil=pupil,
                incident_ids=[i.pk for i in incidents],
                files_verified=len(opened.files),
                received_at=received_at,
                received_by=by,
                received_by_role=member_role,
                receipt=receipt.decode(),
            )
    except IntegrityError:  # two imports of one package at once: the unique id lets only one through
        raise TransferRefused("This package has already been imported: it cannot be imported twice.") from None
    audit_record(
        actor=by,
        verb="transfer.imported",
        target=received,
        school=school,
        data={
            "package_id": package_id,
            "from": sender,
            "cases": len(incidents),
            "files_verified": len(opened.files),
            "pupil": pupil.pk,
            "added_pupil": choice.add_to_class is not None,
        },
    )
    return received


@transaction.atomic
def transfer_accept(*, transfer: PupilTransfer, school: School, by, choice: PupilChoice) -> ReceivedTransfer:
    """The receiving school accepts a package sent within this installation; the receipt is recorded at once."""
    transfer = PupilTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.recipient_school_id != school.pk or transfer.status != TransferStatus.SENT:
        raise TransferRefused("This transfer is no longer waiting to be accepted.")
    code = package.code_text(crypto.decrypt_bytes(bytes(transfer.sealed_code)))
    with package_path(transfer).open("rb") as source:
        # Made here, so it must carry this installation's own signature.
        received = transfer_import(
            school=school,
            source=source,
            code=code,
            by=by,
            choice=choice,
            expected_fingerprint=installation_fingerprint(),
        )
    _receipt_apply(transfer, package.read_receipt(received.receipt.encode()), by=by)
    return received


def _receipt_apply(transfer: PupilTransfer, receipt: dict, *, by) -> PupilTransfer:
    transfer.status = TransferStatus.RECEIVED
    transfer.received_at = dt.datetime.fromisoformat(receipt["received_at"])
    transfer.received_by_role = f"{receipt['received_by_role']}, {receipt['receiving_school']}"[:100]
    transfer.receipt = receipt
    transfer.sealed_code = b""  # no longer needed: the package has arrived
    transfer.save()
    audit_record(
        actor=by,
        verb="transfer.received",
        target=transfer,
        school=transfer.school,
        data={"package_id": receipt["package_id"], "by": transfer.received_by_role},
    )
    # The schedule keeps no copy of a transferred file here: the package goes once the new school has it, and the
    # Principal is asked to review this school's copies of the cases.
    package_file = package_path(transfer)
    transaction.on_commit(lambda: package_file.unlink(missing_ok=True))
    transferred_cases_queue(school=transfer.school, pupil=transfer.pupil)
    return transfer


@transaction.atomic
def receipt_record(*, school: School, data: bytes, by) -> PupilTransfer:
    """The sender uploads the receiving school's signed receipt: the transfer is then shown as received."""
    try:
        receipt = package.read_receipt(data)
    except package.PackageError as exc:
        raise TransferRefused(str(exc)) from None
    transfer = (
        PupilTransfer.objects.select_for_update().filter(school=school, package_id=receipt.get("package_id")).first()
    )
    if transfer is None:
        raise TransferRefused("This receipt is for a package this school did not make (or not its latest one).")
    if receipt["manifest_sha256"] != transfer.manifest_sha256:
        raise TransferRefused("This receipt names a different manifest from the package this school made.")
    if transfer.status == TransferStatus.RECEIVED:
        raise TransferRefused(f"This receipt was already recorded on {localtime(transfer.received_at):%-d %b %Y}.")
    return _receipt_apply(transfer, receipt, by=by)


def transferred_and_received(pupil: Pupil) -> bool:
    """Whether the pupil's records were sent on and the new school's receipt is recorded (for retention)."""
    return PupilTransfer.objects.filter(pupil=pupil, status=TransferStatus.RECEIVED).exists()


def transfer_reminders_send() -> int:
    """Remind the designated teacher (else the Principal) once a day of each transfer past its due date."""
    today = localdate()
    sent = 0
    due = PupilTransfer.objects.filter(
        status__in=[TransferStatus.DUE, TransferStatus.PACKAGED], due_on__lt=today
    ).exclude(reminded_on=today)
    for transfer in due.select_related("pupil", "school"):
        with transaction.atomic():
            PupilTransfer.objects.filter(pk=transfer.pk).update(reminded_on=today)
            member = sender_for(transfer.school)
            audit_record(
                actor=None,
                verb="transfer.reminded",
                target=transfer,
                school=transfer.school,
                data={"to": member.pk if member else None},
            )
            _notify(
                member,
                "Records overdue to a leaver's new school",
                "transfers/email/overdue.txt",
                {"transfer": transfer},
            )
        sent += 1
    return sent
