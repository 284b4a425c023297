"""The public pages never tell anyone whether an email address is known to the school."""

import re

import pytest
from django.core import mail

from socialsafe.schools.tests.factories import GuardianFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/s/glenmore/concern/"


def _page(client, response) -> str:
    html = client.get(response["Location"]).content.decode()
    # The CSRF token and the CSP nonce change with every page, whoever asks.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_known_and_unknown_emails_get_the_same_answer(client, school, form_data, django_capture_on_commit_callbacks):
    GuardianFactory(school=school, email="known@example.com", user=UserFactory(email="known@example.com"))
    answers = []
    for email in ("known@example.com", "unknown@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(URL, {**form_data, "email": email})
        answers.append((r.status_code, r["Location"], _page(client, r)))
    assert answers[0] == answers[1]
    # Both get exactly one email, the same apart from the link.
    assert len(mail.outbox) == 2
    bodies = [re.sub(r"https?://\S+", "LINK", m.body) for m in mail.outbox]
    assert bodies[0] == bodies[1] and mail.outbox[0].subject == mail.outbox[1].subject
