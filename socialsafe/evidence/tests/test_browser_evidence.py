"""In a real browser: upload screenshots with their metadata, read their text, download a bundle that checks out."""

import hashlib
import json
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from socialsafe.evidence.tests.helpers import screenshot
from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Incident
from socialsafe.lib.tests.clock import ago, hhmm, iso
from socialsafe.schools.models import School
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screenshots_are_uploaded_read_and_bundled(page: Page, live_server, demo, tmp_path):
    _, password = demo
    demo_cases_create(school=School.objects.get(slug="glenmore"))
    incident = Incident.objects.get(school__slug="glenmore", summary__startswith="Abusive comments")
    files = []
    for n, text in enumerate(["You had better watch your back", "I know where you live"], 1):
        path = tmp_path / f"Screenshot_{n}.png"
        path.write_bytes(screenshot(text))
        files.append(path)

    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.get_by_role("link", name="Add screenshots or files").click()

    page.locator("input[type=file]").set_input_files([str(f) for f in files])
    posted, taken = ago(days=3), ago(days=2)  # the demo case's posts, then the screenshots a day later
    page.get_by_label("Date the messages were posted (if known)").fill(iso(posted))
    page.get_by_label("Time posted (if known)").fill(hhmm(posted))
    page.get_by_label("Date the screenshot was taken").fill(iso(taken))
    page.get_by_label("Time the screenshot was taken").fill(hhmm(taken))
    page.get_by_label("Platform").select_option("facebook")
    page.get_by_label("Author's name or handle, as shown").fill("Laura R")
    page.get_by_label("Legitimate grounds for collecting it").fill("Threats against a member of staff.")
    page.get_by_role("button", name="Upload and keep").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 files added to the evidence.")

    panel = page.locator("#evidence + .ss-table-wrap")
    expect(panel).to_contain_text("Screenshot_1.png")
    page.get_by_role("link", name="Screenshot_2.png").click()
    expect(page.locator("#ocr-text")).to_contain_text(re.compile("know where you live", re.IGNORECASE))
    expect(page.get_by_role("table", name="Everyone who has handled this file")).to_contain_text("Viewed")
    page.get_by_role("link", name=f"Back to {incident.reference}").click()

    page.get_by_text("Prepare a bundle for the PSNI or the Education Authority").click()
    page.get_by_label("The PSNI").check()
    page.get_by_label("Your full name, to sign off the summary").fill("Ruth Patterson")
    with page.expect_download() as info:
        page.get_by_role("button", name="Prepare and download the bundle").click()
    bundle = tmp_path / "bundle.zip"
    info.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        # The demo case came with the screenshot that completed its "Take screenshots" action; ours follow it.
        names = [i["original_name"] for i in manifest["items"]]
        assert names == [f"{incident.reference}-screenshot.png", "Screenshot_1.png", "Screenshot_2.png"]
        for item, original in zip(manifest["items"][1:], files, strict=True):
            assert item["sha256"] == hashlib.sha256(zf.read(item["file"])).hexdigest()
            assert item["sha256"] == hashlib.sha256(original.read_bytes()).hexdigest()
        assert zf.read("summary.pdf").startswith(b"%PDF") and zf.read("chronology.pdf").startswith(b"%PDF")
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() in incident.timeline.last().text
