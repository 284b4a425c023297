"""SocialSafe's default staff guidance: the text a school starts from instead of a blank page."""

import re
from functools import cache
from pathlib import Path

from socialsafe.incidents.rules import STAFF_PERSONAL_USE_POINTS, StaffPoint

DEFAULT_GUIDANCE = Path(__file__).with_name("default_guidance.txt")
DEFAULT_LABEL = "1.0"


@cache
def default_guidance_text() -> str:
    """The default guidance, as a school publishes it (it may edit it first)."""
    return DEFAULT_GUIDANCE.read_text(encoding="utf-8").strip()


def guidance_section(text: str, point: StaffPoint) -> str:
    """The part of a guidance text under the point's heading ("7. No online friendships ..."), or ""."""
    numbers = [p.number for p in STAFF_PERSONAL_USE_POINTS]
    start = re.search(rf"^{point.number}\. {re.escape(point.title)}$", text, re.M)
    if start is None:
        return ""
    following = [n for n in numbers if n > point.number]
    end = re.search(rf"^{following[0]}\. ", text[start.end() :], re.M) if following else None
    return text[start.start() : start.end() + end.start()] if end else text[start.start() :]
