"""The timeline is append-only: every view, fact, action and change; corrections point at what they correct."""

import pytest

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.models import AppendOnlyError, Entry, TakedownStage, TimelineEntry
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso

pytestmark = pytest.mark.django_db


def test_every_view_is_logged_and_opening_a_case_writes_nothing_else(client, principal, vice_principal, case):
    for persona in (principal, vice_principal):
        client.force_login(persona.user)
        timeline, audit = case.timeline.count(), AuditEvent.objects.count()
        client.get(f"/incidents/{case.pk}/")
        assert case.timeline.count() == timeline and AuditEvent.objects.count() == audit + 1
    views = AuditEvent.objects.filter(case_id=case.pk, verb="incident.viewed").order_by("id")
    assert [v.actor for v in views] == [principal.user, vice_principal.user]
    assert vice_principal.user.get_full_name() in client.get(f"/incidents/{case.pk}/").content.decode()


def test_entries_cannot_be_changed_or_deleted(case):
    entry = case.timeline.first()
    entry.text = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        TimelineEntry.objects.filter(incident=case).update(text="x")
    with pytest.raises(AppendOnlyError):
        TimelineEntry.objects.filter(incident=case).delete()


def test_a_correction_is_a_new_entry_pointing_at_the_original(client, principal, case):
    original = case.timeline.get(kind=Entry.REPORTED)
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/notes/", {"text": "It was the P5 group, not P4.", "corrects": original.pk})
    assert r.status_code == 302
    correction = case.timeline.get(kind=Entry.CORRECTION)
    assert correction.corrects == original and correction.actor == principal.user
    original.refresh_from_db()
    assert "P4" in original.data["description"] or original.text  # the original stands as it was


def test_a_note_needs_text_and_a_correction_must_be_of_this_case(client, principal, case, school):
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields

    other = incident_report(school=school, by=principal.user, fields=report_fields())
    client.force_login(principal.user)
    assert client.post(f"/incidents/{case.pk}/notes/", {"text": ""}).status_code == 400
    foreign_entry = other.timeline.first()
    assert client.post(f"/incidents/{case.pk}/notes/", {"text": "x", "corrects": foreign_entry.pk}).status_code == 404


def test_the_takedown_tracker_records_each_step(client, principal, case):
    client.force_login(principal.user)
    steps = [
        {"stage": "asked_poster", "on": iso(days_ago(10))},
        {
            "stage": "reported_platform",
            "on": iso(days_ago(9)),
            "reference": "FB-998877",
            "follow_up_on": iso(days_ago(2)),
        },
        {"stage": "helpline", "on": iso(days_ago(7)), "helpline": "rhc"},
        {"stage": "removed", "on": iso(days_ago(6))},
    ]
    for step in steps:
        assert client.post(f"/incidents/{case.pk}/takedown/", step).status_code == 302
    assert [s.stage for s in case.takedown_steps.all()] == [s["stage"] for s in steps]
    assert case.timeline.filter(kind=Entry.TAKEDOWN).count() == 4
    html = client.get(f"/incidents/{case.pk}/").content.decode()
    assert "reference FB-998877" in html and "Report Harmful Content" in html


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"stage": "reported_platform", "on": iso(days_ago(9))}, "Enter the platform&#x27;s report reference"),
        ({"stage": "helpline", "on": iso(days_ago(9))}, "Choose the helpline."),
        ({"stage": "removed", "on": iso(days_ahead(7))}, "The date cannot be in the future."),
        ({"stage": "gone", "on": iso(days_ago(9))}, "Select a valid choice"),
    ],
)
def test_a_bad_takedown_step_is_refused(client, principal, case, step, message):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/takedown/", step)
    assert r.status_code == 400 and message in r.content.decode()
    assert not case.takedown_steps.exists()
    assert TakedownStage.REMOVED == "removed"


def test_a_note_that_is_too_long_gets_a_plain_message(client, principal, case):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/notes/", {"text": "x" * 6000})
    assert r.status_code == 400
    assert "Keep this to 5,000 characters or fewer (it has 6000)." in r.content.decode()
    assert not case.timeline.filter(kind=Entry.NOTE).exists()
