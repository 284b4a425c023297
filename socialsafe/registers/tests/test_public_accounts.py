"""The school's public page lists the accounts that legitimately represent it; others can be reported."""

import pytest
from django.core import mail
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.registers.models import AccountReport, AccountStatus, PublicPost
from socialsafe.registers.services import PUBLIC_POSTS_PER_HOUR
from socialsafe.registers.tests.factories import make_request

pytestmark = pytest.mark.django_db

REPORT = {"service": "Facebook", "account": "Glenmore Primary Parents (fake)", "details": "Uses our logo"}


def test_it_lists_approved_accounts_only(client, teacher, other_school, outsider):
    make_request(teacher.member, name="P4 class blog", status=AccountStatus.APPROVED, official=True)
    make_request(teacher.member, name="Pending vlog")
    make_request(teacher.member, name="Declined thing", status=AccountStatus.DECLINED)
    make_request(outsider.member, name="Riverside page", status=AccountStatus.APPROVED)
    r = client.get("/s/glenmore/accounts/")
    assertContains(r, "P4 class blog")
    for hidden in ("Pending vlog", "Declined thing", "Riverside page"):
        assertNotContains(r, hidden)


def test_it_stores_a_report_and_tells_the_principal(client, principal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/s/glenmore/accounts/", REPORT)
    assert r.status_code == 302 and r["Location"] == "/s/glenmore/accounts/?sent=1"
    report = AccountReport.objects.get()
    assert report.school == principal.school and report.ip_address == "127.0.0.1"
    assert mail.outbox[0].to == [principal.user.email]
    assertContains(client.get(r["Location"]), "Thank you")


def test_the_honeypot_stores_nothing(client, principal):
    r = client.post("/s/glenmore/accounts/", {**REPORT, "website": "http://spam.example"})
    assert r.status_code == 302
    assert not AccountReport.objects.exists()


@pytest.mark.parametrize("bad", [{"service": ""}, {"account": ""}, {"reporter_email": "not-an-email"}])
def test_it_refuses_bad_input(client, school, bad):
    r = client.post("/s/glenmore/accounts/", {**REPORT, **bad})
    assert r.status_code == 400
    assert not AccountReport.objects.exists()


def test_it_limits_reports_from_one_address(client, school):
    for _ in range(PUBLIC_POSTS_PER_HOUR):
        assert client.post("/s/glenmore/accounts/", REPORT).status_code == 302
    r = client.post("/s/glenmore/accounts/", REPORT)
    assertContains(r, "Too many reports", status_code=429)
    assert AccountReport.objects.count() == PUBLIC_POSTS_PER_HOUR
    assert client.post("/s/glenmore/accounts/", REPORT, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert PublicPost.objects.count() == PUBLIC_POSTS_PER_HOUR + 1


def test_an_unknown_school_is_404_and_put_is_405(client, school):
    assert client.get("/s/nowhere/accounts/").status_code == 404
    assert client.put("/s/glenmore/accounts/").status_code == 405


def test_the_principal_sees_and_reviews_reports(client, principal, teacher, outsider):
    client.post("/s/glenmore/accounts/", REPORT)
    report = AccountReport.objects.get()
    client.force_login(teacher.user)
    assert client.get("/registers/accounts/reports/").status_code == 403
    assert client.post(f"/registers/accounts/reports/{report.pk}/reviewed/").status_code == 403
    client.force_login(outsider.user)
    assert client.post(f"/registers/accounts/reports/{report.pk}/reviewed/").status_code == 404
    client.force_login(principal.user)
    assertContains(client.get("/registers/accounts/reports/"), "Glenmore Primary Parents (fake)")
    assert client.get(f"/registers/accounts/reports/{report.pk}/reviewed/").status_code == 405
    assert client.post(f"/registers/accounts/reports/{report.pk}/reviewed/").status_code == 302
    report.refresh_from_db()
    assert report.status == "reviewed" and report.reviewed_by == principal.user
