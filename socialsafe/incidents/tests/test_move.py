"""The case's state machine: reported → triaged → in progress → awaiting outcome → closed, and reopen."""

import pytest

from socialsafe.incidents.models import Entry, InvalidTransition, Status
from socialsafe.incidents.services import incident_move, incident_triage

pytestmark = pytest.mark.django_db


def test_a_case_goes_through_its_states_and_closes_with_an_outcome(client, principal, case):
    incident_triage(incident=case, by=principal.user, facts={})
    client.force_login(principal.user)
    for to in ("in_progress", "awaiting_outcome"):
        assert client.post(f"/incidents/{case.pk}/move/", {"to": to}).status_code == 302
    for action in case.actions.filter(status="open"):  # a case closes once each action is finished
        r = client.post(f"/incidents/actions/{action.pk}/withdraw/", {"reason": "The posts were taken down."})
        assert r.status_code == 302
    r = client.post(f"/incidents/{case.pk}/move/", {"to": "closed", "outcome": "resolved", "note": "Posts removed."})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at and case.outcome == "resolved"
    assert "Closed: Resolved" in case.timeline.filter(kind=Entry.STATUS).last().text


def test_closing_without_an_outcome_is_refused_and_changes_nothing(client, principal, case):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/move/", {"to": "closed"})
    assert r.status_code == 400 and "Choose the outcome to close the case." in r.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REPORTED


@pytest.mark.parametrize("to", ["awaiting_outcome", "in_progress", "triaged", "nonsense"])
def test_an_invalid_transition_is_refused_with_a_message(client, principal, case, to):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/move/", {"to": to})
    assert r.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.REPORTED
    assert case.timeline.filter(kind=Entry.STATUS).count() == 0


def test_reopening_needs_a_reason(principal, case):
    incident_move(incident=case, by=principal.user, to=Status.CLOSED, outcome="no_further_action")
    with pytest.raises(Exception, match="Say why"):
        incident_move(incident=case, by=principal.user, to=Status.IN_PROGRESS)
    incident_move(incident=case, by=principal.user, to=Status.IN_PROGRESS, note="The posts are back.")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.closed_at is None


def test_the_model_refuses_moves_not_in_the_table(case):
    with pytest.raises(InvalidTransition):
        case.move_to(Status.AWAITING_OUTCOME)


def test_only_those_who_manage_the_case_may_move_it(client, office, case):
    client.force_login(office.user)  # can see nothing of a case they did not report
    assert client.post(f"/incidents/{case.pk}/move/", {"to": "closed", "outcome": "resolved"}).status_code == 404
