"""On a phone, a parent opens the link in their email, reads both documents and acknowledges them."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.families.forms import CONFIRM_REQUIRED
from socialsafe.families.models import FamilyInvitation
from socialsafe.families.tests.factories import invited_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_parent_acknowledges_both_documents_on_a_phone(page: Page, live_server, principal, policies, tmp_path):
    invitation, code = invited_family(principal)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/glenmore/welcome/")
    page.get_by_label("Your code").fill(code.lower())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Ann Quinn")).to_be_visible()
    expect(page.get_by_text("Parents are asked to be courteous")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    expect(page.locator("header")).to_contain_text("Glenmore Primary School")  # the school's page, not the product's
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"welcome-read-{width}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(CONFIRM_REQUIRED)
    page.get_by_label("I have read the Social Media Policy").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.acknowledged_at is not None
    assert FamilyInvitation.objects.filter(acknowledged_at__isnull=False).count() == 1
