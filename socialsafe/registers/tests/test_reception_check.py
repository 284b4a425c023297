"""The office checks a name at reception: "barred until …" or "no restriction", and nothing else."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.audit.models import AuditEvent
from socialsafe.registers.models import PremisesStatus
from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(fixed_clock):
    """Set on 1 Dec 2026: a bar made then runs from 23 Nov 2026 to 23 Mar 2027, with its review on 23 Feb 2027."""


def test_it_shows_only_barred_until_for_a_barred_parent(client, office, principal, parent_case):
    make_ban(parent_case, by=principal.user, reason="Called Mr Burns a liar on Facebook")
    client.force_login(office.user)
    r = client.post("/registers/reception-check/", {"name": "  dana   POSTER "})
    assertContains(r, "Barred until 23 Mar 2027")
    html = r.content.decode()
    for detail in ("Facebook", "liar", parent_case.reference, parent_case.summary, "Malicious", "review", "Feb"):
        assert detail not in html
    assert AuditEvent.objects.filter(verb="registers.reception_check", data__barred=True).count() == 1


def test_the_title_in_the_name_is_accepted(client, office, principal, parent_case):
    make_ban(parent_case, by=principal.user)
    client.force_login(office.user)
    assertContains(client.post("/registers/reception-check/", {"name": "Mrs Dana Poster"}), "Barred until 23 Mar 2027")


def test_it_shows_no_restriction_for_anyone_else(client, office, principal, parent_case):
    make_ban(parent_case, by=principal.user)
    client.force_login(office.user)
    r = client.post("/registers/reception-check/", {"name": "Dana Smith"})
    assertContains(r, "No restriction")
    assertNotContains(r, "Barred")


def test_a_lifted_ended_or_future_bar_is_no_restriction(client, office, principal, parent_case):
    make_ban(parent_case, by=principal.user, status=PremisesStatus.LIFTED)
    make_ban(
        parent_case,
        by=principal.user,
        person_name="Sam Past",
        guardian=None,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 5, 1),
        review_on=dt.date(2026, 4, 1),
    )
    make_ban(
        parent_case,
        by=principal.user,
        person_name="Sam Future",
        guardian=None,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 5, 1),
        review_on=dt.date(2027, 4, 1),
    )
    client.force_login(office.user)
    for name in ("Dana Poster", "Sam Past", "Sam Future"):
        assertContains(client.post("/registers/reception-check/", {"name": name}), "No restriction")


def test_a_name_written_differently_is_a_possible_match_never_all_clear(client, office, principal, parent_case):
    make_ban(parent_case, by=principal.user)  # Dana Poster
    client.force_login(office.user)
    for name in ("Mrs D Poster", "Dana Poster-Smith", "Poster"):
        r = client.post("/registers/reception-check/", {"name": name})
        assertContains(r, "Possible match")
        assertNotContains(r, "No restriction")
    assertContains(client.post("/registers/reception-check/", {"name": "Sam Other"}), "No restriction")


def test_it_needs_a_name(client, office):
    client.force_login(office.user)
    assertContains(client.post("/registers/reception-check/", {"name": "  "}), "Enter the person", status_code=400)


def test_it_is_for_the_office_and_senior_staff_only(client, teacher, parent, principal, vice_principal):
    for persona in (teacher, parent):
        client.force_login(persona.user)
        assert client.get("/registers/reception-check/").status_code == 403
        assert client.post("/registers/reception-check/", {"name": "Dana Poster"}).status_code == 403
    for persona in (principal, vice_principal):
        client.force_login(persona.user)
        assert client.get("/registers/reception-check/").status_code == 200


def test_another_schools_bars_are_not_seen(client, outsider, principal, parent_case):
    make_ban(parent_case, by=principal.user)
    client.force_login(outsider.user)
    assertContains(client.post("/registers/reception-check/", {"name": "Dana Poster"}), "No restriction")


def test_wrong_method_is_405(client, office):
    client.force_login(office.user)
    assert client.put("/registers/reception-check/").status_code == 405
