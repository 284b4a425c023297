import pytest
from django.core import mail

from socialsafe.incidents.models import ActionKind, ActionStatus, Entry, Status
from socialsafe.lib.tests.clock import ahead

pytestmark = pytest.mark.django_db


def test_triage_turns_the_facts_into_owned_dated_actions(client, principal, case, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/incidents/{case.pk}/triage/", {"content_threatening": "on", "malicious_or_fictitious": "on"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.TRIAGED and case.content_threatening and case.malicious_or_fictitious
    kinds = {a.kind for a in case.actions.all()}
    assert {
        ActionKind.EVIDENCE,
        ActionKind.INVITATION,
        ActionKind.MEETING,
        ActionKind.REMOVAL_REQUEST,
        ActionKind.REFERRAL_PSNI,
        ActionKind.REFERRAL_EA_LEGAL,
        ActionKind.PREMISES_BAR,
        ActionKind.STAFF_SUPPORT,
        ActionKind.ANTI_BULLYING,
    } <= kinds
    psni = case.actions.get(kind=ActionKind.REFERRAL_PSNI)
    assert psni.needs_confirmation and psni.owner == principal.member and psni.status == ActionStatus.OPEN
    assert all(a.due_on and a.owner_id for a in case.actions.all())
    assert case.timeline.filter(kind=Entry.ACTION_ADDED).count() == case.actions.count()
    assert case.timeline.filter(kind=Entry.FACT).count() == 2
    assert not mail.outbox  # the Principal owns every action and did the triage: nobody else to tell


def test_triage_is_refused_twice_and_changes_nothing(client, principal, case):
    client.force_login(principal.user)
    client.post(f"/incidents/{case.pk}/triage/", {})
    count = case.actions.count()
    r = client.post(f"/incidents/{case.pk}/triage/", {"content_sexual": "on"})
    assert r.status_code == 400
    assert "cannot be triaged" in r.content.decode()
    case.refresh_from_db()
    assert not case.content_sexual and case.actions.count() == count


def test_triage_is_refused_to_someone_who_does_not_manage_the_case(client, office, case, designated_teacher):
    client.force_login(designated_teacher.user)  # a staff case: not a designated teacher's to manage
    assert client.post(f"/incidents/{case.pk}/triage/", {}).status_code == 404
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_triage_only_by_post(client, principal, case):
    client.force_login(principal.user)
    assert client.get(f"/incidents/{case.pk}/triage/").status_code == 405


def test_the_case_page_shows_what_the_policy_will_require_before_triage(client, principal, case):
    client.force_login(principal.user)
    html = client.get(f"/incidents/{case.pk}/").content.decode()
    assert "With the facts as reported, the policy requires" in html
    assert "Take screenshots of the posts with the date and time" in html
    assert "Staff must not respond to the post or the correspondence." in html


def test_the_home_page_shows_new_cases_and_actions_to_their_owner(client, principal, teacher, case, time_machine):
    client.force_login(principal.user)
    html = client.get("/").content.decode()
    assert "New cases for you" in html and case.reference in html
    client.post(f"/incidents/{case.pk}/triage/", {"content_threatening": "on"})
    html = client.get("/").content.decode()
    assert "Report the incident to the PSNI" in html and "Nothing waiting to be triaged." in html
    time_machine.move_to(ahead(days=182))  # long after every due date
    client.force_login(principal.user)
    assert "overdue</strong>" in client.get("/").content.decode()
    client.force_login(teacher.user)  # the target: nothing of the case on their home page
    assert case.reference not in client.get("/").content.decode()
