"""Background work on evidence: reading the text out of screenshots with Tesseract."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.tasks import task
from PIL import Image

from socialsafe.evidence import validate  # noqa: F401  (registers the HEIC opener)
from socialsafe.evidence.models import EvidenceItem, FileType
from socialsafe.evidence.services import evidence_read_text
from socialsafe.evidence.storage import evidence_storage

TESSERACT_TIMEOUT = 120


def ocr(path: Path) -> str | None:
    """The text Tesseract reads in an image, or None if it cannot run."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program, a path we made)
            [tesseract, str(path), "stdout", "-l", "eng", "--psm", "3"],
            capture_output=True,
            timeout=TESSERACT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "replace").strip()


@task()
def read_text(item_id: int) -> None:
    item = EvidenceItem.objects.filter(pk=item_id).first()
    if item is None or not item.is_image:
        return
    # Tesseract reads a copy (PNG for HEIC, which it cannot open); the original is never touched.
    with tempfile.TemporaryDirectory() as tmp, evidence_storage().open(item.storage_name, "rb") as src:
        copy = Path(tmp) / "image"
        if item.content_type == FileType.HEIC:
            with Image.open(src) as image:
                image.save(copy.with_suffix(".png"))
            copy = copy.with_suffix(".png")
        else:
            with copy.open("wb") as out:
                shutil.copyfileobj(src, out)
        text = ocr(copy)
    evidence_read_text(item=item, text=text)
