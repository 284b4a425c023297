"""check_photo: faces, EXIF date, place and device, the uniform-colour share, and every bad input refused."""

import io
import zlib
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from socialsafe.postcheck.photo import (
    LIMIT_COLOUR,
    LIMIT_FACES,
    LIMIT_NO_COLOUR,
    MAX_PHOTO_BYTES,
    PhotoError,
    PhotoFindings,
    check_photo,
)

IMAGES = Path(__file__).parent / "images"


def jpeg(image: Image.Image, **save) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def plain(size=(640, 480), colour=(200, 200, 200)) -> Image.Image:
    return Image.new("RGB", size, colour)


def test_it_counts_one_face_in_a_public_domain_photo():
    findings = check_photo((IMAGES / "one_face.jpg").read_bytes())
    assert isinstance(findings, PhotoFindings)
    assert findings.faces == 1
    x, y, w, h = findings.face_boxes[0]
    assert w == h  # the cascades give square boxes
    assert (findings.width, findings.height) == (384, 384)
    assert 100 < x < 170 and 20 < y < 90 and 50 < w < 110  # the astronaut's face, upper middle-left


def test_it_counts_two_faces():
    findings = check_photo((IMAGES / "two_faces.jpg").read_bytes())
    assert findings.faces == 2
    assert findings.face_boxes[0][0] < 384 <= findings.face_boxes[1][0]  # one in each half


def test_it_finds_no_face_in_a_picture_without_one():
    image = plain()
    ImageDraw.Draw(image).rectangle((100, 100, 300, 300), fill=(30, 60, 150))
    findings = check_photo(jpeg(image))
    assert findings.faces == 0 and findings.face_boxes == ()
    assert LIMIT_FACES in findings.limits  # and it says what "no face" does not prove


def test_boxes_are_in_the_original_photos_pixels_when_it_is_scaled_down_to_detect():
    face = Image.open(IMAGES / "one_face.jpg")
    big = face.resize((2304, 2304))  # six times: detection runs on a copy 1,024 pixels across
    findings = check_photo(jpeg(big))
    assert (findings.width, findings.height) == (2304, 2304)
    assert findings.faces == 1
    x, y, w, _h = findings.face_boxes[0]
    small = check_photo((IMAGES / "one_face.jpg").read_bytes()).face_boxes[0]
    assert abs(x - small[0] * 6) < 60 and abs(y - small[1] * 6) < 60 and abs(w - small[2] * 6) < 80


def test_it_turns_the_photo_upright_from_its_exif_orientation():
    upright = plain((576, 384))
    upright.paste(Image.open(IMAGES / "one_face.jpg"), (96, 0))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone held sideways stores it: 384 x 576
    assert check_photo(jpeg(stored)).faces == 0  # on its side, the cascade does not see the face
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to view"
    findings = check_photo(jpeg(stored, exif=exif))
    assert (findings.width, findings.height) == (576, 384)
    assert findings.faces == 1  # the cascade finds it only once it is the right way up


def test_it_reads_the_date_place_and_device_from_exif():
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15"
    exif.get_ifd(0x8769)[0x9003] = "2026:06:20 14:05:09"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (Fraction(54), Fraction(35), Fraction(1788, 100))  # 54.588300 N
    gps[3], gps[4] = "W", (Fraction(5), Fraction(56), Fraction(3240, 100))  # 5.942333 W
    findings = check_photo(jpeg(plain(), exif=exif))
    assert findings.taken_at == datetime(2026, 6, 20, 14, 5, 9)
    assert findings.location == pytest.approx((54.5883, -5.942333), abs=1e-5)
    assert findings.device == "Apple iPhone 15"


def test_a_model_that_repeats_the_make_is_not_doubled():
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "Canon EOS R6"
    assert check_photo(jpeg(plain(), exif=exif)).device == "Canon EOS R6"


def test_without_exif_date_place_and_device_are_empty():
    findings = check_photo(jpeg(plain()))
    assert (findings.taken_at, findings.location, findings.device) == (None, None, "")


def test_junk_exif_values_are_ignored_not_fatal():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "not a date"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (Fraction(200), Fraction(0), Fraction(0))  # no such latitude
    gps[3], gps[4] = "W", (Fraction(5), Fraction(0), Fraction(0))
    findings = check_photo(jpeg(plain(), exif=exif))
    assert findings.taken_at is None and findings.location is None


def test_the_colour_share_counts_pixels_near_the_uniform_colours():
    image = plain(colour=(240, 240, 240))
    ImageDraw.Draw(image).rectangle((0, 0, 319, 479), fill=(31, 58, 147))  # half the photo in "#1f3a93"
    findings = check_photo(jpeg(image), uniform_colours=["#1f3a93", "#ffd700"])
    assert findings.colour_share == pytest.approx(0.5, abs=0.03)
    assert LIMIT_COLOUR in findings.limits
    nothing = check_photo(jpeg(plain(colour=(240, 240, 240))), uniform_colours=["#1F3A93"])
    assert nothing.colour_share == 0


def test_without_uniform_colours_the_share_is_none_and_the_page_is_told():
    findings = check_photo(jpeg(plain()))
    assert findings.colour_share is None
    assert LIMIT_NO_COLOUR in findings.limits and LIMIT_COLOUR not in findings.limits


def test_a_badly_written_colour_is_a_programming_error():
    with pytest.raises(ValueError, match="#rrggbb"):
        check_photo(jpeg(plain()), uniform_colours=["navy"])


def test_png_and_webp_are_read_too():
    face = Image.open(IMAGES / "one_face.jpg")
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        face.save(out, fmt)
        assert check_photo(out.getvalue()).faces == 1


def test_an_empty_file_is_refused():
    with pytest.raises(PhotoError, match="empty"):
        check_photo(b"")


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(PhotoError, match="not a photo we can read"):
        check_photo(b"%PDF-1.7\n" + b"x" * 500)


def test_a_truncated_photo_is_refused():
    data = (IMAGES / "one_face.jpg").read_bytes()
    with pytest.raises(PhotoError, match="damaged or cut short"):
        check_photo(data[: len(data) // 2])


def test_a_photo_over_10_mb_is_refused_before_it_is_decoded():
    with pytest.raises(PhotoError, match="larger than 10 MB"):
        check_photo(b"\xff\xd8\xff" + b"\x00" * MAX_PHOTO_BYTES)


def _png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header for a huge image with a tiny compressed body: a "decompression bomb"."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])  # 8-bit grey
    row = b"\x00" + b"\x00" * width
    body = zlib.compress(row * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_without_decoding_it():
    bomb = _png_bomb(20_000, 20_000)  # 400 million pixels in a few hundred bytes
    assert len(bomb) < 10_000
    with pytest.raises(PhotoError, match="too many pixels"):
        check_photo(bomb)
