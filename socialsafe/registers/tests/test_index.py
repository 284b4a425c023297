"""The registers page shows each person only the registers their roles allow."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_the_principal_sees_every_register(client, principal):
    client.force_login(principal.user)
    r = client.get("/registers/")
    for name in ("Reception check", "Licences to enter the premises", "ICT equipment bans", "Approved social media"):
        assertContains(r, name)


def test_the_office_sees_the_reception_check_and_accounts_only(client, office):
    client.force_login(office.user)
    r = client.get("/registers/")
    assertContains(r, "Reception check")
    assertContains(r, "Approved social media accounts")
    assertNotContains(r, "Licences to enter the premises")
    assertNotContains(r, "ICT equipment bans")


def test_a_teacher_sees_the_accounts_register_only(client, teacher):
    client.force_login(teacher.user)
    r = client.get("/registers/")
    assertContains(r, "Approved social media accounts")
    assertNotContains(r, "Reception check")


def test_parents_and_governors_are_refused_and_post_is_405(client, parent, governor, principal):
    for persona in (parent, governor):
        client.force_login(persona.user)
        assert client.get("/registers/").status_code == 403
    client.force_login(principal.user)
    assert client.post("/registers/").status_code == 405
