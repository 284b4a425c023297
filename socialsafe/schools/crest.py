"""The school's crest on its public pages: checked, re-encoded by Pillow and stored as a file.

Only PNG and JPEG are taken. SVG is refused because an SVG is a document that can carry script; and even a PNG or
JPEG is never served as uploaded: Pillow decodes it and writes a fresh PNG, which drops anything hidden in the file
(metadata, a polyglot payload) and the photo's EXIF location.
"""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from socialsafe.audit.services import audit_record
from socialsafe.schools.models import School

CREST_MAX_BYTES = 1024 * 1024
CREST_MAX_PIXELS = 400  # the longest side once stored: a header needs far less, and a small file loads fast
ACCEPTED = {"PNG", "JPEG"}


def crest_clean(data: bytes) -> bytes:
    """The upload as a fresh PNG, or ValidationError saying what to change."""
    if not data:
        raise ValidationError("Choose an image of the crest.")
    if len(data) > CREST_MAX_BYTES:
        raise ValidationError("The crest must be 1 MB or smaller.")
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:1024].lower():
        raise ValidationError("The crest must be a PNG or JPEG image. SVG files are not accepted.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()  # a truncated or corrupt file fails here, before it is decoded
        if kind not in ACCEPTED:
            raise ValidationError("The crest must be a PNG or JPEG image.")
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                raise ValidationError("The crest image is too large: use one under 6,000 pixels wide.")
            image = image.convert("RGBA")
            image.thumbnail((CREST_MAX_PIXELS, CREST_MAX_PIXELS))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError("The crest must be a PNG or JPEG image: this file could not be read as one.") from exc
    return out.getvalue()


@transaction.atomic
def school_crest_set(*, school: School, by, data: bytes | None) -> School:
    """Replace the school's crest with the uploaded image (re-encoded), or remove it when `data` is None."""
    school = School.objects.select_for_update().get(pk=school.pk)
    old = school.crest.name if school.crest else ""
    if data is None:
        school.crest = ""
        school.save(update_fields=["crest"])
        audit_record(actor=by, verb="school.crest_removed", target=school, school=school)
    else:
        png = crest_clean(data)
        digest = hashlib.sha256(png).hexdigest()[:16]
        school.crest.save(f"{school.slug}-{digest}.png", ContentFile(png), save=False)
        school.save(update_fields=["crest"])
        audit_record(actor=by, verb="school.crest_set", target=school, school=school, data={"sha256": digest})
    if old and old != school.crest.name:
        storage = School._meta.get_field("crest").storage
        transaction.on_commit(lambda: storage.delete(old))
    return school


def crest_bytes(school: School) -> bytes | None:
    """The stored PNG, or None when the school has none (or its file has gone)."""
    if not school.crest:
        return None
    try:
        with school.crest.open("rb") as f:
            return f.read()
    except FileNotFoundError:
        return None
