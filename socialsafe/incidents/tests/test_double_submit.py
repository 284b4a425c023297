"""A double click on a form that creates something creates it once, and the second post shows the first result."""

import datetime as dt

import pytest
from django.core import mail
from django.utils.timezone import localtime

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import ALREADY_DONE
from socialsafe.audit.tests.helpers import token_in
from socialsafe.incidents.models import ActionKind, ActionStatus, Entry, Incident
from socialsafe.incidents.services import incident_triage

pytestmark = pytest.mark.django_db


def report_data(teacher_member) -> dict:
    when = localtime() - dt.timedelta(days=1)
    return {
        "kind": "staff_abuse",
        "summary": "Abusive comments about a colleague in the P4 parents' WhatsApp group",
        "description": "A parent wrote that he is useless and should watch his back.",
        "occurred_on": when.date().isoformat(),
        "occurred_time": when.strftime("%H:%M"),
        "out_of_hours": "yes",
        "grounds": ["threat"],
        "platform": "whatsapp",
        "target_kind": "staff",
        "target_member": teacher_member.pk,
        "responsible_kind": "unknown",
        "content_threatening": "on",
    }


def test_sending_the_report_twice_files_one_case_and_one_email(
    client, office, teacher, principal, django_capture_on_commit_callbacks
):
    client.force_login(office.user)
    data = {**report_data(teacher.member), "submission": token_in(client.get("/incidents/report/"))}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/incidents/report/", data)
        second = client.post("/incidents/report/", data)
    incident = Incident.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == f"/incidents/{incident.pk}/"
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="incident.reported").count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "You had already sent this form" in page


def test_a_refused_report_keeps_its_token_for_the_corrected_one(client, office, teacher, principal):
    client.force_login(office.user)
    token = token_in(client.get("/incidents/report/"))
    bad = {**report_data(teacher.member), "summary": "", "submission": token}
    assert client.post("/incidents/report/", bad).status_code == 400
    good = {**report_data(teacher.member), "submission": token}
    assert client.post("/incidents/report/", good).status_code == 302
    assert Incident.objects.count() == 1


def test_a_new_page_is_a_new_report(client, office, teacher, principal):
    client.force_login(office.user)
    for _ in range(2):
        data = {**report_data(teacher.member), "submission": token_in(client.get("/incidents/report/"))}
        assert client.post("/incidents/report/", data).status_code == 302
    assert Incident.objects.count() == 2


def test_recording_an_action_twice_shows_the_first_record_not_an_error(client, principal, case):
    incident_triage(incident=case, by=principal.user, facts={})
    action = case.actions.get(kind=ActionKind.ANTI_BULLYING)
    client.force_login(principal.user)
    token = token_in(client.get(f"/incidents/actions/{action.pk}/"))
    data = {
        "done_on": (localtime() - dt.timedelta(days=1)).date().isoformat(),
        "notes": "Followed the Anti-Bullying Policy.",
        "submission": token,
    }
    first = client.post(f"/incidents/actions/{action.pk}/", data)
    second = client.post(f"/incidents/actions/{action.pk}/", data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0] == (first["Location"], 302)
    assert ALREADY_DONE in second.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert case.timeline.filter(kind=Entry.ACTION_DONE, action=action).count() == 1


def test_adding_a_note_or_an_action_twice_adds_it_once(client, principal, case, teacher):
    incident_triage(incident=case, by=principal.user, facts={})
    client.force_login(principal.user)
    page = client.get(f"/incidents/{case.pk}/")
    note = {"text": "Rang the parent.", "submission": token_in(page, f"/incidents/{case.pk}/notes/")}
    for _ in range(2):
        assert client.post(f"/incidents/{case.pk}/notes/", note).status_code == 302
    assert case.timeline.filter(kind=Entry.NOTE, text="Rang the parent.").count() == 1
    add = {
        "kind": "other",
        "title": "Print the screenshots",
        "owner": principal.member.pk,
        "due_on": (localtime() + dt.timedelta(days=3)).date().isoformat(),
        "submission": token_in(page, f"/incidents/{case.pk}/actions/add/"),
    }
    for _ in range(2):
        assert client.post(f"/incidents/{case.pk}/actions/add/", add).status_code == 302
    assert case.actions.filter(title="Print the screenshots").count() == 1
