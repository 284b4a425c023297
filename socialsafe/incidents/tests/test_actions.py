import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from socialsafe.incidents.models import ActionKind, ActionStatus, Entry
from socialsafe.incidents.services import Completion, action_complete, incident_triage
from socialsafe.lib.tests.clock import ahead, days_ago, days_ahead, iso

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(principal, case):
    incident_triage(
        incident=case, by=principal.user, facts={"content_threatening": True, "malicious_or_fictitious": True}
    )
    return case


def test_a_psni_report_needs_a_named_person_and_a_crime_reference(client, principal, triaged):
    psni = triaged.actions.get(kind=ActionKind.REFERRAL_PSNI)
    client.force_login(principal.user)
    page = client.get(f"/incidents/actions/{psni.pk}/").content.decode()
    assert "SocialSafe never sends it on its own" in page
    r = client.post(f"/incidents/actions/{psni.pk}/", {"done_on": iso(days_ago(10)), "reference": "CW/123/26"})
    assert r.status_code == 400
    assert "A named person must confirm this escalation" in r.content.decode()
    psni.refresh_from_db()
    assert psni.status == ActionStatus.OPEN
    r = client.post(
        f"/incidents/actions/{psni.pk}/",
        {"done_on": iso(days_ago(10)), "reference": "", "confirmed_by": "Ruth Patterson"},
    )
    assert "Enter the PSNI crime reference number." in r.content.decode()
    r = client.post(
        f"/incidents/actions/{psni.pk}/",
        {"done_on": iso(days_ago(10)), "reference": "CW/123/26", "confirmed_by": "Ruth Patterson"},
    )
    assert r.status_code == 302
    psni.refresh_from_db()
    assert psni.status == ActionStatus.DONE and psni.record["reference"] == "CW/123/26"
    confirmed = triaged.timeline.get(kind=Entry.CONFIRMED)
    assert confirmed.actor == principal.user and "Ruth Patterson confirmed" in confirmed.text
    assert "crime reference CW/123/26" in triaged.timeline.get(kind=Entry.ACTION_DONE).text


def test_the_service_refuses_an_unconfirmed_escalation(principal, triaged):
    legal = triaged.actions.get(kind=ActionKind.REFERRAL_EA_LEGAL)
    with pytest.raises(ValidationError):
        action_complete(action=legal, by=principal.user, completion=Completion(record={}, summary="x"))
    legal.refresh_from_db()
    assert legal.status == ActionStatus.OPEN


def test_a_refused_removal_brings_the_platform_and_legal_advice(client, principal, triaged):
    removal = triaged.actions.get(kind=ActionKind.REMOVAL_REQUEST)
    client.force_login(principal.user)
    r = client.post(
        f"/incidents/actions/{removal.pk}/", {"done_on": iso(days_ago(10)), "method": "letter", "response": "refused"}
    )
    assert r.status_code == 302
    triaged.refresh_from_db()
    assert triaged.removal_refused
    rules_now = {rule for ids in triaged.actions.values_list("rule_ids", flat=True) for rule in ids}
    assert {"refused_removal_report_to_platform", "refused_removal_seek_ea_legal_advice"} <= rules_now
    # One EA Legal contact serves "malicious comments" and "removal refused": it quotes both clauses.
    legal = triaged.actions.get(kind=ActionKind.REFERRAL_EA_LEGAL)
    assert legal.rule_ids == ["malicious_refer_to_ea_legal", "refused_removal_seek_ea_legal_advice"]
    page = client.get(f"/incidents/actions/{legal.pk}/").content.decode()
    assert "Legal Department of the Education Authority" in page and "refuses to remove" in page


def test_a_premises_bar_is_recorded_in_the_register_not_ticked_on_its_action(client, principal, triaged):
    bar = triaged.actions.get(kind=ActionKind.PREMISES_BAR)
    client.force_login(principal.user)
    page = client.get(f"/incidents/actions/{bar.pk}/").content.decode()
    assert f'href="/registers/premises/case/{triaged.pk}/new/"' in page and "Record it as done" not in page
    r = client.post(f"/incidents/actions/{bar.pk}/", {"done_on": iso(days_ago(1)), "notes": "done"})
    assert r.status_code == 400 and "not by ticking it" in r.content.decode()
    bar.refresh_from_db()
    assert bar.status == ActionStatus.OPEN


def test_a_meeting_record_keeps_the_attendees_and_note_taker(client, principal, triaged):
    meeting = triaged.actions.get(kind=ActionKind.MEETING)
    client.force_login(principal.user)
    r = client.post(
        f"/incidents/actions/{meeting.pk}/",
        {
            "done_on": iso(days_ago(7)),
            "attendees": "Principal; Chair of Governors; Ms Poster",
            "note_taker": "Mrs Boyd, office",
            "outcome": "Agreed to remove the posts.",
        },
    )
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.record["note_taker"] == "Mrs Boyd, office"


def test_support_for_the_targeted_member_of_staff_is_recorded(client, principal, triaged):
    support = triaged.actions.get(kind=ActionKind.STAFF_SUPPORT)
    client.force_login(principal.user)
    client.post(
        f"/incidents/actions/{support.pk}/",
        {"done_on": iso(days_ago(9)), "response": "declined", "support": "Carecall"},
    )
    support.refresh_from_db()
    assert support.record["response"] == "declined"


def test_an_action_cannot_be_recorded_twice_or_with_a_future_date(client, principal, triaged):
    bullying = triaged.actions.get(kind=ActionKind.ANTI_BULLYING)
    client.force_login(principal.user)
    r = client.post(f"/incidents/actions/{bullying.pk}/", {"done_on": iso(days_ahead(7))})
    assert "cannot be in the future" in r.content.decode()
    client.post(f"/incidents/actions/{bullying.pk}/", {"done_on": iso(days_ago(10))})
    r = client.post(f"/incidents/actions/{bullying.pk}/", {"done_on": iso(days_ago(10))})
    assert r.status_code == 400 and "already finished" in r.content.decode()


def test_the_owner_can_record_their_action_and_others_cannot(
    client, principal, office, triaged, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/incidents/{triaged.pk}/actions/add/",
            {
                "kind": "other",
                "title": "Print the screenshots for the file",
                "owner": office.member.pk,
                "due_on": iso(days_ahead(30)),
            },
        )
    action = triaged.actions.get(title="Print the screenshots for the file")
    assert mail.outbox[-1].to == [office.user.email]
    client.force_login(office.user)
    assert client.get(f"/incidents/actions/{action.pk}/").status_code == 200
    other = triaged.actions.get(kind=ActionKind.EVIDENCE)
    # The office sees only its own part of the case: the other actions are not theirs to know of.
    assert client.get(f"/incidents/actions/{other.pk}/").status_code == 404


def test_an_action_cannot_go_to_someone_named_in_the_case(client, principal, teacher, triaged):
    client.force_login(principal.user)
    r = client.post(
        f"/incidents/{triaged.pk}/actions/add/",
        {"kind": "other", "title": "x", "owner": teacher.member.pk, "due_on": iso(days_ahead(30))},
    )
    assert r.status_code == 400  # the target is not even offered as an owner
    assert not triaged.actions.filter(title="x").exists()


def test_a_recommendation_can_be_accepted(client, principal, triaged):
    client.force_login(principal.user)
    html = client.get(f"/incidents/{triaged.pk}/").content.decode()
    assert "Consider school mediation or disciplinary procedures" in html
    client.post(
        f"/incidents/{triaged.pk}/actions/add/",
        {
            "kind": "mediation",
            "title": "Consider school mediation or disciplinary procedures",
            "owner": principal.member.pk,
            "due_on": iso(days_ahead(30)),
            "rule_id": "known_member_mediation_or_discipline",
        },
    )
    action = triaged.actions.get(kind=ActionKind.MEDIATION)
    assert not action.required_by_policy and action.rule_id == "known_member_mediation_or_discipline"


def test_withdrawing_needs_a_reason(client, principal, triaged):
    evidence = triaged.actions.get(kind=ActionKind.EVIDENCE)
    client.force_login(principal.user)
    assert client.post(f"/incidents/actions/{evidence.pk}/withdraw/", {"reason": ""}).status_code == 400
    assert (
        client.post(f"/incidents/actions/{evidence.pk}/withdraw/", {"reason": "Posts already deleted"}).status_code
        == 302
    )
    evidence.refresh_from_db()
    assert evidence.status == ActionStatus.WITHDRAWN


def test_my_actions_and_overdue_lists(client, principal, triaged, time_machine):
    client.force_login(principal.user)
    html = client.get("/incidents/actions/").content.decode()
    assert "Report the incident to the PSNI" in html and "Nothing is overdue." in html
    time_machine.move_to(ahead(days=182))  # long after every due date
    client.force_login(principal.user)  # the earlier session has expired by then
    html = client.get("/incidents/actions/").content.decode()
    assert "Overdue" in html
