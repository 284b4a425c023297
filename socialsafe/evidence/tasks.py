"""Background work on evidence: reading the text out of screenshots with Tesseract."""

import io
import shutil
import subprocess

from django.tasks import task
from PIL import Image

from socialsafe.evidence import validate  # noqa: F401  (registers the HEIC opener)
from socialsafe.evidence.models import EvidenceItem, FileType
from socialsafe.evidence.services import evidence_read_text
from socialsafe.evidence.storage import evidence_storage

TESSERACT_TIMEOUT = 120


def ocr(image: bytes) -> str | None:
    """The text Tesseract reads in an image (given on its standard input), or None if it cannot run."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program)
            [tesseract, "stdin", "stdout", "-l", "eng", "--psm", "3"],
            input=image,
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
    # Tesseract reads the decrypted image from a pipe (PNG for HEIC, which it cannot open), so no copy in the clear
    # ever lands on disk; the original is never touched.
    with evidence_storage().open(item.storage_name, "rb") as src:
        if item.content_type == FileType.HEIC:
            png = io.BytesIO()
            with Image.open(src) as image:
                image.save(png, format="PNG")
            data = png.getvalue()
        else:
            data = src.read()
    evidence_read_text(item=item, text=ocr(data))
