"""Rate limits on the public form, per address and per email, counted in the database."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils.timezone import now

from socialsafe.concerns.models import Concern, Throttle
from socialsafe.concerns.public_views import EMAIL_LIMIT, IP_LIMIT
from socialsafe.concerns.throttle import throttle_hit, throttle_purge

pytestmark = pytest.mark.django_db

URL = "/s/glenmore/concern/"


@pytest.fixture(autouse=True)
def _the_clock_stands_still(time_machine):
    """Counts are kept per hour and per day: with the clock still, no test straddles the end of a window."""
    time_machine.move_to(now(), tick=False)


def test_one_address_is_stopped_with_a_clear_429(client, school, form_data):
    for i in range(IP_LIMIT):
        r = client.post(URL, {**form_data, "email": f"parent{i % 3}-{i}@example.com"}, REMOTE_ADDR="203.0.113.9")
        assert r.status_code == 302
    r = client.post(URL, {**form_data, "email": "fresh@example.com"}, REMOTE_ADDR="203.0.113.9")
    assert r.status_code == 429
    assert b"Please wait before trying again" in r.content and b"Try again in an hour" in r.content
    assert r["Retry-After"] == "3600"
    assert Concern.objects.count() == IP_LIMIT
    # Someone else is not affected.
    assert client.post(URL, form_data, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_invalid_posts_count_too(client, school, form_data):
    for _ in range(IP_LIMIT):
        assert client.post(URL, {"name": ""}, REMOTE_ADDR="203.0.113.10").status_code == 400
    assert client.post(URL, form_data, REMOTE_ADDR="203.0.113.10").status_code == 429
    assert not Concern.objects.exists()


def test_one_email_is_stopped_whatever_the_address(client, school, form_data, django_capture_on_commit_callbacks):
    for i in range(EMAIL_LIMIT):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(URL, form_data, REMOTE_ADDR=f"203.0.113.{i + 20}").status_code == 302
    r = client.post(URL, {**form_data, "email": "SINEAD.KELLY@example.com"}, REMOTE_ADDR="203.0.113.99")
    assert r.status_code == 429 and "Try again tomorrow" in r.content.decode()
    assert Concern.objects.count() == EMAIL_LIMIT
    assert len(mail.outbox) == EMAIL_LIMIT


def test_the_limit_lifts_after_the_window(client, school, form_data):
    start = now()
    with time_machine.travel(start, tick=False):
        for _ in range(IP_LIMIT):
            client.post(URL, {"name": ""}, REMOTE_ADDR="203.0.113.11")
        assert client.post(URL, form_data, REMOTE_ADDR="203.0.113.11").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert client.post(URL, form_data, REMOTE_ADDR="203.0.113.11").status_code == 302


def test_counts_live_in_the_database_without_raw_addresses(client, school, form_data):
    client.post(URL, form_data, REMOTE_ADDR="203.0.113.12")
    rows = list(Throttle.objects.all())
    assert {r.scope for r in rows} == {"concern-ip", "concern-email"}
    for row in rows:
        assert "203.0.113.12" not in row.key and "sinead" not in row.key and len(row.key) == 64


def test_the_counter_is_shared_and_purged(db):
    assert all(throttle_hit(scope="t", key="k", limit=2, seconds=60) for _ in range(2))
    assert not throttle_hit(scope="t", key="k", limit=2, seconds=60)
    with time_machine.travel(dt.timedelta(days=3)):
        assert throttle_purge() == 1
    assert not Throttle.objects.exists()
