import re

import pytest
from django.core import mail

from socialsafe.concerns.services import concern_confirm, concern_submit

FORM = {
    "name": "Sinead Kelly",
    "email": "sinead.kelly@example.com",
    "relationship": "mother",
    "topic": "social_media",
    "what_happened": "A parent posted in the P4 WhatsApp group that Mr Burns is useless.",
    "wanted_outcome": "I would like the post taken down.",
    "website": "",
}


def concern_fields(**overrides) -> dict:
    fields = {k: v for k, v in FORM.items() if k != "website"}
    fields.update(overrides)
    return fields


def make_concern(school, confirm: bool = True, **overrides):
    """A concern as the public form stores it, confirmed by its emailed link unless confirm=False."""
    concern = concern_submit(school=school, fields=concern_fields(**overrides))
    return concern_confirm(concern=concern) if confirm else concern


def link_in(message, what: str = "") -> str:
    """The path of the first link in an email (the test client needs no host)."""
    url = re.search(r"https?://\S+", message.body).group(0)
    path = re.sub(r"^https?://[^/]+", "", url)
    assert what in path
    return path


@pytest.fixture
def form_data():
    return dict(FORM)


@pytest.fixture
def concern(school, principal):
    made = make_concern(school)
    mail.outbox.clear()
    return made


@pytest.fixture
def other_concern(other_school, outsider):
    return make_concern(other_school, email="someone@riverside.example")
