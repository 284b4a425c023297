"""The public welcome page: a code opens both documents; a tick records the acknowledgement, once."""

import datetime as dt

import pytest
from django.utils.timezone import now

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import submission_token
from socialsafe.families.codes import ALPHABET, code_for, normalise
from socialsafe.families.forms import CONFIRM_REQUIRED
from socialsafe.families.models import CODE_DAYS
from socialsafe.families.public_views import MISS_LIMIT
from socialsafe.families.tests.factories import invited_family

pytestmark = pytest.mark.django_db
URL = "/s/glenmore/welcome/"


@pytest.fixture
def invited(principal, policies, django_capture_on_commit_callbacks):
    return invited_family(principal, django_capture_on_commit_callbacks)


def test_it_makes_codes_of_eight_unambiguous_characters():
    for n in range(200):
        code = code_for(f"nonce-{n}")
        assert len(code) == 8 and set(code) <= set(ALPHABET)
        assert not set(code) & set("0O1I")
    assert normalise(" abcd-efgh ") == "ABCDEFGH"


def test_it_keeps_only_a_keyed_hash_of_the_code(invited):
    invitation, code = invited
    assert normalise(code) not in (invitation.code_hash, invitation.code_nonce)


def test_it_asks_for_the_code(client, school):
    r = client.get(URL)
    assert r.status_code == 200 and "Your code" in r.content.decode()


def test_it_opens_both_documents_with_the_code_in_any_case_and_records_the_acknowledgement(client, invited):
    invitation, code = invited
    r = client.get(URL, {"code": code.lower().replace("-", " ")})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Welcome, Ann Quinn" in html and "Social Media Policy" in html and "Parents&#x27; Code of Conduct" in html
    assert "Parents are asked to be courteous" in html
    invitation.refresh_from_db()
    assert invitation.acknowledged_at is None  # reading writes nothing but the view record
    assert AuditEvent.objects.filter(verb="families.welcome_viewed").count() == 1
    r = client.post(URL, {"code": code, "confirm": "on", "submission": submission_token()})
    assert r.status_code == 302 and r["Location"].endswith("/welcome/thanks/")
    invitation.refresh_from_db()
    assert invitation.acknowledged_at is not None
    event = AuditEvent.objects.get(verb="families.acknowledged")
    assert event.actor is None and event.school == invitation.school
    assert "Thank you" in client.get(r["Location"]).content.decode()


def test_it_refuses_without_the_tick_and_records_nothing(client, invited):
    invitation, code = invited
    r = client.post(URL, {"code": code, "submission": submission_token()})
    assert r.status_code == 400 and CONFIRM_REQUIRED in r.content.decode()
    invitation.refresh_from_db()
    assert invitation.acknowledged_at is None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the code from your letter or email."),
        ("ABC", "Enter the 8-character code"),
        ("ABCD-EFG0", "Enter the 8-character code"),
        ("ZZZZ-ZZZZ", "This code is not one we sent."),
    ],
)
def test_it_explains_a_wrong_code(client, invited, typed, message):
    r = client.get(URL, {"code": typed})
    assert r.status_code == 400 and message in r.content.decode()
    r = client.post(URL, {"code": typed, "confirm": "on", "submission": submission_token()})
    assert r.status_code == 400 and message in r.content.decode()
    assert not AuditEvent.objects.filter(verb="families.acknowledged").exists()


def test_it_says_a_used_code_has_been_used(client, invited):
    _invitation, code = invited
    client.post(URL, {"code": code, "confirm": "on", "submission": submission_token()})
    # Opening the letter's link again is not an error: the thanks page says when it was recorded.
    r = client.get(URL, {"code": code})
    assert r.status_code == 200 and "This code has already been used" in r.content.decode()
    assert "There is a problem" not in r.content.decode()
    r = client.post(URL, {"code": code, "confirm": "on", "submission": submission_token()})
    assert r.status_code == 200
    assert AuditEvent.objects.filter(verb="families.acknowledged").count() == 1


def test_it_says_an_expired_code_has_expired(client, invited, time_machine):
    _invitation, code = invited
    time_machine.move_to(now() + dt.timedelta(days=CODE_DAYS, hours=1))
    r = client.get(URL, {"code": code})
    assert r.status_code == 400 and "This code has expired" in r.content.decode()


def test_it_asks_for_a_new_letter_once_a_new_version_is_published(client, invited, principal):
    from django.utils.timezone import localdate

    from socialsafe.concerns.services import policy_version_publish

    _invitation, code = invited
    policy_version_publish(
        school=principal.school,
        kind="social-media",
        by=principal.user,
        label="2.0",
        published_on=localdate(),
        text="v2",
    )
    r = client.get(URL, {"code": code})
    assert r.status_code == 400 and "published a new version" in r.content.decode()


def test_it_does_the_work_once_when_the_form_is_sent_twice(client, invited):
    _invitation, code = invited
    token = submission_token()
    first = client.post(URL, {"code": code, "confirm": "on", "submission": token})
    second = client.post(URL, {"code": code, "confirm": "on", "submission": token})
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert AuditEvent.objects.filter(verb="families.acknowledged").count() == 1


def test_it_pauses_after_too_many_wrong_codes(client, invited):
    _invitation, code = invited
    for _ in range(MISS_LIMIT):
        assert client.get(URL, {"code": "ZZZZ-ZZZZ"}).status_code == 400
    r = client.get(URL, {"code": code})  # even the right code waits: the address is paused
    assert r.status_code == 429 and r["Retry-After"] == "3600"
    assert "Please wait before trying again" in r.content.decode()


def test_it_is_another_schools_code_nowhere_else(client, invited, other_school):
    _invitation, code = invited
    r = client.get("/s/riverside/welcome/", {"code": code})
    assert r.status_code == 400 and "not one we sent" in r.content.decode()
    assert client.get("/s/nope/welcome/").status_code == 404


def test_it_refuses_other_methods(client, invited):
    assert client.put(URL).status_code == 405
    assert client.post("/s/glenmore/welcome/thanks/").status_code == 405
