"""The policy: "Any attempts to breach firewalls will result in a ban from using school ICT equipment.\""""

import pytest
from pytest_django.asserts import assertContains

from socialsafe.audit.models import AuditEvent
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso
from socialsafe.registers.models import IctBan

pytestmark = pytest.mark.django_db


def ban_data(case, **overrides):
    data = {
        "pupil": case.responsible_pupil_id,
        "reason": "Attempt to breach the school firewall",
        "starts_on": iso(days_ago(6)),
        "ends_on": iso(days_ahead(18)),
    }
    data.update(overrides)
    return data


def test_it_bans_the_pupil_from_the_firewall_case(client, principal, firewall_case):
    client.force_login(principal.user)
    assertContains(client.get(f"/incidents/{firewall_case.pk}/"), "Ban from school ICT equipment")
    r = client.post(f"/registers/ict/case/{firewall_case.pk}/new/", ban_data(firewall_case))
    ban = IctBan.objects.get()
    assert r.status_code == 302 and ban.pupil == firewall_case.responsible_pupil and ban.incident == firewall_case
    assert firewall_case.timeline.filter(text__startswith="Banned from school ICT equipment: Rory Quinn").exists()
    assert AuditEvent.objects.filter(verb="registers.ict_banned").exists()
    assertContains(client.get("/registers/ict/"), "Rory Quinn")


def test_it_reinstates_once_recording_who_and_when(client, principal, firewall_case):
    client.force_login(principal.user)
    client.post(f"/registers/ict/case/{firewall_case.pk}/new/", ban_data(firewall_case))
    ban = IctBan.objects.get()
    assert client.post(f"/registers/ict/{ban.pk}/reinstate/", {"note": "Apologised"}).status_code == 302
    ban.refresh_from_db()
    assert ban.reinstated_by == principal.user and ban.reinstated_at
    assert firewall_case.timeline.filter(text__startswith="ICT access given back to Rory Quinn").exists()
    r = client.post(f"/registers/ict/{ban.pk}/reinstate/", {"note": ""})
    assertContains(r, "already been reinstated", status_code=400)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"ends_on": iso(days_ago(30))}, "The ban cannot end before it starts."),
        ({"pupil": ""}, "Choose an answer to ‘Pupil’."),
        ({"pupil": "99999"}, "Select a valid choice"),
        ({"starts_on": "tomorrow"}, "Enter a real date"),
    ],
)
def test_it_refuses_bad_input(client, principal, firewall_case, bad, message):
    client.force_login(principal.user)
    r = client.post(f"/registers/ict/case/{firewall_case.pk}/new/", ban_data(firewall_case, **bad))
    assertContains(r, message, status_code=400)
    assert not IctBan.objects.exists()


def test_another_schools_pupil_cannot_be_chosen(client, principal, firewall_case, other_school):
    from socialsafe.schools.tests.factories import PupilFactory

    stranger = PupilFactory(school=other_school)
    client.force_login(principal.user)
    r = client.post(f"/registers/ict/case/{firewall_case.pk}/new/", ban_data(firewall_case, pupil=stranger.pk))
    assert r.status_code == 400 and not IctBan.objects.exists()


def test_roles_and_schools(client, principal, teacher, outsider, firewall_case):
    client.force_login(principal.user)
    client.post(f"/registers/ict/case/{firewall_case.pk}/new/", ban_data(firewall_case))
    ban = IctBan.objects.get()
    client.force_login(teacher.user)  # reported it: sees the case, does not manage it
    assert client.get(f"/registers/ict/case/{firewall_case.pk}/new/").status_code == 403
    assert client.post(f"/registers/ict/{ban.pk}/reinstate/").status_code == 403
    assert client.get("/registers/ict/").status_code == 403
    client.force_login(outsider.user)
    assert client.get(f"/registers/ict/{ban.pk}/").status_code == 404
    assert client.post(f"/registers/ict/{ban.pk}/reinstate/").status_code == 404
    client.force_login(principal.user)
    assert client.get(f"/registers/ict/{ban.pk}/reinstate/").status_code == 405
