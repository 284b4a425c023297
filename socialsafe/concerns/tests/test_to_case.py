"""Turning a concern into a case in one step; the case keeps the concern's history on its timeline."""

import datetime as dt

import pytest
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import ConcernStatus
from socialsafe.concerns.services import concern_acknowledge, concern_reply
from socialsafe.incidents.models import Entry, Incident, ResponsibleKind

pytestmark = pytest.mark.django_db


def _facts(**overrides) -> dict:
    facts = {
        "kind": "malicious_comments",
        "summary": "False claims about Mr Burns in the P4 WhatsApp group",
        "occurred_on": localdate().isoformat(),
        "out_of_hours": "no",
        "platform": "whatsapp",
        "target_kind": "school",
        "responsible_kind": "unknown",
    }
    facts.update(overrides)
    return facts


def test_a_targeted_member_of_staff_is_named_and_cannot_see_the_case(client, principal, teacher, concern):
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/case/", _facts(target_kind="staff"))
    assert r.status_code == 400 and "Choose the member of staff or governor who is targeted." in r.content.decode()
    assert not Incident.objects.exists()
    client.post(f"/concerns/inbox/{concern.pk}/case/", _facts(target_kind="staff", target_member=teacher.member.pk))
    incident = Incident.objects.get()
    assert incident.target_member == teacher.member
    client.force_login(teacher.user)
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404


def test_it_opens_a_case_with_the_concerns_facts_and_history(client, principal, concern):
    concern_acknowledge(concern=concern, by=principal.user)
    concern_reply(concern=concern, by=principal.user, text="I am looking into the post.")
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/case/", _facts())
    incident = Incident.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/incidents/{incident.pk}/"
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CASE and concern.incident == incident
    assert incident.kind == "malicious_comments" and incident.responsible_kind == ResponsibleKind.UNKNOWN
    assert incident.reported_by == principal.user and incident.handler == principal.member
    assert "Mr Burns is useless" in incident.description and concern.reference in incident.description
    assert "I would like the post taken down." in incident.description
    notes = [e.text for e in incident.timeline.filter(kind=Entry.NOTE)]
    assert all(concern.reference in text for text in notes)
    assert any("Sent from the school's web page." in text for text in notes)
    assert any("Acknowledged by" in text for text in notes)
    reply = next(text for text in notes if "reply from the school" in text)
    assert "I am looking into the post." in reply and f"{localdate():%d %b %Y}" in reply
    assert AuditEvent.objects.filter(verb="concern.to_case").exists()
    # The inbox links to the case.
    assert f"/incidents/{incident.pk}/" in client.get(f"/concerns/inbox/{concern.pk}/").content.decode()


def test_the_form_starts_from_neutral_facts(client, principal, concern):
    client.force_login(principal.user)
    html = client.get(f"/concerns/inbox/{concern.pk}/").content.decode()
    assert "Turn into a case" in html
    # Nothing the rules read is chosen for the Principal: the kind, where, when are theirs to say.
    kind = html.split('id="id_kind"', 1)[1].split("</select>", 1)[0]
    platform = html.split('id="id_platform"', 1)[1].split("</select>", 1)[0]
    assert kind.split("<option", 2)[1].startswith(' value="">Choose the kind of incident') and "selected" not in kind
    assert (
        platform.split("<option", 2)[1].startswith(' value="">Choose where it was posted')
        and "selected" not in platform
    )
    assert "Did it happen outside school hours?" in html and "grounds to act" in html
    assert '<option value="unknown" selected>' in html
    assert f'value="{localdate().isoformat()}"' in html  # the date it was sent, ready for the date input


def test_it_asks_for_the_kind_the_place_the_hours_and_the_pupil(client, principal, concern, school):
    from socialsafe.schools.tests.factories import PupilFactory

    client.force_login(principal.user)
    r = client.post(
        f"/concerns/inbox/{concern.pk}/case/",
        _facts(kind="", platform="", out_of_hours="", target_kind="pupil"),
    )
    html = r.content.decode()
    assert r.status_code == 400 and not Incident.objects.exists()
    for message in (
        "Choose what kind of incident it is.",
        "Choose where it was posted.",
        "Say whether it happened outside school hours.",
        "Choose the pupil who is targeted.",
    ):
        assert message in html, message
    pupil = PupilFactory(school=school, first_name="Róisín")
    r = client.post(
        f"/concerns/inbox/{concern.pk}/case/",
        _facts(target_kind="pupil", target_pupil=pupil.pk, out_of_hours="yes", grounds=["threat"]),
    )
    incident = Incident.objects.get()
    assert incident.target_pupil == pupil and incident.out_of_hours and incident.grounds == ["threat"]


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "nonsense"},
        {"summary": ""},
        {"occurred_on": lambda: (localdate() + dt.timedelta(days=2)).isoformat()},  # worked out when it runs
        {"occurred_on": "not-a-date"},
        {"responsible_kind": "martian"},
        {"platform": ""},
    ],
)
def test_bad_facts_are_refused_and_nothing_is_created(client, principal, concern, change):
    client.force_login(principal.user)
    change = {key: value() if callable(value) else value for key, value in change.items()}
    r = client.post(f"/concerns/inbox/{concern.pk}/case/", _facts(**change))
    assert r.status_code == 400 and "Check the facts for the case." in r.content.decode()
    assert not Incident.objects.exists()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NEW


def test_a_concern_becomes_a_case_only_once(client, principal, concern):
    client.force_login(principal.user)
    client.post(f"/concerns/inbox/{concern.pk}/case/", _facts())
    r = client.post(f"/concerns/inbox/{concern.pk}/case/", _facts())
    assert r.status_code == 400 and "cannot become a case" in r.content.decode()
    assert Incident.objects.count() == 1


def test_when_the_principal_is_the_target_the_case_goes_to_the_governors(client, principal, chair, concern):
    client.force_login(principal.user)
    r = client.post(f"/concerns/inbox/{concern.pk}/case/", _facts(target_kind="principal"))
    incident = Incident.objects.get()
    assert incident.handler == chair.member
    # The Principal is excluded from the case: they go back to the concern, which says so.
    assert r["Location"] == f"/concerns/inbox/{concern.pk}/"
    html = client.get(r["Location"]).content.decode()
    assert "a case that you are not among those who may see" in html
    assert incident.reference not in html
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404


def test_only_the_inbox_holders_may_do_it(client, teacher, outsider, concern):
    client.force_login(teacher.user)
    assert client.post(f"/concerns/inbox/{concern.pk}/case/", _facts()).status_code == 403
    client.force_login(outsider.user)
    assert client.post(f"/concerns/inbox/{concern.pk}/case/", _facts()).status_code == 404
    assert not Incident.objects.exists()
