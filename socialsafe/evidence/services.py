import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.timezone import localtime, now

from socialsafe.audit.services import audit_record
from socialsafe.evidence import validate
from socialsafe.evidence.models import IMAGE_TYPES, Bundle, CustodyAction, CustodyEvent, EvidenceItem, OcrStatus
from socialsafe.evidence.storage import (
    TEMP_PREFIX,
    evidence_storage,
    incoming_dir,
    plaintext_sha256,
    store_durably,
)
from socialsafe.evidence.upload import HEAD_BYTES, VaultUpload
from socialsafe.incidents import rules
from socialsafe.incidents.chronology import chronology_pdf
from socialsafe.incidents.models import Incident
from socialsafe.incidents.services import actions_fulfil, evidence_record, timeline_add
from socialsafe.lib.crypto import DecryptionError, EncryptingWriter, HashingWriter, keyring
from socialsafe.lib.crypto_storage import write_encrypted
from socialsafe.lib.pdf import html_to_pdf

ACTIVE_CONTENT_NOTE = (
    "Files marked active_content can contain scripts or other active content (an SVG, HTML or XML file, or a PDF "
    "with JavaScript). They are kept exactly as received; open them only in a safe viewer, never in a web browser."
)


@dataclass
class Metadata:
    posted_at: dt.datetime | None
    captured_at: dt.datetime
    captured_by: str
    platform: str
    url: str
    author_shown: str
    grounds: str


def custody_record(*, item: EvidenceItem, by, action: str, note: str = "") -> CustodyEvent:
    """Add a link to the item's chain of custody."""
    return CustodyEvent.objects.create(item=item, actor=by, action=action, note=note)


def evidence_add(*, incident: Incident, by, upload: VaultUpload, meta: Metadata) -> EvidenceItem:
    """Check a received file, move it into the vault, then record it; a refused file leaves nothing behind."""
    try:
        file_type = validate.detect_type(upload.head)
        if file_type is None:
            raise validate.Refused(validate.refusal_for_unknown(upload.name, upload.head))
        validate.check_name(upload.name, file_type)
        validate.check(upload.path, file_type, upload.name)
        # The file is complete and fsynced before it is published, and published before the row exists.
        name = store_durably(tmp_path=upload.path, sha256=upload.sha256)
    except BaseException:
        upload.discard()
        raise
    with transaction.atomic():
        item = EvidenceItem.objects.create(
            school=incident.school,
            incident=incident,
            sha256=upload.sha256,
            size=upload.size,
            content_type=file_type,
            storage_name=name,
            original_name=upload.name[:255],
            uploaded_by=by,
            ocr_status=OcrStatus.PENDING if file_type in IMAGE_TYPES else OcrStatus.NOT_NEEDED,
            **meta.__dict__,
        )
        custody_record(item=item, by=by, action=CustodyAction.UPLOADED, note=f"SHA-256 {item.sha256}")
        timeline_add(
            incident=incident,
            by=by,
            kind="evidence",
            text=f"Evidence added: {item.original_name} ({item.get_content_type_display()}, {item.size:,} bytes), "
            f"SHA-256 {item.sha256}. Captured {localtime(item.captured_at):%d %b %Y %H:%M} by {item.captured_by}.",
            data={"evidence_id": item.pk, "sha256": item.sha256},
        )
        audit_record(actor=by, verb="evidence.added", target=item, school=incident.school)
        if item.grounds.strip() and item.captured_at:
            # A screenshot with its date, time and grounds is what the policy asks for: it completes the action.
            actions_fulfil(incident=incident, by=by, record=rules.EVIDENCE_CAPTURED, data=evidence_record(item))
        if item.is_text:
            from socialsafe.moderation.tasks import classify_later

            classify_later(incident.pk)
        if item.ocr_status == OcrStatus.PENDING:
            from socialsafe.evidence.tasks import read_text

            item_id = item.pk
            transaction.on_commit(lambda: read_text.enqueue(item_id))
    return item


def evidence_add_bytes(*, incident: Incident, by, name: str, data: bytes, meta: Metadata) -> EvidenceItem:
    """Add a file that is already in memory (the demo school, imports) through the same checks as an upload."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
    with os.fdopen(fd, "wb") as out:
        write_encrypted(io.BytesIO(data), out)  # as an upload arrives: encrypted before it reaches the disk
    upload = VaultUpload(
        path=Path(tmp), name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), head=data[:HEAD_BYTES]
    )
    return evidence_add(incident=incident, by=by, upload=upload, meta=meta)


def evidence_viewed(*, item: EvidenceItem, by, downloaded: bool = False, request=None) -> None:
    """Log a view or a download on the item's chain of custody and in the audit log."""
    with transaction.atomic():
        custody_record(item=item, by=by, action=CustodyAction.DOWNLOADED if downloaded else CustodyAction.VIEWED)
        audit_record(
            actor=by,
            verb="evidence.downloaded" if downloaded else "evidence.viewed",
            target=item,
            school=item.school,
            request=request,
        )


def evidence_read_text(*, item: EvidenceItem, text: str | None) -> EvidenceItem:
    """Store the text read from a screenshot (None: it could not be read)."""
    with transaction.atomic():
        item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
        item.ocr_text = text or ""
        item.ocr_status = OcrStatus.DONE if text is not None else OcrStatus.FAILED
        item.save(update_fields=["ocr_text", "ocr_status"])
        custody_record(
            item=item,
            by=None,
            action=CustodyAction.TEXT_READ,
            note=f"{len(item.ocr_text)} characters" if text is not None else "failed",
        )
        if item.ocr_text:
            from socialsafe.moderation.tasks import classify_later

            classify_later(item.incident_id)
    return item


@dataclass
class VerifyReport:
    checked: int
    missing: list[EvidenceItem]
    altered: list[EvidenceItem]
    # Encrypted with a key this installation does not hold (restored without its key, or a key retired too soon).
    no_key: list[tuple[EvidenceItem, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered and not self.no_key


def evidence_verify(*, items=None) -> VerifyReport:
    """Decrypt and re-hash every stored file and compare it with the hash taken on arrival."""
    items = EvidenceItem.objects.all() if items is None else items
    report = VerifyReport(0, [], [])
    ring = keyring()
    for item in items.iterator():
        report.checked += 1
        try:
            digest = plaintext_sha256(item.storage_name)
        except DecryptionError:
            # A changed byte fails its chunk's tag, like a changed plaintext byte fails the hash: both are altered.
            key_id = evidence_storage().key_id(item.storage_name)
            if key_id is not None and key_id not in ring.keys:
                report.no_key.append((item, key_id))
            else:
                report.altered.append(item)
            continue
        if digest is None:
            report.missing.append(item)
        elif digest != item.sha256:
            report.altered.append(item)
    return report


def evidence_sweep(*, older_than: dt.timedelta) -> tuple[int, int]:
    """Remove unfinished uploads and stored files that no row points at (left by a crash); returns the counts."""
    cutoff = (now() - older_than).timestamp()
    temps = 0
    for path in incoming_dir().iterdir():
        if path.is_file() and path.stat().st_mtime <= cutoff:
            path.unlink(missing_ok=True)
            temps += 1
    storage = evidence_storage()
    known = set(EvidenceItem.objects.values_list("storage_name", flat=True))
    known |= set(Bundle.objects.values_list("storage_name", flat=True))
    orphans = 0
    if hasattr(storage, "location"):
        root = Path(storage.location)
        for path in root.glob("??/??/*"):
            name = path.relative_to(root).as_posix()
            if name not in known and path.stat().st_mtime <= cutoff:
                path.unlink(missing_ok=True)
                orphans += 1
    return temps, orphans


def bundle_create(*, incident: Incident, by, recipient: str, signed_off_by: str) -> Bundle:
    """Build the referral ZIP (originals, manifest.json, summary.pdf), store it and record its hash on the case."""
    items = list(incident.evidence_items.select_related("uploaded_by").prefetch_related("custody__actor"))
    if not items:
        raise validate.Refused("There is no evidence on this case to put in a bundle.")
    created = now()
    manifest = {
        "case": incident.reference,
        "school": incident.school.name,
        "recipient": recipient,
        "prepared_by": by.get_full_name(),
        "signed_off_by": signed_off_by,
        "created_at": created.isoformat(),
        "items": [_manifest_entry(i, n) for n, i in enumerate(items, 1)],
    }
    if any(entry["active_content"] for entry in manifest["items"]):
        manifest["active_content_note"] = ACTIVE_CONTENT_NOTE
    fd, tmp = tempfile.mkstemp(prefix="bundle-", dir=incoming_dir())
    try:
        storage = evidence_storage()
        # The ZIP is encrypted as it is written, and hashed (its plaintext) on the way: it never lies on disk in
        # the clear. The encrypted stream cannot seek, so zipfile writes each entry's sizes after its data.
        with os.fdopen(fd, "wb") as out:
            sink = HashingWriter(EncryptingWriter(out))
            with _abandon_on_error(sink.out), zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for entry, item in zip(manifest["items"], items, strict=True):
                    with storage.open(item.storage_name, "rb") as src, zf.open(entry["file"], "w") as dst:
                        for chunk in iter(lambda: src.read(1024 * 1024), b""):
                            dst.write(chunk)
                zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
                zf.writestr("summary.pdf", _summary_pdf(incident, manifest))
                # "The steps the school has taken", as the cover letter promises: the case's chronology.
                zf.writestr("chronology.pdf", chronology_pdf(incident))
            sink.out.finish()
            out.flush()
            os.fsync(out.fileno())
        sha, size = sink.digest.hexdigest(), sink.size
        name = store_durably(tmp_path=Path(tmp), sha256=sha)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    with transaction.atomic():
        bundle = Bundle.objects.create(
            incident=incident,
            recipient=recipient,
            signed_off_by=signed_off_by,
            created_by=by,
            created_at=created,
            storage_name=name,
            sha256=sha,
            size=size,
        )
        bundle.items.set(items)
        for item in items:
            custody_record(item=item, by=by, action=CustodyAction.EXPORTED, note=f"bundle for {recipient}, {sha}")
        timeline_add(
            incident=incident,
            by=by,
            kind="evidence",
            text=f"Evidence bundle for {recipient} prepared ({len(items)} files), signed off by "
            f"{signed_off_by}. Bundle SHA-256 {sha}.",
            data={"bundle_id": bundle.pk, "sha256": sha},
        )
        audit_record(actor=by, verb="evidence.bundle_created", target=incident, data={"sha256": sha})
    return bundle


@contextlib.contextmanager
def _abandon_on_error(writer: EncryptingWriter):
    try:
        yield
    except BaseException:
        writer.abandon()
        raise


def _manifest_entry(item: EvidenceItem, n: int) -> dict:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.original_name)[:80]
    return {
        "file": f"originals/{n:03d}-{safe}",
        "original_name": item.original_name,
        "sha256": item.sha256,
        "size": item.size,
        "type": item.content_type,
        "posted_at": item.posted_at.isoformat() if item.posted_at else None,
        "captured_at": item.captured_at.isoformat(),
        "captured_by": item.captured_by,
        "platform": item.platform,
        "url": item.url,
        "author_shown": item.author_shown,
        "legitimate_grounds": item.grounds,
        "uploaded_by": item.uploaded_by.get_full_name(),
        "uploaded_at": item.uploaded_at.isoformat(),
        "text_read": item.ocr_text,
        "active_content": item.active_content,
        "custody": [
            {
                "at": e.at.isoformat(),
                "by": e.actor.get_full_name() if e.actor else "SocialSafe",
                "action": e.action,
                "note": e.note,
            }
            for e in item.custody.all()
        ],
    }


def _summary_pdf(incident: Incident, manifest: dict) -> bytes:
    return html_to_pdf(render_to_string("evidence/bundle_summary.html", {"incident": incident, "manifest": manifest}))
