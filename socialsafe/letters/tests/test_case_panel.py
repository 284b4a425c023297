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


def test_the_reporter_sees_neither_the_letters_nor_the_write_link(client, principal, teacher, parent_case, note_taker):
    # Need-to-know: the teacher who reported the case sees what they reported, not letters sent to a family.
    letter = issue_invitation(parent_case, by=principal.user, note_taker=note_taker)
    client.force_login(teacher.user)
    r = client.get(f"/incidents/{parent_case.pk}/")
    assert r.status_code == 200
    assertNotContains(r, f"/letters/{letter.pk}/")
    assertNotContains(r, "Comments made online")
    assertNotContains(r, "Write a letter")
    assert client.get(f"/letters/{letter.pk}/").status_code == 404
