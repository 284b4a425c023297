"""The statutory bullying record (Addressing Bullying in Schools Act (NI) 2016, s.3): made on the case by whoever runs
it, it completes its action, and a pupil-to-pupil bullying case cannot close without it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.incidents.models import (
    ActionKind,
    ActionStatus,
    BullyingRecord,
    Entry,
    InvalidTransition,
    Kind,
    ResponsibleKind,
    Status,
    TargetKind,
)
from socialsafe.incidents.services import (
    action_withdraw,
    bullying_record_save,
    incident_move,
    incident_report,
    incident_triage,
)
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import MemberFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils(school, teacher):
    p4 = SchoolClass.objects.get(school=school, name="P4")
    return (
        PupilFactory(school=school, school_class=p4, first_name="Niamh", last_name="Quinn"),
        PupilFactory(school=school, school_class=p4, first_name="Conor", last_name="Boyd"),
    )


@pytest.fixture
def bullying(school, teacher, designated_teacher, principal, pupils):
    """Cyber-bullying of a P4 pupil by a classmate, reported by their class teacher and triaged."""
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        summary="Unkind Snapchat messages from a classmate",
        target_kind=TargetKind.PUPIL,
        target_pupil=pupils[0],
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=pupils[1],
    )
    case = incident_report(school=school, by=teacher.user, fields=fields)
    incident_triage(incident=case, by=designated_teacher.user, facts={})
    case.refresh_from_db()
    return case


def record_data(**overrides) -> dict:
    """What the form gives the service."""
    data = {
        "judgement": "bullying",
        "methods": ["online_messaging", "online_images"],
        "motivations": ["appearance"],
        "motivation_other": "",
        "level": "2",
        "interventions": ["restorative", "online_safety"],
        "addressed_note": "Restorative meeting; the messages were deleted.",
        "outcome": "resolved",
        "target_parents_informed_on": localdate() - dt.timedelta(days=2),
        "responsible_parents_informed_on": localdate() - dt.timedelta(days=1),
        "pupils_involved": 2,
    }
    data.update(overrides)
    return data


def post_data(**overrides) -> dict:
    """What the browser posts."""
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in record_data(**overrides).items() if v != ""}
    return data


def _finish_other_actions(case, by):
    for action in case.actions.open().exclude(kind=ActionKind.BULLYING_RECORD):
        action_withdraw(action=action, by=by, reason="Handled at the restorative meeting.")


# --- The policy: the record is required, and it completes its action ---


def test_triage_requires_the_record_of_a_pupil_to_pupil_bullying_case(bullying):
    action = bullying.actions.get(kind=ActionKind.BULLYING_RECORD)
    assert action.required_by_policy and action.rule_ids == ["pupil_bullying_statutory_record"]
    assert action.status == ActionStatus.OPEN


def test_a_case_about_staff_needs_no_record(case, principal):
    incident_triage(incident=case, by=principal.user, facts={})
    assert not case.actions.filter(kind=ActionKind.BULLYING_RECORD).exists()
    _finish_other_actions(case, principal.user)
    incident_move(incident=case, by=principal.user, to=Status.CLOSED, outcome="resolved")


def test_it_makes_the_record_and_completes_its_action(bullying, designated_teacher):
    record = bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    assert record.methods == ["online_messaging", "online_images"] and record.recorded_by == designated_teacher.user
    action = bullying.actions.get(kind=ActionKind.BULLYING_RECORD)
    assert action.status == ActionStatus.DONE and action.record["bullying_record"] == record.pk
    entry = bullying.timeline.get(kind=Entry.BULLYING_RECORD)
    assert entry.text.startswith("Statutory bullying record made: Bullying")
    assert AuditEvent.objects.filter(verb="incident.bullying_recorded", case_id=bullying.pk).count() == 1


def test_it_revises_the_record_and_says_what_changed(bullying, designated_teacher, principal):
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    bullying_record_save(
        incident=bullying, by=principal.user, data=record_data(outcome="monitoring", methods=["verbal"])
    )
    record = BullyingRecord.objects.get(incident=bullying)
    assert record.outcome == "monitoring" and record.methods == ["verbal"]
    assert record.recorded_by == designated_teacher.user  # who first made it stays
    revised = bullying.timeline.filter(kind=Entry.BULLYING_RECORD).last()
    assert "revised" in revised.text and "Changed: method, outcome." in revised.text
    assert AuditEvent.objects.get(verb="incident.bullying_revised").data == {"changed": ["methods", "outcome"]}


def test_saving_the_same_record_again_changes_nothing(bullying, designated_teacher):
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    assert bullying.timeline.filter(kind=Entry.BULLYING_RECORD).count() == 1
    assert not AuditEvent.objects.filter(verb="incident.bullying_revised").exists()


def test_the_service_refuses_an_empty_list(bullying, designated_teacher):
    with pytest.raises(ValidationError):
        bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data(methods=[]))
    assert not BullyingRecord.objects.exists()


def test_a_closed_case_record_cannot_be_changed(bullying, designated_teacher):
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    _finish_other_actions(bullying, designated_teacher.user)
    incident_move(incident=bullying, by=designated_teacher.user, to=Status.CLOSED, outcome="resolved")
    with pytest.raises(InvalidTransition, match="Reopen"):
        bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data(outcome="ongoing"))
    assert BullyingRecord.objects.get().outcome == "resolved"


# --- Done when: the statutory record is required to close a pupil-to-pupil bullying case ---


def test_a_pupil_bullying_case_cannot_close_without_its_record(bullying, designated_teacher):
    _finish_other_actions(bullying, designated_teacher.user)
    # Even with its own action marked as no longer needed, the Act's record is still required.
    action_withdraw(
        action=bullying.actions.get(kind=ActionKind.BULLYING_RECORD), by=designated_teacher.user, reason="Not needed"
    )
    with pytest.raises(ValidationError, match="statutory bullying record"):
        incident_move(incident=bullying, by=designated_teacher.user, to=Status.CLOSED, outcome="resolved")
    bullying.refresh_from_db()
    assert bullying.status != Status.CLOSED
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    incident_move(incident=bullying, by=designated_teacher.user, to=Status.CLOSED, outcome="resolved")
    bullying.refresh_from_db()
    assert bullying.status == Status.CLOSED


def test_the_close_button_says_why_and_links_to_the_record(client, bullying, designated_teacher):
    _finish_other_actions(bullying, designated_teacher.user)
    action_withdraw(
        action=bullying.actions.get(kind=ActionKind.BULLYING_RECORD), by=designated_teacher.user, reason="Not needed"
    )
    client.force_login(designated_teacher.user)
    page = client.get(f"/incidents/{bullying.pk}/").content.decode()
    assert 'id="bullying-needed"' in page and "Fill in the statutory bullying record" in page
    r = client.post(f"/incidents/{bullying.pk}/move/", {"to": "closed", "outcome": "resolved", "note": ""})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Addressing Bullying in Schools Act asks for its statutory record before the case can close" in html
    assert f'href="/incidents/{bullying.pk}/bullying-record/" id="bullying-record-link"' in html
    bullying.refresh_from_db()
    assert bullying.status != Status.CLOSED


# --- The form and its page ---


def test_the_page_makes_the_record_then_shows_it_on_the_case(client, bullying, designated_teacher):
    client.force_login(designated_teacher.user)
    url = f"/incidents/{bullying.pk}/bullying-record/"
    form = client.get(url)
    assert form.status_code == 200 and "Statutory bullying record" in form.content.decode()
    assert AuditEvent.objects.filter(verb="incident.bullying_record_viewed").count() == 1
    r = client.post(url, {**post_data(), "submission": token_in(form)})
    assert r.status_code == 302 and r["Location"] == f"/incidents/{bullying.pk}/"
    case_page = client.get(r["Location"]).content.decode()
    assert "Statutory bullying record saved." in case_page
    assert 'id="bullying-record"' in case_page and "Online: messaging or group chats" in case_page
    assert "Change the statutory bullying record" in case_page
    # Opening the form again fills it with the record, to revise.
    again = client.get(url).content.decode()
    assert 'value="online_images" checked' in again and "Save the changes" in again


def test_sending_the_form_twice_makes_one_record(client, bullying, designated_teacher):
    client.force_login(designated_teacher.user)
    url = f"/incidents/{bullying.pk}/bullying-record/"
    data = {**post_data(), "submission": token_in(client.get(url))}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert BullyingRecord.objects.count() == 1
    assert bullying.timeline.filter(kind=Entry.BULLYING_RECORD).count() == 1
    assert AuditEvent.objects.filter(verb="incident.bullying_recorded").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"methods": []}, "Choose at least one method."),
        ({"motivations": []}, "Choose at least one motivation, or ‘Not known’."),
        ({"motivations": ["not_known", "race"]}, "‘Not known’ cannot be chosen with another motivation."),
        ({"motivations": ["other"]}, "Say what the other motivation was."),
        ({"interventions": []}, "Choose at least one intervention."),
        ({"judgement": "maybe"}, "Select a valid choice."),
        ({"methods": ["telepathy"]}, "Select a valid choice."),
        ({"pupils_involved": 1}, "At least two pupils are involved"),
        ({"pupils_involved": "two"}, "Enter the number of pupils involved as a number"),
        # A callable, worked out when the test runs: collection may happen before midnight and the test after it.
        (
            {"target_parents_informed_on": lambda: localdate() + dt.timedelta(days=1)},
            "The date cannot be in the future.",
        ),
        ({"responsible_parents_informed_on": "2026-02-31"}, "Enter a real date."),
        ({"level": ""}, "Choose the level of response."),
    ],
)
def test_it_refuses_bad_input_with_an_error_summary(client, bullying, designated_teacher, overrides, message):
    client.force_login(designated_teacher.user)
    url = f"/incidents/{bullying.pk}/bullying-record/"
    data = {**post_data(), "submission": token_in(client.get(url))}
    for key, value in overrides.items():
        value = value() if callable(value) else value
        if value == [] or value == "":
            data.pop(key)
        else:
            data[key] = value.isoformat() if isinstance(value, dt.date) else value
    r = client.post(url, data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "There is a problem" in html and message in html
    assert not BullyingRecord.objects.exists()


def test_the_other_motivation_is_kept_with_it_and_dropped_without_it(client, bullying, designated_teacher):
    client.force_login(designated_teacher.user)
    url = f"/incidents/{bullying.pk}/bullying-record/"
    data = {**post_data(motivations=["other"], motivation_other="Supports another football team")}
    assert client.post(url, {**data, "submission": token_in(client.get(url))}).status_code == 302
    record = BullyingRecord.objects.get()
    assert record.motivation_labels == ["Another motivation: Supports another football team"]
    data = {**post_data(motivations=["race"], motivation_other="left over")}
    assert client.post(url, {**data, "submission": token_in(client.get(url))}).status_code == 302
    record.refresh_from_db()
    assert record.motivations == ["race"] and record.motivation_other == ""


def test_a_closed_case_shows_its_record_without_a_form(client, bullying, designated_teacher):
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    _finish_other_actions(bullying, designated_teacher.user)
    incident_move(incident=bullying, by=designated_teacher.user, to=Status.CLOSED, outcome="resolved")
    client.force_login(designated_teacher.user)
    url = f"/incidents/{bullying.pk}/bullying-record/"
    page = client.get(url).content.decode()
    assert "reopen it to change this record" in page and 'name="judgement"' not in page
    r = client.post(url, {**post_data(outcome="ongoing"), "submission": "0" * 32})
    assert r.status_code == 400 and "Reopen the case" in r.content.decode()
    assert BullyingRecord.objects.get().outcome == "resolved"


def test_the_action_page_sends_its_owner_to_the_record(client, bullying, designated_teacher):
    action = bullying.actions.get(kind=ActionKind.BULLYING_RECORD)
    client.force_login(designated_teacher.user)
    page = client.get(f"/incidents/actions/{action.pk}/").content.decode()
    assert (
        f'href="/incidents/{bullying.pk}/bullying-record/"' in page and "Complete the statutory bullying record" in page
    )


# --- Who may make it: those who run the case; need-to-know for the rest ---


@pytest.fixture
def other_teacher(school):
    member = MemberFactory(school=school, user=UserFactory(email="p6@example.com"), roles=[Role.CLASS_TEACHER])
    SchoolClass.objects.create(school=school, name="P6", year_group=6, teacher=member)
    return member


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("principal", 200),
        ("designated_teacher", 200),
        ("teacher", 403),  # the pupils' class teacher reads the case but does not run it
        ("other_teacher", 404),  # a class teacher of another class does not learn the case exists
        ("governor", 404),
        ("chair", 404),
        ("parent", 403),  # parents never reach the case pages
        ("outsider", 404),
    ],
)
def test_who_may_open_the_record(client, request, bullying, who, status):
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    url = f"/incidents/{bullying.pk}/bullying-record/"
    assert client.get(url).status_code == status
    if status != 200:
        assert client.post(url, post_data()).status_code == status
        assert not BullyingRecord.objects.exists()


def test_the_class_teacher_sees_the_record_on_the_case_but_no_link_to_change_it(
    client, bullying, designated_teacher, teacher
):
    bullying_record_save(incident=bullying, by=designated_teacher.user, data=record_data())
    client.force_login(teacher.user)
    page = client.get(f"/incidents/{bullying.pk}/").content.decode()
    assert 'id="bullying-record"' in page and "Change the statutory bullying record" not in page
