"""In a real browser: the designated teacher records a leaver, makes the package and sees the code once."""

import os
from pathlib import Path

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import Page, expect

from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Incident
from socialsafe.schools.models import School
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Page, name: str) -> None:
    """Screenshots at a desktop's and a phone's width, where SCREENSHOTS_DIR asks for them (to look at by eye)."""
    if not (folder := os.environ.get("SCREENSHOTS_DIR")):
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_leaver_is_recorded_and_their_package_made(page: Page, live_server, demo):
    _, password = demo
    glenmore = School.objects.get(slug="glenmore")
    demo_cases_create(school=glenmore)
    case = Incident.objects.filter(school=glenmore, target_pupil__isnull=False).order_by("id").first()
    pupil = case.target_pupil
    other = School.objects.exclude(pk=glenmore.pk).first()

    sign_in(page, live_server.url, "designated@glenmore.example", password)
    page.goto(f"{live_server.url}/transfers/")
    page.get_by_label("Pupil who has left").select_option(str(pupil.pk))
    page.get_by_label("Date they left").fill(localdate().isoformat())
    page.get_by_role("button", name="Record that they left").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Records of {pupil.full_name}")
    page.get_by_label("New school, if it uses this SocialSafe").select_option(str(other.pk))
    page.get_by_role("button", name="Make the package").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Package made")
    _shot(page, "package-made")
    page.goto(f"{live_server.url}/transfers/")
    _shot(page, "list")
    page.goto(f"{live_server.url}/transfers/import/")
    _shot(page, "import")
