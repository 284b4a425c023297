"""Offline photo checks: faces, EXIF date, place and device, a uniform-colour share.

# placeholder, replaced by p18-detect: the interface is the one part "detectors" ships; this stand-in reads EXIF
# with Pillow and finds no faces (it says so in its limits).
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024


class PhotoError(ValueError):
    pass


@dataclass(frozen=True)
class PhotoFindings:
    faces: int
    face_boxes: tuple[tuple[int, int, int, int], ...]
    width: int
    height: int
    taken_at: dt.datetime | None
    location: tuple[float, float] | None
    device: str
    colour_share: float | None
    limits: tuple[str, ...]


def _degrees(value, ref) -> float:
    d, m, s = (float(x) for x in value)
    sign = -1 if ref in ("S", "W") else 1
    return sign * (d + m / 60 + s / 3600)


def check_photo(data: bytes, *, uniform_colours: Sequence[str] = ()) -> PhotoFindings:
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"This photo is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB. Choose a smaller copy.")
    try:
        image = Image.open(io.BytesIO(data))
        image.verify()
        image = Image.open(io.BytesIO(data))
        exif = image.getexif()
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise PhotoError("This file is not a photo we can read. Choose a JPEG or PNG photo.") from e
    taken_at = None
    raw = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)
    if raw:
        try:
            taken_at = dt.datetime.strptime(str(raw), "%Y:%m:%d %H:%M:%S")
        except ValueError:
            taken_at = None
    gps = exif.get_ifd(0x8825)
    location = None
    if gps.get(2) and gps.get(4):
        try:
            location = (_degrees(gps[2], gps.get(1)), _degrees(gps[4], gps.get(3)))
        except (TypeError, ValueError, ZeroDivisionError):
            location = None
    device = " ".join(str(exif.get(t, "")).strip() for t in (0x010F, 0x0110)).strip()
    return PhotoFindings(
        faces=0,
        face_boxes=(),
        width=image.width,
        height=image.height,
        taken_at=taken_at,
        location=location,
        device=device,
        colour_share=None,
        limits=("Faces are not looked for in this version: check the photo yourself.",),
    )
