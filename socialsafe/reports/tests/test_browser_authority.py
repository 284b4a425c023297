"""The Education Authority officer in a real browser: the figures, a sort by a column heading, the CSV."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_sorts_the_schools_and_downloads_them(page: Page, live_server, demo):
    call_command("seed_demo_authority", stdout=io.StringIO())
    _, password = demo
    sign_in(page, live_server.url, "officer@ea.example", password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools")
    page.get_by_label("Period").select_option("year")
    page.get_by_role("button", name="Show").click()
    table = page.locator("table.ss-stack").first
    page.get_by_role("link", name="Opened", exact=True).click()
    expect(table.locator("tbody tr").first).to_contain_text("Kestrel Hill Primary School")
    expect(table.get_by_role("columnheader", name="Opened")).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#support + p + ul")).to_contain_text("Kestrel Hill Primary School")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("Kestrel Hill Primary School,")  # the same sort as the page
