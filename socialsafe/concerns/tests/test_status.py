"""The parent's private status page: their concern, its state and the school's replies."""

import pytest

from socialsafe.concerns.services import concern_reply
from socialsafe.concerns.tests.conftest import make_concern

pytestmark = pytest.mark.django_db


def _url(concern) -> str:
    return f"/s/{concern.school.slug}/concern/status/{concern.status_token}/"


def test_it_shows_the_concern_and_the_replies(client, concern, principal):
    concern_reply(concern=concern, by=principal.user, text="Thank you. I have spoken to the parent concerned.")
    r = client.get(_url(concern))
    html = r.content.decode()
    assert r.status_code == 200
    assert concern.reference in html and "Answered" in html
    assert "I have spoken to the parent concerned." in html
    assert "Mr Burns is useless" in html


def test_the_token_is_long_and_random(school, principal):
    a, b = make_concern(school), make_concern(school)
    assert len(a.status_token) >= 40 and a.status_token != b.status_token


def test_an_unknown_token_is_404(client, concern):
    assert client.get(f"/s/glenmore/concern/status/{concern.status_token[:-2]}xx/").status_code == 404
    assert client.get(f"/s/glenmore/concern/status/{'a' * 5000}/").status_code == 404


def test_another_schools_address_does_not_show_it(client, concern, other_school):
    assert client.get(f"/s/riverside/concern/status/{concern.status_token}/").status_code == 404


def test_an_unconfirmed_concern_has_no_status_page(client, school):
    pending = make_concern(school, confirm=False)
    assert client.get(_url(pending)).status_code == 404


def test_it_only_answers_get(client, concern):
    assert client.post(_url(concern)).status_code == 405
