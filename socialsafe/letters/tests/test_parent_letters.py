"""A parent's letters page: the letters sent or posted to them, with downloads; nobody else's."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.audit.models import AuditEvent
from socialsafe.letters.services import letter_mark_posted
from socialsafe.letters.tests.helpers import docx_text, issue_invitation, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_poster(poster, parent):
    """The parent persona is the poster: give the poster that sign-in."""
    parent.guardian.user = None
    parent.guardian.save()
    poster.user = parent.user
    poster.save()
    return parent


def test_a_parent_sees_and_downloads_a_posted_letter(client, signed_in_poster, parent_case, principal, note_taker):
    letter = issue_invitation(parent_case, by=principal.user, note_taker=note_taker)
    client.force_login(signed_in_poster.user)
    assertNotContains(client.get("/letters/mine/"), letter.subject)  # issued but not yet sent
    assert client.get(f"/letters/{letter.pk}/download.pdf").status_code == 404
    letter_mark_posted(letter=letter, by=principal.user)
    r = client.get("/letters/mine/")
    assertContains(r, "Comments made online")
    assertContains(r, '<a class="govuk-service-navigation__link" href="/letters/mine/"')
    pdf = client.get(f"/letters/{letter.pk}/download.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Dear Mrs Poster," in pdf_text(b"".join(pdf.streaming_content))
    docx = client.get(f"/letters/{letter.pk}/download.docx")
    assert "Dear Mrs Poster," in docx_text(b"".join(docx.streaming_content))
    assert AuditEvent.objects.filter(verb__startswith="letters.downloaded").count() == 2
    assert client.get(f"/letters/{letter.pk}/").status_code == 404  # the staff page and the case stay hidden


def test_another_parent_sees_nothing(client, parent, parent_case, principal, note_taker):
    letter = issue_invitation(parent_case, by=principal.user, note_taker=note_taker)
    letter_mark_posted(letter=letter, by=principal.user)
    client.force_login(parent.user)
    assertContains(client.get("/letters/mine/"), "has not sent you any letters")
    assert client.get(f"/letters/{letter.pk}/download.pdf").status_code == 404


def test_staff_cannot_open_the_parents_page(client, principal):
    client.force_login(principal.user)
    assert client.get("/letters/mine/").status_code == 403
    client.logout()
    assert client.get("/letters/mine/").status_code == 302  # to sign in
