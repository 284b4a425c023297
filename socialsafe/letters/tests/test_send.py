"""An issued letter is emailed as a PDF, or marked as printed and posted; both go on the case timeline."""

import pytest
from django.core import mail
from pytest_django.asserts import assertContains

from socialsafe.audit.models import AuditEvent
from socialsafe.letters.tests.helpers import issue_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(parent_case, principal, note_taker):
    return issue_invitation(parent_case, by=principal.user, note_taker=note_taker)


def test_it_emails_the_pdf(client, principal, letter, parent_case, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    assertContains(client.get(f"/letters/{letter.pk}/"), 'value="dana@example.com"')
    assert AuditEvent.objects.filter(verb="letters.viewed", actor=principal.user).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/letters/{letter.pk}/send/", {"to": "dana@example.com"})
    assert r.status_code == 302
    message = mail.outbox[0]
    assert message.to == ["dana@example.com"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-") and name.endswith(".pdf")
    letter.refresh_from_db()
    assert letter.emailed_to == "dana@example.com" and letter.emailed_at
    assert parent_case.timeline.filter(text__startswith="Letter emailed to dana@example.com").exists()


def test_a_bad_address_is_refused(client, principal, letter):
    client.force_login(principal.user)
    r = client.post(f"/letters/{letter.pk}/send/", {"to": "dana at example"})
    assertContains(r, "Enter an email address like name@example.com.", status_code=400)
    assert mail.outbox == []


def test_it_marks_the_letter_as_posted_once(client, principal, letter, parent_case):
    client.force_login(principal.user)
    assert client.post(f"/letters/{letter.pk}/posted/").status_code == 302
    letter.refresh_from_db()
    assert letter.posted_at and letter.posted_by == principal.user
    assert parent_case.timeline.filter(text__startswith="Letter printed and posted").count() == 1
    r = client.post(f"/letters/{letter.pk}/posted/", follow=True)
    assertContains(r, "already recorded as posted")
    assert parent_case.timeline.filter(text__startswith="Letter printed and posted").count() == 1


def test_roles_schools_and_methods(client, teacher, outsider, principal, letter):
    # The teacher reported the case: they follow their report, but a letter to a family is not theirs to know of.
    client.force_login(teacher.user)
    assert client.post(f"/letters/{letter.pk}/send/", {"to": "x@example.com"}).status_code == 404
    assert client.post(f"/letters/{letter.pk}/posted/").status_code == 404
    assert client.get(f"/letters/{letter.pk}/").status_code == 404
    assert client.get(f"/letters/{letter.pk}/download.pdf").status_code == 404
    client.force_login(outsider.user)
    for url in (f"/letters/{letter.pk}/", f"/letters/{letter.pk}/download.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"/letters/{letter.pk}/posted/").status_code == 404
    client.force_login(principal.user)
    assert client.get(f"/letters/{letter.pk}/send/").status_code == 405
    assert client.get(f"/letters/{letter.pk}/posted/").status_code == 405
    assert client.post(f"/letters/{letter.pk}/download.pdf").status_code == 405
    assert client.get(f"/letters/{letter.pk}/download.exe").status_code == 404
