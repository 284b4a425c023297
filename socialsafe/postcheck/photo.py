"""Offline checks of a photo before it is posted: faces, where and when it was taken, the school's colours.

Faces are found by OpenCV's Haar cascades, which ship inside the opencv-python-headless wheel: nothing is sent
anywhere and nothing is downloaded. The photo is never stored; only the findings leave this module.
"""

import io
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

# The evidence vault's reader: it registers HEIC (pi-heif, decoder only), caps Image.MAX_IMAGE_PIXELS for the
# process and holds the lock around Pillow's process-wide LOAD_TRUNCATED_IMAGES, which WeasyPrint turns on.
from socialsafe.evidence.validate import MAX_PIXELS, _truncation_guard

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Faces are looked for on a copy this long at most: on the 2 shared cores OpenCV's defaults on a 1,024-pixel copy
# took 2.5 s of CPU for a 12-megapixel photo, this whole check about 0.4 s (bench/bench_postcheck.py). The smallest
# face found is then MIN_FACE pixels on that copy: about 1/25 of the photo's long side.
DETECT_SIDE = 640
MIN_FACE = 26
COLOUR_SIDE = 256  # enough pixels for a share of colour
COLOUR_DISTANCE = 14.0  # CIE76 distance in Lab: near enough to count as the same colour in daylight photos
FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "HEIF", "GIF")  # MPO: a JPEG with a second picture, from some cameras

LIMIT_FACES = (
    "Faces are found by a simple detector (OpenCV's Haar cascades). It misses faces that are small or far away "
    "(narrower than about a twenty-fifth of the photo), side-on or turned away, partly hidden, or in poor light, "
    "and now and then takes a pattern for a face: no face found does not mean nobody is in the photo."
)
LIMIT_WHO = "It does not recognise anyone and cannot tell a child from an adult."
LIMIT_EXIF = (
    "The date and place come from the photo's own data (EXIF), which many apps remove or change. A photo "
    "without them can still show where it was taken: a sign, a building, a uniform."
)
LIMIT_COLOUR = (
    "The uniform check is only a colour match: it counts how much of the photo is close to the school's colours. "
    "It does not recognise a crest, a logo or a uniform, and other things in those colours count too."
)
LIMIT_NO_COLOUR = "The school's uniform colours are not set, so uniforms and the crest were not checked."


class PhotoError(ValueError):
    """The photo cannot be checked; the message is fit to show the person who gave it."""


@dataclass(frozen=True)
class PhotoFindings:
    faces: int
    face_boxes: tuple[tuple[int, int, int, int], ...]  # x, y, w, h in the original image's pixels (turned upright)
    width: int  # the upright image's size
    height: int
    taken_at: datetime | None  # EXIF DateTimeOriginal (naive local time as written by the camera)
    location: tuple[float, float] | None  # EXIF GPS latitude, longitude in decimal degrees
    device: str  # EXIF Make Model, "" if none
    colour_share: float | None  # share of pixels near the school's uniform colours, None if no colours given
    limits: tuple[str, ...]  # honest limits, in plain English, shown on the page


def check_photo(data: bytes, *, uniform_colours: Sequence[str] = ()) -> PhotoFindings:
    """Read the photo, turn it upright, and report faces, EXIF date, place and device, and the colour share."""
    targets = [_hex_to_rgb(colour) for colour in uniform_colours]
    if not data:
        raise PhotoError("The file is empty: choose the photo again.")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(
            f"This photo is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB. Share a smaller copy "
            "(most phones offer one) and try again."
        )
    image, exif, full_size = _read(data)
    rgb = np.asarray(image)
    width, height = _upright_size(exif, full_size)
    boxes = _faces(rgb, scale=width / rgb.shape[1])
    share = _colour_share(rgb, targets) if targets else None
    return PhotoFindings(
        faces=len(boxes),
        face_boxes=tuple(boxes),
        width=width,
        height=height,
        taken_at=_taken_at(exif),
        location=_location(exif),
        device=_device(exif),
        colour_share=share,
        limits=(LIMIT_FACES, LIMIT_WHO, LIMIT_EXIF, LIMIT_COLOUR if targets else LIMIT_NO_COLOUR),
    )


def _formats() -> list[str]:
    Image.init()
    return [name for name in FORMATS if name in Image.OPEN]


# EXIF Orientation: how to turn the stored pixels upright.
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _read(data: bytes) -> tuple[Image.Image, Image.Exif, tuple[int, int]]:
    """The photo decoded at about DETECT_SIDE (JPEG decodes straight to a smaller size), upright, as RGB."""
    try:
        with _truncation_guard, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
            try:
                with Image.open(io.BytesIO(data), formats=_formats()) as image:
                    if image.width * image.height > MAX_PIXELS:
                        raise Image.DecompressionBombError
                    exif = image.getexif()
                    full_size = image.size
                    image.draft("RGB", (DETECT_SIDE, DETECT_SIDE))
                    image.load()  # decode every pixel: a truncated or corrupt file fails here
                    small = image.convert("RGB")
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(
            f"This picture has too many pixels to check (more than {MAX_PIXELS // 1_000_000} million). "
            "Share a smaller copy."
        ) from None
    except UnidentifiedImageError:
        raise PhotoError("This file is not a photo we can read. Use a JPEG, PNG, HEIC or WebP photo.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise PhotoError(
            "This photo is damaged or cut short, so it could not be read. Save it again and retry."
        ) from None
    small.thumbnail((DETECT_SIDE, DETECT_SIDE))
    turn = TURNS.get(exif.get(0x0112))
    return (small.transpose(turn) if turn is not None else small), exif, full_size


def _upright_size(exif: Image.Exif, size: tuple[int, int]) -> tuple[int, int]:
    return (size[1], size[0]) if exif.get(0x0112) in (5, 6, 7, 8) else size


_local = threading.local()


def _cascades() -> tuple[cv2.CascadeClassifier, cv2.CascadeClassifier]:
    """Frontal and profile cascades, one pair per thread (a classifier is not safe to share between threads)."""
    if not hasattr(_local, "cascades"):
        frontal = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")
        profile = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_profileface.xml")
        if frontal.empty() or profile.empty():  # pragma: no cover - a broken install
            raise RuntimeError("OpenCV's face cascades are missing from the installed wheel")
        _local.cascades = (frontal, profile)
    return _local.cascades


def _faces(rgb: np.ndarray, *, scale: float) -> list[tuple[int, int, int, int]]:
    gray = cv2.equalizeHist(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    size = (MIN_FACE, MIN_FACE)
    frontal, profile = _cascades()
    # The "alt2" frontal cascade at 15% scale steps: on the test photos it found every face that the default
    # cascade found at OpenCV's usual 10% steps, without the default's false hit on an enlarged photo, in 60%
    # of the time (the default at 15% or 20% missed three faces 36 px wide). Side-on faces take 25% steps.
    found = [tuple(int(v) for v in box) for box in frontal.detectMultiScale(gray, 1.15, 5, minSize=size)]
    # The profile cascade knows faces turned one way only: look again in the mirror image for the other way.
    found += [tuple(int(v) for v in box) for box in profile.detectMultiScale(gray, 1.25, 6, minSize=size)]
    mirrored = profile.detectMultiScale(cv2.flip(gray, 1), 1.25, 6, minSize=size)
    found += [(gray.shape[1] - int(x) - int(w), int(y), int(w), int(h)) for x, y, w, h in mirrored]
    kept: list[tuple[int, int, int, int]] = []
    for box in sorted(found, key=lambda b: -b[2] * b[3]):  # the largest first: it stands for the ones inside it
        if not any(_overlap(box, other) > 0.3 for other in kept):
            kept.append(box)
    return sorted((round(x * scale), round(y * scale), round(w * scale), round(h * scale)) for x, y, w, h in kept)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over the smaller box: a profile hit inside a frontal one is the same face."""
    x = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    y = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return x * y / min(a[2] * a[3], b[2] * b[3])


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    text = colour.strip().removeprefix("#")
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"{colour!r} is not a colour written as #rrggbb")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIE Lab (L 0..100, a and b about -128..127) of uint8 RGB pixels."""
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    return lab.reshape(-1, 3)


def _colour_share(rgb: np.ndarray, targets: list[tuple[int, int, int]]) -> float:
    small = Image.fromarray(rgb)
    small.thumbnail((COLOUR_SIDE, COLOUR_SIDE))
    pixels = _lab(np.asarray(small))
    wanted = _lab(np.array([targets], dtype=np.uint8))
    distance = np.min(np.linalg.norm(pixels[:, None, :] - wanted[None, :, :], axis=2), axis=1)
    return round(float(np.mean(distance <= COLOUR_DISTANCE)), 3)


def _taken_at(exif: Image.Exif) -> datetime | None:
    value = exif.get_ifd(0x8769).get(0x9003)  # Exif IFD, DateTimeOriginal
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _location(exif: Image.Exif) -> tuple[float, float] | None:
    gps = exif.get_ifd(0x8825)
    try:
        lat = _degrees(gps[2], gps.get(1, "N"), "S")
        lon = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


def _degrees(parts, ref: str, negative: str) -> float:
    d, m, s = (float(part) for part in parts)
    value = d + m / 60 + s / 3600
    return -value if str(ref).strip("\x00 ").upper() == negative else value


def _device(exif: Image.Exif) -> str:
    make = str(exif.get(0x010F, "")).strip("\x00 ")
    model = str(exif.get(0x0110, "")).strip("\x00 ")
    if make and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part)
