"""In a real browser, without a line of the product's own JavaScript needed: the Principal records a request from the
demo parent, checks the redaction, produces the export and downloads it, on a desktop and on a phone."""

import hashlib
import os
import zipfile
from pathlib import Path

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import Page, expect

from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def shot(page: Page, name: str) -> None:
    # SOCIALSAFE_SHOTS=/some/dir keeps full-page screenshots to look at; nothing is written otherwise.
    if folder := os.environ.get("SOCIALSAFE_SHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_principal_answers_a_request_from_the_demo_parent(page: Page, live_server, demo, size):
    from socialsafe.concerns.demo import demo_concerns_create
    from socialsafe.incidents.demo import demo_cases_create
    from socialsafe.schools.models import Guardian, School
    from socialsafe.subjectaccess.models import SubjectAccessExport

    _, password = demo
    school = School.objects.get(slug="glenmore")
    demo_cases_create(school=school)
    demo_concerns_create(school=school)
    parent = Guardian.objects.get(school=school, user__email="parent@glenmore.example")
    base = live_server.url
    page.set_viewport_size(SIZES[size])
    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/school/")
    page.get_by_role("link", name="Subject access requests").click()
    page.get_by_role("link", name="Record a request").click()
    page.get_by_role("button", name="Record the request").click()  # nothing filled in
    expect(page.get_by_text("There is a problem")).to_be_visible()
    shot(page, f"{size}-form-errors")
    page.get_by_label("Who made the request").fill(parent.display_name)
    page.get_by_label("Their relationship to the person").fill("themselves")
    page.get_by_label("By email").check()
    page.get_by_label("Date received").fill(localdate().isoformat())
    page.get_by_label("A parent or carer").check()
    page.get_by_label("The parent or carer").select_option(str(parent.pk))
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("The answer is due by")).to_be_visible()
    shot(page, f"{size}-detail")
    page.get_by_role("link", name="Review and confirm the redaction").click()
    expect(page.get_by_role("heading", name="Check what will be redacted")).to_be_visible()
    shot(page, f"{size}-redaction")
    page.get_by_role("button", name="Confirm the redaction").click()
    page.get_by_role("button", name="Produce the export").click()
    expect(page.get_by_text("Export produced")).to_be_visible()
    export = SubjectAccessExport.objects.get()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == export.sha256
    with zipfile.ZipFile(download.value.path()) as zf:
        assert {"report.pdf", "data.json"} <= set(zf.namelist())
    shot(page, f"{size}-produced")
    page.goto(f"{base}/subject-access/")
    expect(page.get_by_role("link", name=parent.display_name)).to_be_visible()
    shot(page, f"{size}-list")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
