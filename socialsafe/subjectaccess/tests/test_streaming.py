"""A 25 MB evidence file goes into the ZIP in chunks: the export never holds it in memory (measured)."""

import hashlib
import os
import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.utils.timezone import now

from socialsafe.evidence.models import EvidenceItem
from socialsafe.evidence.storage import evidence_storage
from socialsafe.lib.pdf import html_to_pdf
from socialsafe.subjectaccess.services import sar_export_produce, sar_redaction_confirm
from socialsafe.subjectaccess.tests.helpers import zip_of

pytestmark = pytest.mark.django_db

SIZE = 25 * 1024 * 1024


def peak_while_producing(sar, by, *, include_evidence):
    sar = sar_redaction_confirm(sar=sar, by=by, withheld_staff=[], include_evidence=include_evidence)
    tracemalloc.start()
    try:
        export = sar_export_produce(sar=sar, by=by)
        return tracemalloc.get_traced_memory()[1], export
    finally:
        tracemalloc.stop()


def test_a_25_mb_file_is_streamed_into_the_zip(principal, pupil_request, pupil_case):
    data = os.urandom(SIZE)
    digest = hashlib.sha256(data).hexdigest()
    name = evidence_storage().save(f"test/{digest}", ContentFile(data))
    EvidenceItem.objects.create(
        school=pupil_case.school, incident=pupil_case, sha256=digest, size=SIZE, content_type="application/pdf",
        storage_name=name, original_name="long-chat.pdf", captured_at=now(), captured_by="Ms Test", platform="whatsapp",
        grounds="Bullying of a pupil.", uploaded_by=principal.user,
    )  # fmt: skip
    del data
    html_to_pdf("<p>Warm</p>")  # WeasyPrint's first import and fonts (about 20 MB) are the process's, not the file's
    base, export = peak_while_producing(pupil_request, principal.user, include_evidence=False)
    peak, export = peak_while_producing(pupil_request, principal.user, include_evidence=True)
    print(f"peak Python allocation: {base / 2**20:.1f} MiB without the file, {peak / 2**20:.1f} MiB with 25 MiB of it")
    assert peak - base < 4 * 2**20, f"the 25 MiB file added {(peak - base) / 2**20:.1f} MiB"
    with zip_of(export) as zf:
        (entry,) = [n for n in zf.namelist() if n.startswith("evidence/")]
        h = hashlib.sha256()
        with zf.open(entry) as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    assert h.hexdigest() == digest
