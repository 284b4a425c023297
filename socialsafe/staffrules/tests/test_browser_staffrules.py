"""In a real browser: a teacher is prompted on the home page, reads the guidance and confirms (after forgetting a
box); the Principal sees who is outstanding and sends reminders."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.concerns.demo import demo_concerns_create
from socialsafe.schools.models import School
from socialsafe.schools.tests.browser import sign_in
from socialsafe.staffrules.demo import demo_staffrules_create
from socialsafe.staffrules.models import StaffAttestation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")  # set it to keep screenshots of each page at desk and phone widths


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/staffrules-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_teacher_confirms_and_the_principal_sees_it(page: Page, live_server, demo):
    _, password = demo
    school = School.objects.get(slug="glenmore")
    demo_concerns_create(school=school)
    demo_staffrules_create(school=school)

    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#staffrules-prompt")).to_contain_text("Your yearly social media check")
    _shoot(page, "home-prompt")
    page.get_by_role("link", name="Check your settings and read the staff rules").click()
    expect(page.get_by_role("heading", name="Staff rules for social media")).to_be_visible()
    expect(page.locator(".ss-pre")).to_contain_text("8. No online friendships or messages with pupils")
    page.get_by_label("I have read the current staff guidance (version 2.0)").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("checked your privacy and security settings")
    _shoot(page, "error")
    page.get_by_label("I have checked the privacy and security settings").check()
    page.get_by_label("I have read the current staff guidance (version 2.0)").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have confirmed both")
    expect(page.locator("#status")).to_contain_text("Done")
    _shoot(page, "done")
    assert StaffAttestation.objects.filter(member__user__email="teacher@glenmore.example").count() == 1

    page.context.clear_cookies()
    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/staff-rules/outstanding/")
    expect(page.get_by_role("table", name="Staff and their confirmation")).to_contain_text("Confirmed")
    _shoot(page, "outstanding")
    if page.get_by_role("button", name="Send reminders now").count():
        page.get_by_role("button", name="Send reminders now").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("sent")
    page.goto(f"{live_server.url}/staff-rules/default-guidance/")
    expect(page.get_by_label("The text of this version")).to_contain_text("1. Know your privacy settings")
    _shoot(page, "default-guidance")
