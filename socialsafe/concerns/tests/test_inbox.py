"""The Principal's inbox: need-to-know (Principal and Vice-Principal), one school only, confirmed concerns only."""

import datetime as dt

import pytest
import time_machine

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.services import concern_reply
from socialsafe.concerns.tests.conftest import make_concern

pytestmark = pytest.mark.django_db


def test_the_principal_sees_the_schools_confirmed_concerns(client, principal, concern, other_concern):
    pending = make_concern(principal.school, confirm=False, name="Not Confirmed")
    client.force_login(principal.user)
    r = client.get("/concerns/inbox/")
    html = r.content.decode()
    assert r.status_code == 200
    assert concern.reference in html and "Sinead Kelly" in html
    assert other_concern.reference not in html  # another school's
    assert "Not Confirmed" not in html  # not confirmed: not sent yet
    assert client.get(f"/concerns/inbox/{pending.pk}/").status_code == 404


def test_the_vice_principal_has_the_inbox_too(client, vice_principal, concern):
    client.force_login(vice_principal.user)
    assert client.get("/concerns/inbox/").status_code == 200
    assert client.get(f"/concerns/inbox/{concern.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["teacher", "designated_teacher", "office", "staff", "chair", "governor", "parent"])
def test_nobody_else_may_open_it(client, concern, persona, request):
    person = request.getfixturevalue(persona)
    client.force_login(person.user)
    assert client.get("/concerns/inbox/").status_code == 403
    assert client.get(f"/concerns/inbox/{concern.pk}/").status_code == 403
    assert client.post(f"/concerns/inbox/{concern.pk}/reply/", {"text": "x"}).status_code == 403


def test_it_asks_anonymous_people_to_sign_in(client, concern):
    r = client.get("/concerns/inbox/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/sign-in/")


def test_another_schools_concern_is_404(client, outsider, concern):
    client.force_login(outsider.user)
    assert client.get(f"/concerns/inbox/{concern.pk}/").status_code == 404
    assert client.post(f"/concerns/inbox/{concern.pk}/acknowledge/").status_code == 404


def test_it_filters_by_state(client, principal, concern):
    answered = make_concern(principal.school, name="Answered Person")
    concern_reply(concern=answered, by=principal.user, text="Done.")
    client.force_login(principal.user)
    html = client.get("/concerns/inbox/?status=new").content.decode()
    assert concern.reference in html and answered.reference not in html
    html = client.get("/concerns/inbox/?status=answered").content.decode()
    assert answered.reference in html and concern.reference not in html
    assert "Open (2)" in client.get("/concerns/inbox/?status=bogus").content.decode()


def test_it_shows_when_a_reply_is_due_overdue_and_the_time_to_first_response(client, principal, concern):
    client.force_login(principal.user)
    html = client.get("/concerns/inbox/").content.decode()
    assert f"due {concern.due_on:%-d %b %Y}" in html and "Overdue" not in html
    with time_machine.travel(dt.datetime.combine(concern.due_on + dt.timedelta(days=2), dt.time(12), dt.UTC)):
        client.force_login(principal.user)
        assert "Overdue" in client.get("/concerns/inbox/").content.decode()
    concern_reply(concern=concern, by=principal.user, text="Thanks.")
    html = client.get("/concerns/inbox/?status=all").content.decode()
    assert "First response after 0" in html and "Overdue" not in html
    assert "first answered a concern after 0\xa0minutes on average" in html


def test_opening_a_concern_is_logged(client, principal, concern):
    client.force_login(principal.user)
    client.get(f"/concerns/inbox/{concern.pk}/")
    assert AuditEvent.objects.filter(verb="concern.viewed", target_id=str(concern.pk), actor=principal.user).exists()


def test_index_leads_each_person_to_their_page(client, principal, parent, teacher, chair):
    for person, where in [
        (principal, "/concerns/inbox/"),
        (parent, "/concerns/mine/"),
        (teacher, "/concerns/policies/"),
    ]:
        client.force_login(person.user)
        assert client.get("/concerns/")["Location"] == where
    client.force_login(chair.user)
    assert client.get("/concerns/").status_code == 403


@pytest.mark.parametrize("path", ["/concerns/inbox/", "/concerns/inbox/{pk}/"])
def test_the_pages_only_answer_get(client, principal, concern, path):
    client.force_login(principal.user)
    assert client.post(path.format(pk=concern.pk)).status_code == 405


@pytest.mark.parametrize("action", ["acknowledge", "reply", "case", "complaint", "close", "reopen"])
def test_the_actions_only_answer_post(client, principal, concern, action):
    client.force_login(principal.user)
    assert client.get(f"/concerns/inbox/{concern.pk}/{action}/").status_code == 405
