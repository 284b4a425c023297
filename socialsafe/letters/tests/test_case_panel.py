"""The letters panel on a case page."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.letters.tests.helpers import issue_invitation

pytestmark = pytest.mark.django_db


def test_the_manager_sees_the_letters_and_the_write_link(client, principal, parent_case, note_taker):
    letter = issue_invitation(parent_case, by=principal.user, note_taker=note_taker)
    client.force_login(principal.user)
    r = client.get(f"/incidents/{parent_case.pk}/")
    assertContains(r, f'<a class="govuk-link" href="/letters/{letter.pk}/">Comments made online</a>')
    assertContains(r, "Not sent yet")
    assertContains(r, f'href="/letters/case/{parent_case.pk}/new/">Write a letter</a>')


def test_someone_who_cannot_manage_sees_no_write_link(client, teacher, parent_case):
    client.force_login(teacher.user)
    r = client.get(f"/incidents/{parent_case.pk}/")
    assertContains(r, "No letters yet.")
    assertNotContains(r, "Write a letter")
