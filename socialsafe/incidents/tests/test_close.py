"""A case closes only when each of its actions is done or withdrawn with a reason; a closed case nags nobody."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate

from socialsafe.incidents.access import visible_incidents
from socialsafe.incidents.models import Action, ActionStatus, Status
from socialsafe.incidents.selectors import actions_for, overdue_actions
from socialsafe.incidents.services import action_withdraw, incident_move, incident_triage, overdue_reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(case, principal):
    incident_triage(
        incident=case, by=principal.user, facts={"content_threatening": True, "malicious_or_fictitious": True}
    )
    case.refresh_from_db()
    return case


def test_it_refuses_to_close_a_case_with_actions_to_do(client, principal, triaged):
    required = list(triaged.actions.filter(required_by_policy=True, status=ActionStatus.OPEN))
    assert len(required) >= 5  # the EA Legal referral among them
    client.force_login(principal.user)
    page = client.get(f"/incidents/{triaged.pk}/").content.decode()
    assert 'id="open-actions"' in page
    r = client.post(f"/incidents/{triaged.pk}/move/", {"to": "closed", "outcome": "resolved", "note": ""})
    assert r.status_code == 400
    html = r.content.decode()
    assert "cannot be closed while" in html and "Refer the posts to the Education Authority Legal Department" in html
    triaged.refresh_from_db()
    assert triaged.status == Status.TRIAGED and triaged.closed_at is None
    assert not triaged.timeline.filter(text__startswith="Closed").exists()


def test_it_closes_once_each_action_is_done_or_withdrawn_with_a_reason(client, principal, triaged):
    for action in triaged.actions.open():
        action_withdraw(action=action, by=principal.user, reason="The parent removed the posts and apologised.")
    client.force_login(principal.user)
    r = client.post(f"/incidents/{triaged.pk}/move/", {"to": "closed", "outcome": "resolved", "note": ""})
    assert r.status_code == 302
    triaged.refresh_from_db()
    assert triaged.status == Status.CLOSED


def test_the_service_refuses_it_too(principal, triaged):
    with pytest.raises(ValidationError, match="still to do"):
        incident_move(incident=triaged, by=principal.user, to=Status.CLOSED, outcome="resolved")


def test_a_withdrawal_needs_a_reason(client, principal, triaged):
    action = triaged.actions.open().first()
    client.force_login(principal.user)
    r = client.post(f"/incidents/actions/{action.pk}/withdraw/", {"reason": "  "})
    assert r.status_code == 400
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_actions_of_a_closed_case_leave_every_list_and_reminder(principal, triaged, time_machine):
    # A case closed before closing was guarded, with its actions still open, must not nag anyone.
    Action.objects.filter(incident=triaged).update(due_on=localdate() - dt.timedelta(days=10))
    type(triaged).objects.filter(pk=triaged.pk).update(status=Status.CLOSED)
    roles = frozenset({"principal"})
    visible = visible_incidents(principal.user, principal.school, roles)
    assert list(actions_for(principal.user, visible)) == []
    assert overdue_actions(visible, managed_by=principal.user, roles=roles) == []
    assert overdue_reminders_send() == 0
    assert mail.outbox == []
