import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def screenshot(text: str = "You had better watch your back", *, fmt: str = "PNG", size=(900, 220)) -> bytes:
    """A phone-screenshot-like image with legible text, made here (no files from elsewhere)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40) if FONT.exists() else ImageFont.load_default()
    draw.text((30, 80), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def metadata(**overrides) -> dict:
    data = {
        "posted_on": "2026-11-20",
        "posted_time": "19:31",
        "captured_on": "2026-11-21",
        "captured_time": "08:10",
        "captured_by": "Ruth Patterson",
        "platform": "whatsapp",
        "url": "",
        "author_shown": "Mum of twins",
        "grounds": "Threats against a member of staff; needed for the school's response and a PSNI report.",
    }
    data.update(overrides)
    return data
