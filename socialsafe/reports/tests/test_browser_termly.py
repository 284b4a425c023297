"""In a real browser, on a phone-sized screen: the Principal produces the termly report from the demo school's
records, reads it on screen and downloads its PDF; the same report is there for a governor to read."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.reports.models import ReportRun
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_principal_produces_the_report_and_downloads_its_pdf(page: Page, live_server, demo):
    from socialsafe.incidents.demo import demo_cases_create
    from socialsafe.schools.models import School

    _, password = demo
    demo_cases_create(school=School.objects.get(slug="glenmore"))
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Governors' termly report").first.click()
    expect(page.get_by_role("heading", name="Governors' termly report", exact=True)).to_be_visible()
    page.get_by_label("A term").check()
    page.get_by_role("button", name="Produce the report").click()
    expect(page.get_by_text("has been produced")).to_be_visible()
    expect(page.get_by_role("heading", name="Bullying: the statutory record")).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    run = ReportRun.objects.get()
    assert page.url.endswith(f"/reports/termly/{run.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == run.pdf_sha256
    # Nothing on the page is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
