"""Recording a bar twice by a double click records one bar."""

import datetime as dt

import pytest
from django.utils.timezone import localdate

from socialsafe.audit.tests.helpers import token_in
from socialsafe.registers.models import PremisesBan

pytestmark = pytest.mark.django_db


def test_recording_a_bar_twice_records_one(client, principal, parent_case, poster):
    client.force_login(principal.user)
    url = f"/registers/premises/case/{parent_case.pk}/new/"
    today = localdate()
    data = {
        "guardian": poster.pk,
        "reason": "Malicious comments",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=130)).isoformat(),
        "review_on": (today + dt.timedelta(days=100)).isoformat(),
        "submission": token_in(client.get(url), url),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    ban = PremisesBan.objects.get()
    assert second["Location"] == first["Location"] == f"/registers/premises/{ban.pk}/"
