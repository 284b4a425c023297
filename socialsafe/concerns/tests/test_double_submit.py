"""A parent who double-clicks "Send" raises one concern and gets one email."""

import pytest
from django.core import mail

from socialsafe.audit.tests.helpers import token_in
from socialsafe.concerns.models import Concern

pytestmark = pytest.mark.django_db

URL = "/s/glenmore/concern/"


def test_sending_the_concern_twice_stores_one_and_sends_one_email(
    client, school, principal, form_data, django_capture_on_commit_callbacks
):
    data = {**form_data, "submission": token_in(client.get(URL), URL)}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == "/s/glenmore/concern/sent/"
    assert Concern.objects.count() == 1
    assert len(mail.outbox) == 1


def test_replying_twice_sends_one_reply(client, principal, concern, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    url = f"/concerns/inbox/{concern.pk}/reply/"
    data = {
        "text": "Thank you: I will look into it today.",
        "submission": token_in(client.get(f"/concerns/inbox/{concern.pk}/"), url),
    }
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, data).status_code == 302
    assert concern.messages.count() == 1
    assert len(mail.outbox) == 1
