"""Decide what a file really is from its bytes, and refuse anything that is not evidence we can keep safely."""

import re
import threading
import warnings
import zlib
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from socialsafe.evidence.models import FileType
from socialsafe.evidence.storage import open_received

try:  # HEIC screenshots from iPhones, where the wheel is available. pi-heif only decodes (no GPL x265 encoder).
    from pi_heif import register_heif_opener

    register_heif_opener()
    HEIC_READABLE = True
except ImportError:  # pragma: no cover
    HEIC_READABLE = False

# A long scrolling phone screenshot is about 1,200 x 20,000 pixels; nothing real comes near this.
MAX_PIXELS = 60_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # process-wide and stricter than Pillow's default; set once, not per call
# WeasyPrint (for letters) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES to True when it is imported, which
# would let a cut-short screenshot through. The check below turns it off while it decodes, one check at a time.
_truncation_guard = threading.Lock()


class Refused(Exception):
    """The file is not kept; the message says why, in words a teacher understands."""


def detect_type(head: bytes) -> str | None:
    """The file's real type from its first bytes; None if it is not one we keep."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileType.WEBP
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
        return FileType.HEIC
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head and b"\x00" not in head and _is_utf8_text(head):
        return FileType.TEXT
    return None


def _is_utf8_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may end in the middle of a character; anything else means it is not UTF-8 text.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


# What a file's name claims, so that a name and a content that disagree are questioned, not silently accepted.
CLAIMS = {
    ".png": FileType.PNG,
    ".jpg": FileType.JPEG,
    ".jpeg": FileType.JPEG,
    ".webp": FileType.WEBP,
    ".heic": FileType.HEIC,
    ".heif": FileType.HEIC,
    ".pdf": FileType.PDF,
}


def check_name(name: str, file_type: str) -> None:
    """Refuse a file whose name says one kind and whose bytes say another (a renamed file is often a mistake)."""
    claimed = CLAIMS.get(Path(name).suffix.lower())
    if claimed is not None and claimed != file_type:
        what = FileType(file_type).label
        raise Refused(
            f"{name} is called a {FileType(claimed).label} but its content is a {what}. Nothing was stored. "
            "Check it is the right file; if it is, rename it to match what it is and upload it again."
        )


def check(path: Path, file_type: str, name: str) -> None:
    """Prove the file is what it claims: decode images fully, check a PDF's structure, read text as UTF-8.

    `path` is a received file in the incoming folder (encrypted as it arrived): it is read through decryption.
    """
    with open_received(path) as f:
        if file_type in (FileType.PNG, FileType.JPEG, FileType.WEBP, FileType.HEIC):
            _check_image(f, name)
        elif file_type == FileType.PDF:
            f.seek(max(0, f.size - 2048))
            if b"%%EOF" not in f.read():
                raise Refused(f"{name} is not a complete PDF (it may have been cut short). Nothing was stored.")
        elif file_type == FileType.TEXT:
            for chunk in iter(lambda: f.read(1024 * 1024), b""):
                if b"\x00" in chunk:
                    raise Refused(f"{name} is not a text export. Nothing was stored.")


def _check_image(f, name: str) -> None:
    if not HEIC_READABLE and f.read(8)[4:8] == b"ftyp":  # pragma: no cover
        raise Refused(f"{name} is a HEIC image, which this server cannot read. Save it as JPEG or PNG.")
    f.seek(0)
    try:
        with _truncation_guard, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
            try:
                with Image.open(f.file) as image:
                    image.load()  # decode every pixel: a truncated or corrupt file fails here
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(
            f"{name} is an image too large to be a screenshot (a 'decompression bomb'). Nothing was stored."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Refused(
            f"{name} is damaged or not really an image: it could not be opened. Nothing was stored."
        ) from None


def refusal_for_unknown(name: str, head: bytes) -> str:
    what = "a program" if head[:2] == b"MZ" or head[:4] == b"\x7fELF" else "a kind of file SocialSafe does not keep"
    return (
        f"{name} is {what}, not a screenshot, PDF or text export (SocialSafe looks at what a file contains, not "
        "its name). Nothing was stored."
    )


# Active content: what a browser or a PDF reader would run rather than show. Such a file is still evidence (kept,
# hashed, bundled) but never shown inside SocialSafe; it is only ever downloaded, to be opened in a safe viewer.
MARKUP = re.compile(
    rb"<\s*(?:script|svg|html|body|iframe|frame|object|embed|math|xml|xsl|meta|link|form|base)\b|<\s*[!?]\s*(?:doctype|xml)",
    re.IGNORECASE,
)
# A PDF name may be spelt with #xx escapes (/J#53 is /JS); the names are matched after undoing them.
PDF_ACTIVE = re.compile(rb"/(?:JS|JavaScript|Launch|RichMedia|EmbeddedFiles?|XFA)(?![A-Za-z0-9])")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
MAX_INFLATED = 16 * 1024 * 1024


def has_active_content(f, file_type: str) -> bool:
    """Whether a stored file could run something when opened: markup (SVG, HTML, XML) or a PDF with scripts."""
    if file_type == FileType.TEXT:
        return MARKUP.search(f.read(64 * 1024)) is not None
    if file_type == FileType.PDF:
        return _pdf_is_active(f.read())
    # A raster image is decoded to pixels when it is uploaded: it runs nothing. Anything else is not plain.
    return file_type not in (FileType.PNG, FileType.JPEG, FileType.WEBP, FileType.HEIC)


def _pdf_is_active(data: bytes) -> bool:
    if PDF_ACTIVE.search(PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)):
        return True
    # Dictionaries may sit compressed inside object streams, where a plain search cannot see them.
    for match in PDF_OBJECT_STREAM.finditer(data):
        start = data.find(b"stream", match.end())
        if start < 0:
            continue
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        try:
            inflated = zlib.decompressobj().decompress(data[start:], MAX_INFLATED)
        except zlib.error:
            continue
        if PDF_ACTIVE.search(PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), inflated)):
            return True
    return False
