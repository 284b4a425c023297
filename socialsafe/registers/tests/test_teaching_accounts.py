"""The policy: "All social media services must be approved by the Principal in advance of any educational work"."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from pytest_django.asserts import assertContains

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.models import Incident, Kind
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso
from socialsafe.registers.models import AccountStatus, InvalidTransition, TeachingAccount
from socialsafe.registers.tests.factories import account_fields, make_request

pytestmark = pytest.mark.django_db

NEXT_YEAR = iso(days_ahead(365))


def test_a_teacher_asks_and_the_principal_is_told(client, teacher, principal, django_capture_on_commit_callbacks):
    client.force_login(teacher.user)
    data = {k: ("" if v is None else v) for k, v in account_fields().items()}
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/registers/accounts/request/", data)
    account = TeachingAccount.objects.get()
    assert r.status_code == 302 and account.status == AccountStatus.REQUESTED and account.requested_by == teacher.member
    assert mail.outbox[0].to == [principal.user.email]
    assert AuditEvent.objects.filter(verb="registers.account_requested").exists()


@pytest.mark.parametrize("missing", ["service", "name", "purpose", "audience", "moderation"])
def test_a_request_needs_every_answer(client, teacher, missing):
    client.force_login(teacher.user)
    data = {k: ("" if v is None else v) for k, v in account_fields(**{missing: ""}).items()}
    assert client.post("/registers/accounts/request/", data).status_code == 400
    assert not TeachingAccount.objects.exists()


def test_the_principal_approves_with_a_review_date(client, teacher, principal, django_capture_on_commit_callbacks):
    account = make_request(teacher.member)
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/registers/accounts/{account.pk}/decide/", {"decision": "approved", "review_on": NEXT_YEAR})
    assert r.status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.APPROVED and account.decided_by == principal.user
    assert str(account.review_on) == NEXT_YEAR
    assert mail.outbox[0].to == [teacher.user.email] and "approved" in mail.outbox[0].subject
    assertContains(client.get("/registers/accounts/"), "P4 class blog")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"decision": "approved"}, "Set a review date for the approved account."),
        ({"decision": "approved", "review_on": iso(days_ago(1))}, "The review date must be in the future."),
        ({"decision": "declined"}, "Say why the request is declined."),
        ({"decision": "maybe"}, "Select a valid choice"),
        ({}, "Choose an answer to ‘Your decision’."),
    ],
)
def test_a_bad_decision_is_refused(client, teacher, principal, data, message):
    account = make_request(teacher.member)
    client.force_login(principal.user)
    assertContains(client.post(f"/registers/accounts/{account.pk}/decide/", data), message, status_code=400)
    account.refresh_from_db()
    assert account.status == AccountStatus.REQUESTED


def test_a_decided_request_cannot_be_decided_again(client, teacher, principal):
    account = make_request(teacher.member)
    client.force_login(principal.user)
    client.post(f"/registers/accounts/{account.pk}/decide/", {"decision": "declined", "note": "Use Seesaw instead."})
    r = client.post(f"/registers/accounts/{account.pk}/decide/", {"decision": "approved", "review_on": NEXT_YEAR})
    assertContains(r, "cannot be changed now", status_code=400)
    account.refresh_from_db()
    assert account.status == AccountStatus.DECLINED


def test_the_model_refuses_moves_not_in_the_table(teacher, principal):
    account = make_request(teacher.member, status=AccountStatus.DECLINED)
    with pytest.raises(InvalidTransition):
        account.move_to(AccountStatus.APPROVED, by=principal.user, review_on=days_ahead(365))


def test_only_the_principal_decides(client, teacher, vice_principal, outsider, principal):
    account = make_request(teacher.member)
    for persona in (teacher, vice_principal):
        client.force_login(persona.user)
        r = client.post(f"/registers/accounts/{account.pk}/decide/", {"decision": "approved", "review_on": NEXT_YEAR})
        assert r.status_code == 403
    client.force_login(outsider.user)
    assert client.get(f"/registers/accounts/{account.pk}/").status_code == 404
    assert client.post(f"/registers/accounts/{account.pk}/decide/", {"decision": "declined"}).status_code == 404
    client.force_login(principal.user)
    assert client.get(f"/registers/accounts/{account.pk}/decide/").status_code == 405


def test_staff_see_their_own_requests_not_others(client, teacher, staff, principal):
    account = make_request(teacher.member)
    client.force_login(staff.user)
    assert client.get(f"/registers/accounts/{account.pk}/").status_code == 403
    assert "P4 class blog" not in client.get("/registers/accounts/").content.decode()


def test_parents_cannot_use_the_register(client, parent):
    client.force_login(parent.user)
    assert client.get("/registers/accounts/").status_code == 403
    assert client.get("/registers/accounts/request/").status_code == 403


def test_use_before_approval_files_a_staff_conduct_case(client, teacher, principal):
    account = make_request(teacher.member)
    client.force_login(principal.user)
    assert client.post(f"/registers/accounts/{account.pk}/used-before-approval/", {"details": ""}).status_code == 400
    r = client.post(
        f"/registers/accounts/{account.pk}/used-before-approval/",
        {"details": "Pupils' work was posted on it last week."},
    )
    case = Incident.objects.get(kind=Kind.STAFF_CONDUCT)
    assert r.status_code == 302 and r["Location"] == f"/incidents/{case.pk}/"
    account.refresh_from_db()
    assert account.conduct_case == case and case.responsible_member == teacher.member
    assert case.exclusions.filter(user=teacher.user).exists()  # the colleague named cannot see it
    assert case.timeline.filter(text__startswith="Filed from the approved accounts register").exists()
    assertContains(client.get(f"/incidents/{case.pk}/"), "Account used before approval")
    r = client.post(f"/registers/accounts/{account.pk}/used-before-approval/", {"details": "Again"})
    assertContains(r, "already been filed", status_code=400)
    client.force_login(teacher.user)
    assert client.post(f"/registers/accounts/{account.pk}/used-before-approval/", {"details": "x"}).status_code == 403


def test_the_conduct_case_dates_the_request_on_the_schools_clock(client, teacher, principal):
    # Asked for at half past midnight in British Summer Time, which in UTC is still the day before.
    asked = dt.datetime(2026, 7, 15, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    account = make_request(teacher.member, requested_at=asked)
    client.force_login(principal.user)
    client.post(f"/registers/accounts/{account.pk}/used-before-approval/", {"details": "Posted on it in June."})
    case = Incident.objects.get(kind=Kind.STAFF_CONDUCT)
    assert f"Requested by {teacher.member} on 15 Jul 2026;" in case.description


def test_the_principal_adds_an_official_account(client, principal):
    client.force_login(principal.user)
    data = {k: ("" if v is None else v) for k, v in account_fields(service="Facebook", name="Glenmore PS").items()}
    assert client.post("/registers/accounts/official/new/", {**data, "review_on": iso(days_ago(1))}).status_code == 400
    r = client.post("/registers/accounts/official/new/", {**data, "review_on": NEXT_YEAR})
    account = TeachingAccount.objects.get()
    assert r.status_code == 302 and account.official and account.status == AccountStatus.APPROVED


def test_only_the_principal_adds_official_accounts(client, teacher):
    client.force_login(teacher.user)
    assert client.get("/registers/accounts/official/new/").status_code == 403
