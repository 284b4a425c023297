"""Done when: the Principal opens the dashboard and follows a chart to the list of the cases behind it."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Kind
from socialsafe.reports.dashboard import SHORT_KIND
from socialsafe.schools.models import School
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set SCREENSHOTS=<folder> to keep the pages as PNGs (1280 px, 390 px, print) for a person to look at.
SHOTS = os.environ.get("SCREENSHOTS")


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    page.screenshot(path=folder / f"{name}-print.png", full_page=True)
    page.emulate_media(media="screen")


def test_the_principal_follows_a_chart_to_its_cases(page: Page, live_server, demo):
    _, password = demo
    demo_cases_create(school=School.objects.get(slug="glenmore"))
    sign_in(page, live_server.url, "principal@glenmore.example", password)
    expect(page.get_by_role("heading", name="What needs you today")).to_be_visible()
    expect(page.get_by_role("heading", name="How we are doing")).to_be_visible()
    _shoot(page, "dashboard")

    # The last 12 months, so that the demo's cases of last term count too.
    page.get_by_role("link", name="The last 12 months").click()
    expect(page.locator("#how-we-are-doing strong[aria-current]")).to_have_text("The last 12 months")

    # Follow the first row of the chart of cases by kind: its label and its count.
    row = page.locator("#chart-kind table tbody tr").first
    kind = row.locator("th").inner_text()
    count = int(row.locator("td").inner_text())
    assert count > 0
    row.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page.locator("#results caption")).to_have_text(f"{count} case{'s' if count != 1 else ''}")
    # The chart names the kind briefly; the list, in the policy's words.
    value = next(k for k, short in SHORT_KIND.items() if short == kind)
    assert f"kind={value}" in page.url
    kinds = page.locator("#results tbody tr td:nth-child(2)")
    expect(kinds).to_have_count(min(count, 25))
    for text in kinds.all_inner_texts():
        assert text == Kind(value).label

    # Back on the dashboard, an overdue figure leads to the overdue actions.
    page.goto(f"{live_server.url}/")
    page.locator("#needs-you").get_by_role("link", name=re.compile("Actions overdue")).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("^Overdue"))).to_be_visible()
    _shoot(page, "overdue-actions")
