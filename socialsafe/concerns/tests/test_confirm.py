"""Confirming a concern by its emailed link: a reference, an acknowledgement, and only then the Principal."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import ConcernSettings, ConcernStatus
from socialsafe.concerns.services import confirm_token
from socialsafe.concerns.tests.conftest import link_in, make_concern
from socialsafe.lib.dates import add_working_days
from socialsafe.schools.tests.factories import GuardianFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(school, principal, vice_principal):
    concern = make_concern(school, confirm=False)
    mail.outbox.clear()
    return concern


def _url(concern) -> str:
    return f"/s/{concern.school.slug}/concern/confirm/{confirm_token(concern)}/"


def test_opening_the_link_asks_before_sending(client, pending):
    r = client.get(_url(pending))
    assert r.status_code == 200 and b"Send my concern" in r.content
    pending.refresh_from_db()
    assert pending.status == ConcernStatus.PENDING  # a mail scanner opening the link sends nothing


def test_it_confirms_gives_a_reference_and_acknowledges(
    client, pending, principal, vice_principal, django_capture_on_commit_callbacks
):
    ConcernSettings.objects.create(school=pending.school, response_days=3)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(_url(pending))
    pending.refresh_from_db()
    assert pending.status == ConcernStatus.NEW
    assert re.fullmatch(rf"GLE-C-{localdate().year}-0001", pending.reference)
    assert pending.due_on == add_working_days(localdate(), 3)
    assert r.status_code == 302 and r["Location"] == f"/s/glenmore/concern/status/{pending.status_token}/?sent=1"
    to_parent, to_school = mail.outbox
    assert to_parent.to == ["sinead.kelly@example.com"]
    assert pending.reference in to_parent.subject and "within 3 school days" in to_parent.body
    assert link_in(to_parent) == f"/s/glenmore/concern/status/{pending.status_token}/"
    assert sorted(to_school.to) == ["principal@example.com", "vp@example.com"]
    assert "WhatsApp" not in to_school.body  # the details stay in SocialSafe
    assert AuditEvent.objects.filter(verb="concern.confirmed").count() == 1


def test_the_status_page_shows_the_reference_after_sending(client, pending):
    r = client.post(_url(pending), follow=True)
    html = r.content.decode()
    pending.refresh_from_db()
    assert "Your concern has been sent" in html and pending.reference in html


def test_references_count_up_per_school(school, other_school, principal):
    first, second = make_concern(school), make_concern(school)
    theirs = make_concern(other_school)
    assert first.reference.endswith("-0001") and second.reference.endswith("-0002")
    assert theirs.reference.startswith("RIV-C-") and theirs.reference.endswith("-0001")


def test_a_second_confirmation_changes_nothing(client, pending, django_capture_on_commit_callbacks):
    client.post(_url(pending))
    pending.refresh_from_db()
    reference = pending.reference
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(_url(pending))
    pending.refresh_from_db()
    assert r.status_code == 302 and pending.reference == reference and not mail.outbox


def test_an_expired_link_is_refused(client, pending):
    url = _url(pending)
    with time_machine.travel(dt.timedelta(hours=49)):
        r = client.post(url)
    assert r.status_code == 404 and b"This link does not work" in r.content
    pending.refresh_from_db()
    assert pending.status == ConcernStatus.PENDING


@pytest.mark.parametrize("token", ["nonsense", "eyJjIjoxfQ:1abc:forged", "x" * 2000])
def test_a_forged_or_mangled_link_is_refused(client, pending, token):
    assert client.post(f"/s/glenmore/concern/confirm/{token}/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == ConcernStatus.PENDING


def test_a_link_for_one_school_does_not_work_at_another(client, pending, other_school):
    r = client.post(f"/s/riverside/concern/confirm/{confirm_token(pending)}/")
    assert r.status_code == 404
    pending.refresh_from_db()
    assert pending.status == ConcernStatus.PENDING


def test_a_parent_with_an_account_finds_it_among_their_concerns(client, school, principal):
    guardian = GuardianFactory(
        school=school, email="sinead.kelly@example.com", user=UserFactory(email="sinead.kelly@example.com")
    )
    concern = make_concern(school, email="Sinead.Kelly@example.com")
    assert concern.guardian == guardian
    client.force_login(guardian.user)
    assert concern.reference in client.get("/concerns/mine/").content.decode()


def test_an_email_on_the_roster_without_an_account_is_not_linked(school, principal):
    GuardianFactory(school=school, email="sinead.kelly@example.com")
    assert make_concern(school).guardian is None


def test_confirm_refuses_other_methods(client, pending):
    assert client.put(_url(pending)).status_code == 405
