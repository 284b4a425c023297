"""The Principal's list: who is outstanding this school year, who has confirmed and when, overdue flagged."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.audit.models import AuditEvent
from socialsafe.lib.tests.clock import midday
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import MemberFactory
from socialsafe.staffrules.services import staff_attest
from socialsafe.staffrules.tests.conftest import joined_long_ago, next_year_start

pytestmark = pytest.mark.django_db
URL = "/staff-rules/outstanding/"


@pytest.fixture
def attested(teacher, guidance):
    return staff_attest(
        member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True
    )


def test_it_lists_who_has_confirmed_and_who_has_not(client, principal, teacher, office, chair, attested):
    client.force_login(principal.user)
    r = client.get(URL)
    html = r.content.decode()
    assert teacher.member.display_name in html and office.member.display_name in html
    assert chair.member.display_name not in html  # governors do not attest
    assert '<span class="ss-stat" id="count-done">1</span>' in html
    assert '<span class="ss-stat" id="count-pending">2</span>' in html  # the office and the Principal
    assertContains(r, "Confirmed")
    assertContains(r, "Send reminders now")
    assert AuditEvent.objects.filter(verb="staffrules.outstanding_viewed", actor=principal.user).count() == 1


def test_it_flags_the_overdue(time_machine, client, principal, office, guidance):
    joined_long_ago(office)
    time_machine.move_to(midday(next_year_start() + dt.timedelta(days=40)))  # mid-October
    newcomer = MemberFactory(school=principal.school, roles=[Role.CLASS_TEACHER], last_name="Newcomer")
    client.force_login(principal.user)
    r = client.get(URL)
    assertContains(r, "govuk-tag--red")
    # The office and the Principal were here before 30 September; the newcomer has 30 days from today.
    assert '<span class="ss-stat" id="count-overdue">2</span>' in r.content.decode()
    assert not next(row for row in r.context["rows"] if row.member == newcomer).overdue


def test_it_offers_the_default_guidance_when_none_is_published(client, principal, teacher):
    client.force_login(principal.user)
    r = client.get(URL)
    assertContains(r, "Publish SocialSafe's default guidance")
    assertNotContains(r, "Send reminders now")


def test_it_exports_csv(client, principal, teacher, attested):
    client.force_login(principal.user)
    r = client.get(URL + "?format=csv")
    body = b"".join(r.streaming_content).decode() if r.streaming else r.content.decode()
    assert "Name" in body and teacher.member.display_name in body and "Confirmed" in body
    assert AuditEvent.objects.filter(verb="export.staff_attestations").exists()


def test_it_shows_only_the_schools_own_staff(client, outsider, teacher, attested):
    client.force_login(outsider.user)
    r = client.get(URL)
    assertNotContains(r, teacher.member.display_name)
    assertContains(r, outsider.member.display_name)


def test_its_queries_do_not_grow_with_the_staff(client, principal, guidance, django_assert_max_num_queries):
    client.force_login(principal.user)
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(8):
        MemberFactory(school=principal.school, roles=[Role.CLASS_TEACHER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "persona, status",
    [
        ("principal", 200),
        ("vice_principal", 200),
        ("designated_teacher", 403),
        ("teacher", 403),
        ("office", 403),
        ("staff", 403),
        ("chair", 403),
        ("governor", 403),
        ("parent", 403),
        ("officer", 403),
        ("outsider", 200),  # their own school's list: the test above shows it holds none of this school
    ],
)
def test_who_may_see_the_list(request, client, guidance, persona, status):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(URL).status_code == status
    assert client.get(URL + "?format=csv").status_code == status


def test_a_visitor_is_sent_to_sign_in(client):
    r = client.get(URL)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/sign-in/")


def test_it_takes_only_get(client, principal):
    client.force_login(principal.user)
    assert client.post(URL).status_code == 405
