import re

import pytest
from django.core import mail

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.models import Entry, Incident, Status, TargetKind
from socialsafe.lib.tests.clock import ago, days_ahead, hhmm, iso
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def good() -> dict:
    """A complete report of comments posted eleven days ago."""
    posted = ago(days=11)
    return {
        "kind": "staff_abuse",
        "summary": "Abusive comments about Mr Burns in the P4 parents' WhatsApp group",
        "description": "A parent wrote that he is useless and should watch his back.",
        "occurred_on": iso(posted),
        "occurred_time": hhmm(posted),
        "out_of_hours": "yes",
        "grounds": ["threat", "reputation"],
        "platform": "whatsapp",
        "target_kind": "staff",
        "responsible_kind": "unknown",
        "content_threatening": "on",
    }


def test_it_records_a_report_routes_it_and_tells_the_handler(
    client, teacher, principal, django_capture_on_commit_callbacks
):
    client.force_login(teacher.user)
    data = {**good(), "target_member": principal.member.pk, "target_kind": "staff"}
    data["target_member"] = teacher.member.pk  # the reporter reports abuse of themselves
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/incidents/report/", data)
    incident = Incident.objects.get()
    assert incident.status == Status.REPORTED and incident.handler == principal.member
    assert incident.content_threatening and incident.grounds == ["reputation", "threat"]
    assert incident.reference.startswith("GLE-")
    # The reporter is the target, so they are excluded and sent home with their reference number.
    assert r.status_code == 302 and r["Location"] == "/"
    entries = list(incident.timeline.all())
    assert [e.kind for e in entries[:2]] == [Entry.REPORTED, Entry.ROUTED]
    # Then, once the report is saved, the classifier's suggestions on its words, if any: SocialSafe's, not a person's.
    assert all(e.actor is None and e.text.startswith("SocialSafe suggests") for e in entries[2:])
    assert AuditEvent.objects.filter(verb="incident.reported").count() == 1
    assert mail.outbox[0].to == [principal.user.email]
    assert "Abusive" not in mail.outbox[0].body  # confidential details stay in the system


def test_the_form_tells_staff_what_the_policy_tells_them(client, teacher):
    client.force_login(teacher.user)
    html = client.get("/incidents/report/").content.decode()
    assert "Do not respond to the post or the correspondence" in html
    assert "capture it with the date and time" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose what kind of incident it is."),
        ({"summary": ""}, "summary", "Write a sentence saying what happened."),
        ({"occurred_on": "2026-02-31"}, "occurred_on", "Enter a real date"),
        ({"occurred_on": iso(days_ahead(7))}, "occurred_on", "The date cannot be in the future."),
        ({"grounds": []}, "grounds", "Choose which of the policy&#x27;s grounds lets the school act."),
        ({"platform": "myspace"}, "platform", "Select a valid choice."),
        ({"url": "not a link"}, "url", "Enter the full link"),
        ({"target_kind": "pupil"}, "target_pupil", "Choose the pupil who is targeted."),
        ({"target_kind": "staff", "target_member": ""}, "target_member", "Choose the member of staff who is targeted."),
        ({"target_kind": "governor", "target_governor": ""}, "target_governor", "Choose the governor who is targeted."),
        ({"responsible_kind": ""}, "responsible_kind", "Choose who is responsible"),
    ],
)
def test_it_refuses_a_bad_report_with_a_clear_message_and_saves_nothing(client, teacher, change, field, message):
    client.force_login(teacher.user)
    data = {**good(), "target_member": teacher.member.pk, **change}
    r = client.post("/incidents/report/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert f'href="#id_{field}' in r.content.decode()  # the error summary links to the field
    assert Incident.objects.count() == 0


def test_it_refuses_a_pupil_from_another_school(client, teacher, other_school):
    foreign = PupilFactory(school=other_school)
    client.force_login(teacher.user)
    data = {**good(), "target_kind": "pupil", "target_pupil": foreign.pk}
    r = client.post("/incidents/report/", data)
    assert r.status_code == 400 and Incident.objects.count() == 0


def test_a_report_on_behalf_of_a_pupil_is_seen_by_the_reporter(client, teacher, principal, designated_teacher, school):
    pupil = PupilFactory(school=school)
    client.force_login(teacher.user)
    data = {
        **good(),
        "kind": "pupil_cyberbullying",
        "target_kind": "pupil",
        "target_pupil": pupil.pk,
        "on_behalf_of": pupil.pk,
        "out_of_hours": "no",
        "grounds": [],
    }
    r = client.post("/incidents/report/", data)
    incident = Incident.objects.get()
    assert r["Location"] == f"/incidents/{incident.pk}/"
    assert incident.target_kind == TargetKind.PUPIL and incident.on_behalf_of == pupil
    assert incident.handler == designated_teacher.member
    assert incident.grounds == []


def test_governors_may_report_and_parents_may_not(client, governor, parent):
    client.force_login(governor.user)
    assert client.get("/incidents/report/").status_code == 200
    client.force_login(parent.user)
    assert client.post("/incidents/report/", good()).status_code == 403
    assert Incident.objects.count() == 0


def test_it_refuses_other_methods(client, teacher):
    client.force_login(teacher.user)
    assert client.put("/incidents/report/").status_code == 405


def test_each_answer_reveals_only_the_picker_that_fits(client, teacher, chair, governor):
    client.force_login(teacher.user)
    html = client.get("/incidents/report/").content.decode()
    # GOV.UK conditional reveals: the staff picker under "A member of staff", the governor one under "A governor".
    for value, label in (("staff", "Which member of staff?"), ("governor", "Which governor?")):
        radio = re.search(rf'id="(id_target_kind_\d)" name="target_kind" type="radio" value="{value}"', html)
        assert radio, value
        assert f'value="{value}" data-aria-controls="conditional-{radio[1]}"' in html
        revealed = html.split(f'id="conditional-{radio[1]}"', 1)[1].split("</select>", 1)[0]
        assert label in revealed
    assert 'value="principal" data-aria-controls' not in html  # the Principal needs no picker


def test_a_governor_who_is_targeted_is_named_and_excluded(client, teacher, governor, principal):
    from socialsafe.incidents.models import Incident

    client.force_login(teacher.user)
    when = ago(days=1)
    data = {
        "kind": "staff_abuse",
        "summary": "Abusive comments about a governor",
        "description": "A parent called a governor a liar.",
        "occurred_on": iso(when),
        "out_of_hours": "no",
        "platform": "facebook",
        "target_kind": "governor",
        "target_governor": governor.member.pk,
        "responsible_kind": "unknown",
        "unknown_name": "Mum of twins",
    }
    assert client.post("/incidents/report/", data).status_code == 302
    case = Incident.objects.get()
    assert case.target_member == governor.member and case.responsible_name == "Mum of twins"
    assert case.exclusions.filter(user=governor.user).exists()


def test_bullying_out_of_hours_needs_a_ground_but_improper_contact_with_a_pupil_does_not(client, teacher, school):
    """rules.out_of_hours_needs_grounds: the policy's grounds are for bullying outside school hours; a
    child-protection concern is acted on whenever it happened."""
    client.force_login(teacher.user)
    refused = client.post("/incidents/report/", {**good(), "grounds": []})
    assert refused.status_code == 400 and "grounds lets the school act" in refused.content.decode()
    assert Incident.objects.count() == 0
    pupil = PupilFactory(school=school)
    data = {
        **good(),
        "kind": "improper_contact",
        "summary": "An adult messaging a pupil at night",
        "target_kind": "pupil",
        "target_pupil": pupil.pk,
        "grounds": [],
    }
    assert client.post("/incidents/report/", data).status_code == 302
    assert Incident.objects.get().out_of_hours
