"""Replies to the parent, shown on their status page and emailed; reply templates to start from."""

import pytest
from django.core import mail

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import ConcernMessage, ConcernStatus, ReplyTemplate
from socialsafe.concerns.services import concern_close

pytestmark = pytest.mark.django_db


def test_it_sends_a_reply(client, principal, concern, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/concerns/inbox/{concern.pk}/reply/", {"text": "I have asked for the post to be removed."})
    assert r.status_code == 302
    concern.refresh_from_db()
    message = ConcernMessage.objects.get()
    assert concern.status == ConcernStatus.ANSWERED and concern.first_response_at == message.at
    assert message.author == principal.user
    assert mail.outbox[0].to == [concern.email]
    assert "I have asked for the post to be removed." in mail.outbox[0].body
    assert f"/s/glenmore/concern/status/{concern.status_token}/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="concern.replied").exists()


def test_a_second_reply_keeps_it_answered_and_the_first_response_time(client, principal, concern):
    client.force_login(principal.user)
    client.post(f"/concerns/inbox/{concern.pk}/reply/", {"text": "First."})
    concern.refresh_from_db()
    first = concern.first_response_at
    client.post(f"/concerns/inbox/{concern.pk}/reply/", {"text": "Second."})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ANSWERED and concern.first_response_at == first
    assert ConcernMessage.objects.count() == 2


@pytest.mark.parametrize("text", ["", "   ", "x" * 10001, "nul\x00"])
def test_a_bad_reply_is_refused(client, principal, concern, text):
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/reply/", {"text": text})
    assert r.status_code == 400 and "Nothing was changed." in r.content.decode()
    assert not ConcernMessage.objects.exists()


def test_a_closed_concern_cannot_be_answered(client, principal, concern):
    concern_close(concern=concern, by=principal.user)
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/reply/", {"text": "Hello"})
    assert r.status_code == 400 and "reopen it first" in r.content.decode()
    assert not ConcernMessage.objects.exists()


def test_a_template_fills_the_reply_box(client, principal, concern, other_school):
    ours = ReplyTemplate.objects.create(school=principal.school, title="Thanks", text="Thank you for telling me.")
    theirs = ReplyTemplate.objects.create(school=other_school, title="Theirs", text="Riverside's own words.")
    client.force_login(principal.user)
    html = client.get(f"/concerns/inbox/{concern.pk}/?template={ours.pk}").content.decode()
    assert ">Thank you for telling me.</textarea>" in html
    html = client.get(f"/concerns/inbox/{concern.pk}/?template={theirs.pk}").content.decode()
    assert "Riverside's own words." not in html and "Riverside&#x27;s own words." not in html
