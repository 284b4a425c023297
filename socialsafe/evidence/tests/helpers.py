import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from socialsafe.lib.tests.clock import ago, hhmm, iso

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
    """The form's answers: messages posted eleven days ago, screenshots taken the day after."""
    posted, captured = ago(days=11), ago(days=10)
    data = {
        "posted_on": iso(posted),
        "posted_time": hhmm(posted),
        "captured_on": iso(captured),
        "captured_time": hhmm(captured),
        "captured_by": "Ruth Patterson",
        "platform": "whatsapp",
        "url": "",
        "author_shown": "Mum of twins",
        "grounds": "Threats against a member of staff; needed for the school's response and a PSNI report.",
    }
    data.update(overrides)
    return data
