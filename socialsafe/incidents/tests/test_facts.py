"""Rules are re-evaluated whenever the facts change, and the actions follow."""

import pytest

from socialsafe.incidents.models import ActionKind, ActionStatus, Entry, InvalidTransition, Kind, Status, TargetKind
from socialsafe.incidents.services import incident_move, incident_report, incident_triage, incident_update_facts
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def test_new_facts_add_the_actions_the_policy_now_requires(principal, case):
    incident_triage(incident=case, by=principal.user, facts={})
    assert not case.actions.filter(kind=ActionKind.REFERRAL_PSNI).exists()
    created = incident_update_facts(
        incident=case, by=principal.user, facts={"content_hate": True}, reason="Seen again."
    )
    assert [a.kind for a in created] == [ActionKind.REFERRAL_PSNI]
    entry = case.timeline.filter(kind=Entry.FACT).last()
    assert "a hate crime" in entry.text and "Seen again." in entry.text


def test_withdrawn_facts_withdraw_open_actions_but_keep_done_ones(principal, case):
    incident_triage(incident=case, by=principal.user, facts={"content_abusive": True, "malicious_or_fictitious": True})
    psni = case.actions.get(kind=ActionKind.REFERRAL_PSNI)
    incident_update_facts(incident=case, by=principal.user, facts={"content_abusive": False})
    psni.refresh_from_db()
    assert psni.status == ActionStatus.WITHDRAWN
    assert case.timeline.filter(kind=Entry.ACTION_WITHDRAWN, action=psni).exists()
    assert case.actions.get(kind=ActionKind.REFERRAL_EA_LEGAL).status == ActionStatus.OPEN


def test_persistent_bullying_brings_in_the_child_protection_procedure(school, principal, designated_teacher):
    pupil = PupilFactory(school=school)
    case = incident_report(
        school=school,
        by=principal.user,
        fields=report_fields(kind=Kind.PUPIL_CYBERBULLYING, target_kind=TargetKind.PUPIL, target_pupil=pupil),
    )
    incident_triage(incident=case, by=designated_teacher.user, facts={})
    created = incident_update_facts(incident=case, by=designated_teacher.user, facts={"persistent": True})
    cp = next(a for a in created if a.kind == ActionKind.CHILD_PROTECTION)
    assert cp.owner == designated_teacher.member


def test_facts_before_triage_create_no_actions(principal, case):
    assert incident_update_facts(incident=case, by=principal.user, facts={"content_sexual": True}) == []
    assert case.actions.count() == 0


def test_facts_of_a_closed_case_cannot_change(principal, case):
    incident_move(incident=case, by=principal.user, to=Status.CLOSED, outcome="no_further_action")
    with pytest.raises(InvalidTransition):
        incident_update_facts(incident=case, by=principal.user, facts={"content_sexual": True})


def test_the_facts_page_refuses_a_teacher_who_only_follows_the_case(client, principal, teacher, school):
    pupil = PupilFactory(school=school)
    case = incident_report(
        school=school,
        by=principal.user,
        fields=report_fields(kind=Kind.PUPIL_CYBERBULLYING, target_kind=TargetKind.PUPIL, target_pupil=pupil),
    )
    client.force_login(teacher.user)
    assert client.post(f"/incidents/{case.pk}/facts/", {"content_sexual": "on"}).status_code == 403
