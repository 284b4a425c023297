"""Long, malformed or hostile input is refused, or stored as typed and shown escaped: never executed."""

import pytest
from django.core import mail

from socialsafe.concerns.models import Concern
from socialsafe.concerns.services import concern_reply
from socialsafe.concerns.tests.conftest import make_concern

pytestmark = pytest.mark.django_db

URL = "/s/glenmore/concern/"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_is_stored_as_typed_and_shown_escaped_everywhere(client, school, principal):
    concern = make_concern(school, name=f"Eve {SCRIPT}"[:100], what_happened=f"Look: {SCRIPT}", wanted_outcome=SCRIPT)
    assert SCRIPT in concern.what_happened  # stored as typed
    pages = [f"/s/glenmore/concern/status/{concern.status_token}/"]
    client.force_login(principal.user)
    pages += ["/concerns/inbox/", f"/concerns/inbox/{concern.pk}/"]
    for page in pages:
        html = client.get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, page


def test_script_in_a_reply_is_escaped_on_the_status_page(client, concern, principal):
    concern_reply(concern=concern, by=principal.user, text=SCRIPT)
    html = client.get(f"/s/glenmore/concern/status/{concern.status_token}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_10_mb_body_is_refused_and_nothing_is_stored(client, school, form_data):
    r = client.post(URL, {**form_data, "what_happened": "x" * (10 * 1024 * 1024)})
    assert r.status_code == 400
    assert not Concern.objects.exists() and not mail.outbox


def test_a_10_mb_raw_body_is_refused(client, school):
    r = client.generic("POST", URL, b"a=" + b"x" * (10 * 1024 * 1024), content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
    assert not Concern.objects.exists()


@pytest.mark.parametrize("field", ["name", "what_happened", "wanted_outcome"])
def test_nul_bytes_are_refused(client, school, form_data, field):
    r = client.post(URL, {**form_data, field: "before\x00after"})
    assert r.status_code == 400
    assert "Null characters are not allowed." in r.content.decode()
    assert not Concern.objects.exists()


def test_other_control_characters_are_refused(client, school, form_data):
    r = client.post(URL, {**form_data, "what_happened": "bell\x07 and escape\x1b[31m"})
    assert r.status_code == 400 and "Remove the unusual characters" in r.content.decode()


def test_ordinary_line_breaks_and_unicode_are_kept(client, school, form_data):
    text = "Line one\r\nLine two\twith a tab — and Gaeilge: Dia duit, and an emoji 🙂"
    assert client.post(URL, {**form_data, "what_happened": text}).status_code == 302
    assert Concern.objects.get().what_happened == text


def test_malformed_posts_do_not_crash(client, school):
    r = client.post(URL, "%%%not-a-form\xff", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
    r = client.post(URL, {"topic": ["social_media", "bullying"], "name": ["a", "b"]})
    assert r.status_code == 400
