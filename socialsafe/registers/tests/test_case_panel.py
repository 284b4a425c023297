"""The registers panel on a case page: entries linked to the case, and create links for those who manage it."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def test_the_manager_sees_the_revoke_link_on_a_parent_case(client, principal, parent_case):
    client.force_login(principal.user)
    r = client.get(f"/incidents/{parent_case.pk}/")
    assertContains(r, "Revoke the parent's licence to enter the premises")
    assertNotContains(r, "Ban from school ICT equipment")


def test_the_reporter_sees_neither_the_entries_nor_the_create_links(client, principal, teacher, parent_case):
    # Need-to-know: the teacher reported the case; a bar on a parent belongs to the whole file, not to their part.
    ban = make_ban(parent_case, by=principal.user)
    client.force_login(teacher.user)
    r = client.get(f"/incidents/{parent_case.pk}/")
    assert r.status_code == 200
    assertNotContains(r, f'href="/registers/premises/{ban.pk}/"')
    assertNotContains(r, "Revoke the parent")
    assertNotContains(r, "Write a letter")
    assert client.get(f"/registers/premises/{ban.pk}/").status_code == 404
