"""Doing the thing completes the action that asked for it, wherever it is done, and the case moves itself on."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.incidents import rules
from socialsafe.incidents.models import ActionKind, ActionStatus, Entry, Status
from socialsafe.incidents.services import (
    Completion,
    action_complete,
    action_withdraw,
    incident_move,
    incident_triage,
    incident_update_facts,
    takedown_add,
)
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.lib.dates import add_months
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso
from socialsafe.registers.models import PremisesBan

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(principal, case):
    incident_triage(
        incident=case, by=principal.user, facts={"content_threatening": True, "malicious_or_fictitious": True}
    )
    case.refresh_from_db()
    return case


def upload(client, case, *, grounds: str = "Threats against a colleague: needed for a PSNI report."):
    return client.post(
        f"/evidence/case/{case.pk}/add/",
        {
            **metadata(grounds=grounds),
            "files": [SimpleUploadedFile("post.png", screenshot("watch your back"), content_type="image/png")],
        },
    )


def state(case) -> str:
    case.refresh_from_db()
    return case.status


def test_a_dated_screenshot_with_grounds_completes_take_screenshots(client, principal, triaged):
    evidence = triaged.actions.get(kind=ActionKind.EVIDENCE)
    client.force_login(principal.user)
    assert upload(client, triaged).status_code == 302
    evidence.refresh_from_db()
    assert evidence.status == ActionStatus.DONE and evidence.completed_by == principal.user
    assert evidence.record["grounds"].startswith("Threats against a colleague")
    done = triaged.timeline.get(kind=Entry.ACTION_DONE, action=evidence)
    assert "post.png, captured" in done.text
    assert state(triaged) == Status.IN_PROGRESS
    assert triaged.timeline.filter(kind=Entry.STATUS, data__automatic=True).count() == 1


def test_a_screenshot_the_reporter_added_before_triage_makes_the_action_done_at_triage(
    client, teacher, principal, case
):
    client.force_login(principal.user)
    assert upload(client, case).status_code == 302
    incident_triage(incident=case, by=principal.user, facts={"content_threatening": True})
    evidence = case.actions.get(kind=ActionKind.EVIDENCE)
    assert evidence.status == ActionStatus.DONE
    assert case.timeline.filter(kind=Entry.ACTION_DONE, action=evidence, text__contains="already done: post.png")
    assert state(case) == Status.IN_PROGRESS


def test_the_invitation_letter_completes_the_invitation_and_the_meeting_page_links_it(client, principal, triaged):
    invite = triaged.actions.get(kind=ActionKind.INVITATION)
    letter = issue_invitation(triaged, by=principal.user, note_taker=principal.member)
    invite.refresh_from_db()
    assert invite.status == ActionStatus.DONE and invite.record["letter"] == letter.pk
    meeting = triaged.actions.get(kind=ActionKind.MEETING)
    assert meeting.status == ActionStatus.OPEN  # the meeting itself is recorded when it is held
    client.force_login(principal.user)
    page = client.get(f"/incidents/actions/{meeting.pk}/").content.decode()
    assert f"/letters/{letter.pk}/" in page and "?kind=meeting_outcome" in page


def test_recording_the_bar_in_the_register_completes_the_licence_action(client, principal, triaged):
    bar_action = triaged.actions.get(kind=ActionKind.PREMISES_BAR)
    client.force_login(principal.user)
    start = days_ago(1)
    r = client.post(
        f"/registers/premises/case/{triaged.pk}/new/",
        {
            "guardian": triaged.responsible_guardian_id,
            "reason": "Malicious comments",
            "starts_on": iso(start),
            "ends_on": iso(add_months(start, 4)),
            "review_on": iso(add_months(start, 3)),
        },
        follow=True,
    )
    assert "Done: Revoke the parent" in r.content.decode()
    ban = PremisesBan.objects.get(incident=triaged)
    bar_action.refresh_from_db()
    assert bar_action.status == ActionStatus.DONE and bar_action.record["premises_bar"] == ban.pk
    assert state(triaged) == Status.IN_PROGRESS


def test_the_ict_ban_register_completes_the_ban_and_the_case_is_ready_to_close(client, principal, school, teacher):
    from socialsafe.incidents.models import Kind, Platform, ResponsibleKind, TargetKind
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields
    from socialsafe.schools.tests.factories import PupilFactory

    pupil = PupilFactory(school=school)
    fields = report_fields(
        kind=Kind.FIREWALL,
        platform=Platform.NONE,
        out_of_hours=False,
        grounds=[],
        target_kind=TargetKind.SCHOOL,
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=pupil,
    )
    case = incident_report(school=school, by=teacher.user, fields=fields)
    incident_triage(incident=case, by=principal.user, facts={})
    client.force_login(principal.user)
    r = client.post(
        f"/registers/ict/case/{case.pk}/new/",
        {"pupil": pupil.pk, "reason": "Proxy site", "starts_on": iso(days_ago(1)), "ends_on": ""},
        follow=True,
    )
    assert r.status_code == 200
    assert case.actions.get(kind=ActionKind.ICT_BAN).status == ActionStatus.DONE
    assert state(case) == Status.READY_TO_CLOSE
    assert "ready to close" in r.content.decode()
    detail = client.get(f"/incidents/{case.pk}/").content.decode()
    assert "Every action is done" in detail


def test_asking_the_poster_on_the_takedown_tracker_completes_the_removal_request(principal, triaged):
    removal = triaged.actions.get(kind=ActionKind.REMOVAL_REQUEST)
    takedown_add(incident=triaged, by=principal.user, stage="asked_poster", on=days_ago(1))
    removal.refresh_from_db()
    assert removal.status == ActionStatus.DONE


def test_recording_the_removal_request_on_its_action_adds_the_takedown_step(client, principal, triaged):
    removal = triaged.actions.get(kind=ActionKind.REMOVAL_REQUEST)
    client.force_login(principal.user)
    r = client.post(
        f"/incidents/actions/{removal.pk}/", {"done_on": iso(days_ago(2)), "method": "letter", "response": "no_reply"}
    )
    assert r.status_code == 302
    assert list(triaged.takedown_steps.values_list("stage", flat=True)) == ["asked_poster"]


def test_a_refused_removal_and_malicious_posts_make_one_legal_action(client, principal, triaged):
    incident_update_facts(incident=triaged, by=principal.user, facts={"removal_refused": True})
    legal = triaged.actions.filter(kind=ActionKind.REFERRAL_EA_LEGAL).exclude(status=ActionStatus.WITHDRAWN)
    assert legal.count() == 1
    assert legal.get().rule_ids == ["malicious_refer_to_ea_legal", "refused_removal_seek_ea_legal_advice"]
    platform = triaged.actions.filter(kind=ActionKind.PLATFORM_REPORT)
    assert platform.count() == 1


def test_a_confirmed_psni_report_no_longer_says_needs_confirming(client, principal, triaged):
    psni = triaged.actions.get(kind=ActionKind.REFERRAL_PSNI)
    client.force_login(principal.user)
    before = client.get(f"/incidents/{triaged.pk}/").content.decode().count("Needs confirming")
    assert before == 2  # the PSNI report and the EA Legal referral
    action_complete(
        action=psni,
        by=principal.user,
        completion=Completion(record={"done_on": iso(days_ago(1)), "reference": "CW/1/26"}, summary="reported."),
        confirmed_by_name="Ruth Patterson",
    )
    html = client.get(f"/incidents/{triaged.pk}/").content.decode()
    assert html.count("Needs confirming") == 1 and "Confirmed by Ruth Patterson" in html


def test_the_case_moves_itself_and_a_person_closes_it(principal, triaged):
    assert state(triaged) == Status.TRIAGED
    open_actions = list(triaged.actions.filter(status=ActionStatus.OPEN))
    first, rest = open_actions[0], open_actions[1:]
    action_withdraw(action=first, by=principal.user, reason="Dealt with by the EA.")
    assert state(triaged) == Status.IN_PROGRESS
    for action in rest:
        action_withdraw(action=action, by=principal.user, reason="Not needed.")
    # Withdrawn is not done: a case with nothing done is not "ready to close" by itself.
    assert state(triaged) == Status.IN_PROGRESS
    incident_move(incident=triaged, by=principal.user, to=Status.CLOSED, outcome="no_further_action")
    assert state(triaged) == Status.CLOSED


def test_a_new_action_takes_a_ready_case_back_to_in_progress(principal, triaged):
    for action in triaged.actions.filter(status=ActionStatus.OPEN):
        if action.kind == ActionKind.ANTI_BULLYING:
            action_complete(
                action=action,
                by=principal.user,
                completion=Completion(record={"done_on": iso(days_ago(1))}, summary="done."),
            )
        else:
            action_withdraw(action=action, by=principal.user, reason="Not needed.")
    assert state(triaged) == Status.READY_TO_CLOSE
    incident_update_facts(incident=triaged, by=principal.user, facts={"content_sexual": True})
    # Nothing new is required by a sexual-content fact here beyond the PSNI report, which was withdrawn: the rules
    # bring no new action, so the state holds. A hand-added action does take it back.
    from socialsafe.incidents.services import action_add

    action_add(
        incident=triaged,
        by=principal.user,
        kind=ActionKind.OTHER,
        title="Ring the parent",
        owner=principal.member,
        due_on=days_ahead(3),
    )
    assert state(triaged) == Status.IN_PROGRESS


def test_the_rules_say_which_records_complete_which_actions():
    assert rules.kinds_completed_by(rules.PREMISES_BARRED) == [ActionKind.PREMISES_BAR]
    assert rules.kinds_completed_by(rules.EVIDENCE_CAPTURED) == [ActionKind.EVIDENCE]
    assert set(rules.COMPLETED_BY) >= rules.DONE_ELSEWHERE


def test_the_summary_says_what_the_case_is_waiting_for(client, principal, triaged):
    client.force_login(principal.user)
    assert "Waiting for" not in client.get(f"/incidents/{triaged.pk}/").content.decode()
    takedown_add(incident=triaged, by=principal.user, stage="reported_platform", on=days_ago(1), reference="FB-1")
    action_complete(
        action=triaged.actions.get(kind=ActionKind.REFERRAL_PSNI),
        by=principal.user,
        completion=Completion(record={"done_on": iso(days_ago(1)), "reference": "CW/9/26"}, summary="reported."),
        confirmed_by_name="Ruth Patterson",
    )
    summary = client.get(f"/incidents/{triaged.pk}/").content.decode().split('id="summary"', 1)[1].split("</dl>")[0]
    assert "The content to come down: reported to the platform" in summary
    assert "Referred to the PSNI (CW/9/26)" in summary
    takedown_add(incident=triaged, by=principal.user, stage="removed", on=days_ago(0))
    summary = client.get(f"/incidents/{triaged.pk}/").content.decode().split('id="summary"', 1)[1].split("</dl>")[0]
    assert "The content to come down" not in summary
