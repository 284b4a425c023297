"""The ZIP of one subject access export, written to a file under VAR_DIR/exports, never held in memory whole.

Contents: report.pdf (cover page and every record, readable), data.json (every record with its type), one CSV per
record type, and the files: letters sent to the person or their family, and evidence files only where the Principal
chose to include them (an image cannot be redacted automatically; otherwise they are listed as withheld).

The file on disk is encrypted (socialsafe.lib.crypto) as the ZIP is written, like the evidence it may copy: no
plaintext of it is ever on disk. `open_export` gives the plaintext back, seekable, for the download.
"""

import csv
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.timezone import localtime, now

from socialsafe.lib.crypto import DecryptingReader, EncryptingWriter, HashingWriter
from socialsafe.lib.csvsafe import neutralise
from socialsafe.lib.pdf import html_to_pdf
from socialsafe.subjectaccess.collect import Collected, collect
from socialsafe.subjectaccess.models import SubjectAccessRequest
from socialsafe.subjectaccess.redact import Redactor, third_parties

CHUNK = 1024 * 1024


def exports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@dataclass
class Built:
    path: Path
    sha256: str
    size: int
    summary: dict
    case_ids: list[int]  # the cases the export holds: destroying one under the schedule deletes the export


def type_label(type_: str) -> str:
    return type_.replace("_", " ").capitalize()


def build_export(sar: SubjectAccessRequest) -> Built:
    """Write the export's ZIP to a new file in exports_dir(); the caller records it (or removes it on failure)."""
    c: Collected = collect(sar)
    withheld_staff = set(sar.redaction.get("withheld_staff", []))
    include_evidence = bool(sar.redaction.get("include_evidence"))
    parties = third_parties(c, withheld_staff=withheld_staff)
    redactor = Redactor(c, parties)
    records = redactor.records(c.records)
    # Images (evidence files, the photos sent with a draft post) cannot be redacted automatically: only when ticked.
    included = [f for f in c.files if not f.image or include_evidence]
    withheld = [f for f in c.files if f not in included]
    summary = {
        "counts": c.counts(),
        "redacted": [{"who": p.kind_label, "shown_as": p.replacement} for p in parties],
        "replacements_made": 0,
        "files_included": [f.zip_name for f in included],
        "files_withheld": [f.description for f in withheld],
    }
    fd, tmp = tempfile.mkstemp(prefix="building-", suffix=".zip", dir=exports_dir())
    try:
        with os.fdopen(fd, "wb") as out:
            sealed = EncryptingWriter(out)
            plain = HashingWriter(sealed)
            # zipfile writes to a stream it cannot seek back in with data descriptors, so it streams too.
            with zipfile.ZipFile(plain, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                groups: dict[str, list[dict]] = {}
                for r in records:
                    groups.setdefault(r["type"], []).append(r)
                summary["replacements_made"] = redactor.count
                zf.writestr("data.json", json.dumps(_json(sar, records, summary), ensure_ascii=False, indent=1))
                for type_, rows in groups.items():
                    zf.writestr(f"csv/{type_}.csv", _csv(rows))
                html = _pdf_html(sar, groups, summary, parties, withheld, include_evidence)
                zf.writestr("report.pdf", html_to_pdf(html))
                for ref in included:
                    # Streamed in chunks: an evidence file may be 25 MB, and a request may have many.
                    with ref.open() as src, zf.open(ref.zip_name, "w", force_zip64=True) as dst:
                        shutil.copyfileobj(src, dst, CHUNK)
            sealed.finish()
            out.flush()
            os.fsync(out.fileno())
        final = exports_dir() / f"sar-{sar.pk}-{plain.digest.hexdigest()[:16]}.zip.enc"
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    digest, size = plain.digest, plain.size
    case_ids = sorted({r["id"] for r in c.records if r["type"] == "case"})
    return Built(final, digest.hexdigest(), size, summary, case_ids)


def open_export(path: Path) -> DecryptingReader:
    """The plaintext ZIP of a stored export, read (and checked) as it is decrypted; seekable."""
    return DecryptingReader(path.open("rb"))


def _json(sar, records, summary) -> dict:
    return {
        "school": sar.school.name,
        "request": {
            "id": sar.pk,
            "subject_kind": sar.subject_kind,
            "subject": sar.subject_name,
            "received_on": sar.received_on.isoformat(),
            "due_on": sar.due_on.isoformat(),
        },
        "produced_at": localtime(now()).isoformat(),
        "redaction": summary["redacted"],
        "files_withheld": summary["files_withheld"],
        "records": records,
    }


def _csv(rows: list[dict]) -> str:
    columns = ["id", *dict.fromkeys(k for r in rows for k in r["fields"])]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r["id"], *(neutralise(r["fields"].get(k, "")) for k in columns[1:])])
    return "\ufeff" + out.getvalue()  # the BOM: Excel then reads the names' accents as UTF-8


# A Principal's own audit trail can run to thousands of lines: the PDF shows the first ones and says where the rest
# are (its CSV and data.json hold every one), so that the readable copy stays readable and quick to make.
PDF_ROWS = 300


def _pdf_html(sar, groups, summary, parties, withheld, include_evidence) -> str:
    sections = [
        {
            "title": type_label(t),
            "count": len(rows),
            "rows": [[(k.replace("_", " ").capitalize(), v) for k, v in r["fields"].items()] for r in rows[:PDF_ROWS]],
            "csv": f"csv/{t}.csv" if len(rows) > PDF_ROWS else "",
        }
        for t, rows in groups.items()
    ]
    return render_to_string(
        "subjectaccess/export_pdf.html",
        {
            "sar": sar,
            "sections": sections,
            "counts": [(type_label(t), n) for t, n in summary["counts"].items()],
            "parties": parties,
            "withheld": withheld,
            "include_evidence": include_evidence,
            "produced_at": now(),
        },
    )
