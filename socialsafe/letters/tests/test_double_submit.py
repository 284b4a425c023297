"""Issuing a letter twice by a double click issues one letter."""

import pytest

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.letters.models import Letter
from socialsafe.letters.tests.test_issue import form_data

pytestmark = pytest.mark.django_db


def test_issuing_twice_issues_one_letter(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    url = f"/letters/case/{parent_case.pk}/new/"
    preview = client.post(url, form_data(parent_case, note_taker, action="preview"))
    assert preview.status_code == 200
    data = {**form_data(parent_case, note_taker), "submission": token_in(preview, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    letter = Letter.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == f"/letters/{letter.pk}/"
    assert AuditEvent.objects.filter(verb="letters.issued").count() == 1


def test_a_preview_sent_twice_is_still_a_preview(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    url = f"/letters/case/{parent_case.pk}/new/"
    token = token_in(client.get(f"{url}?kind=invitation"), url)
    data = {**form_data(parent_case, note_taker, action="preview"), "submission": token}
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 200  # a preview did nothing, so it is shown again
    assert not Letter.objects.exists()
