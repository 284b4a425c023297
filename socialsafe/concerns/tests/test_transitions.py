"""The inbox states as an explicit transition table; a refused move changes nothing."""

import pytest
from django.core import mail

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import TRANSITIONS, AppendOnlyError, ConcernEvent, ConcernStatus, InvalidTransition
from socialsafe.concerns.services import concern_acknowledge, concern_close

pytestmark = pytest.mark.django_db


def test_the_table_covers_every_state_and_closed_only_reopens():
    assert set(TRANSITIONS) == set(ConcernStatus.values)
    assert TRANSITIONS[ConcernStatus.CLOSED] == {ConcernStatus.ACKNOWLEDGED}
    assert TRANSITIONS[ConcernStatus.PENDING] == {ConcernStatus.NEW}
    assert ConcernStatus.NEW not in set().union(*[TRANSITIONS[s] for s in ConcernStatus if s != ConcernStatus.PENDING])


def test_the_model_refuses_a_move_not_in_the_table(concern):
    concern.move_to(ConcernStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        concern.move_to(ConcernStatus.ANSWERED)


def test_it_acknowledges_and_tells_the_parent(client, principal, concern, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/concerns/inbox/{concern.pk}/acknowledge/")
    assert r.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACKNOWLEDGED and concern.first_response_at
    assert mail.outbox[0].to == [concern.email] and "has been read" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(verb="concern.acknowledged").count() == 1
    assert concern.events.last().text.startswith("Acknowledged by")


def test_acknowledging_twice_is_refused_and_changes_nothing(client, principal, concern):
    concern_acknowledge(concern=concern, by=principal.user)
    client.force_login(principal.user)
    events = ConcernEvent.objects.count()
    r = client.post(f"/concerns/inbox/{concern.pk}/acknowledge/")
    assert r.status_code == 400 and "can no longer be acknowledged" in r.content.decode()
    assert ConcernEvent.objects.count() == events


def test_it_opens_the_complaints_procedure(client, principal, concern, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/concerns/inbox/{concern.pk}/complaint/", {"complaint-note": "Asked for by the parent."})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.COMPLAINT and concern.complaint_opened_at
    assert "Complaints Procedure was opened" in concern.events.last().text
    assert "Asked for by the parent." in concern.events.last().text
    assert "Complaints Procedure" in mail.outbox[0].body
    page = client.get(f"/s/glenmore/concern/status/{concern.status_token}/").content.decode()
    assert "Complaints Procedure" in page


def test_it_closes_and_reopens(client, principal, concern):
    client.force_login(principal.user)
    client.post(f"/concerns/inbox/{concern.pk}/close/", {"close-note": "Resolved by phone."})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED and concern.closed_at
    r = client.post(f"/concerns/inbox/{concern.pk}/close/", {"close-note": ""})
    assert r.status_code == 400 and "already closed" in r.content.decode()
    r = client.post(f"/concerns/inbox/{concern.pk}/complaint/", {"complaint-note": ""})
    assert r.status_code == 400
    client.post(f"/concerns/inbox/{concern.pk}/reopen/")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACKNOWLEDGED and concern.closed_at is None


def test_reopening_an_open_concern_is_refused(client, principal, concern):
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/reopen/")
    assert r.status_code == 400
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NEW


def test_an_over_long_note_is_refused(client, principal, concern):
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/close/", {"close-note": "x" * 2001})
    assert r.status_code == 400
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NEW


def test_history_is_append_only(principal, concern):
    concern_close(concern=concern, by=principal.user)
    event = concern.events.first()
    event.text = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        concern.events.all().delete()
