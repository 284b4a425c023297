"""In a real browser: a screenshot's text is flagged as threatening and the Principal confirms it on the case."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.evidence.tests.helpers import screenshot
from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import ActionKind, Incident
from socialsafe.lib.tests.clock import ago, hhmm, iso
from socialsafe.schools.models import School
from socialsafe.schools.tests.browser import shoot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the screenshots go when asked for (SHOTS=/some/folder); otherwise a temporary folder.
SHOTS = os.environ.get("SHOTS", "")


def test_a_flagged_screenshot_is_confirmed_by_the_principal(page: Page, live_server, demo, tmp_path):
    _, password = demo
    demo_cases_create(school=School.objects.get(slug="glenmore"))
    incident = Incident.objects.get(summary__startswith="P7 pupil tried")  # a firewall case: no threat yet
    shot = tmp_path / "IMG_2041.png"
    # Plainly offensive as well as threatening, so both cards appear whatever the model's last digits.
    shot.write_bytes(screenshot("I know where you live, you stupid cow. Watch your back", size=(1400, 220)))

    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/evidence/case/{incident.pk}/add/")
    page.locator("input[type=file]").set_input_files(str(shot))
    taken = ago(hours=2)  # the date and the time from one moment: two hours ago may be yesterday
    page.get_by_label("Date the screenshot was taken").fill(iso(taken))
    page.get_by_label("Time the screenshot was taken").fill(hhmm(taken))
    page.get_by_label("Platform").select_option("snapchat")
    page.get_by_label("Legitimate grounds for collecting it").fill("A threat found on the pupil's screen.")
    page.get_by_role("button", name="Upload and keep").click()

    card = page.locator("div.ss-card[id^=flag-]", has_text="“IMG_2041.png” may be threatening")
    expect(card).to_be_visible()
    expect(card).to_contain_text("the incident will be reported to the PSNI")
    # "Offensive" is not one of the PSNI grounds: its card quotes the clause on offensive content instead.
    offensive = page.locator("div.ss-card[id^=flag-]", has_text="“IMG_2041.png” may be offensive")
    expect(offensive).to_contain_text("the school will inform them why the material is unacceptable")
    expect(offensive).not_to_contain_text("PSNI")
    expect(offensive.get_by_role("button", name="Confirm: it is offensive")).to_be_visible()
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    shoot(page, shots, "case-suggestions")
    card.get_by_role("button", name="Confirm: it is threatening").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Confirmed: the content is threatening")
    expect(page.locator("#timeline ~ ol")).to_contain_text("Confirmed by Ruth Patterson")
    incident.refresh_from_db()
    assert incident.content_threatening
    assert incident.actions.filter(kind=ActionKind.REFERRAL_PSNI).exists()
