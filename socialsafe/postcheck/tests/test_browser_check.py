"""In a real browser: a teacher pastes a draft naming a pupil by nickname, with a photo, and sees the warnings with
the policy's words as they type; nothing of it reaches the server's store (row counts unchanged, the audit records
only that a check happened). Screenshots at 1280 and 390 px go to $SHOTS_DIR (else the test's temporary folder)
for a person to look at."""

import os
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from socialsafe.audit.models import AuditEvent
from socialsafe.postcheck.tests.conftest import make_photo
from socialsafe.schools.models import School, SchoolClass
from socialsafe.schools.tests.browser import sign_in
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
IMAGES = Path(__file__).parent / "images"
DRAFT = "Shaun Murphy was a star at football training tonight, so proud of him!"


def two_faces_image() -> Path | None:
    """The photo of two faces that part "detectors" ships with its tests (socialsafe/postcheck/tests/images/)."""
    found = sorted(p for p in IMAGES.glob("*") if "two" in p.name.lower() and p.suffix.lower() in (".jpg", ".png"))
    return found[0] if found else None


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _check_in_the_browser(
    page: Page, live_server, demo, photo: Path, name: str, shots: Path, draft: str = DRAFT, pupil=("Seán", "Murphy")
) -> None:
    _, password = demo
    school = School.objects.get(slug="glenmore")
    PupilFactory(school=school, school_class=SchoolClass.objects.get(school=school, name="P5"),
                 first_name=pupil[0], last_name=pupil[1])  # fmt: skip
    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/check-post/")
    before, audit_before = counts(), AuditEvent.objects.count()

    page.locator("#id_text").press_sequentially(draft, delay=5)  # no click: the panel follows the typing
    card = page.locator("#warning-names_a_pupil")
    expect(card).to_contain_text("It names a pupil")
    expect(card).to_contain_text(f"{pupil[0]} {pupil[1]} (pupil, P5)")
    expect(card).to_contain_text(
        "The policy: “No reference should be made on social media to pupils, parents/carers or school staff.”"
    )
    page.locator("#id_photo").set_input_files(str(photo))
    expect(page.locator("#photo-findings")).to_be_visible()
    shots = Path(os.environ.get("SHOTS_DIR") or shots)
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    after = counts()
    assert {k: v for k, v in after.items() if v != before[k]} == {"audit.AuditEvent": after["audit.AuditEvent"]}
    verbs = set(AuditEvent.objects.order_by("pk").values_list("verb", flat=True)[audit_before:])
    assert verbs == {"postcheck.checked"}


def test_a_draft_naming_a_pupil_by_nickname_with_two_faces_warns_and_stores_nothing(
    page: Page, live_server, demo, tmp_path
):
    photo = two_faces_image()
    assert photo is not None, "the two-faces test photo is missing from socialsafe/postcheck/tests/images/"
    draft = "Paddy Murphy was a star at football training tonight, so proud of him!"
    _check_in_the_browser(page, live_server, demo, photo, "two-faces", tmp_path, draft, pupil=("Patrick", "Murphy"))
    expect(page.locator("#warning-names_a_pupil")).to_contain_text("by nickname")
    card = page.locator("#warning-shows_people")
    expect(card).to_contain_text("The photo shows 2 faces: check no pupil is in it")
    expect(card).to_contain_text("The policy: “No reference should be made on social media")


def test_a_photo_that_records_its_place_is_warned_about_and_nothing_is_stored(page: Page, live_server, demo, tmp_path):
    photo = tmp_path / "IMG_3301.jpg"
    photo.write_bytes(make_photo(gps=True, size=(1200, 900)))
    _check_in_the_browser(page, live_server, demo, photo, "place", tmp_path)
    card = page.locator("#warning-photo_records_its_place")
    expect(card).to_contain_text("The photo records where it was taken")
    expect(card).to_contain_text("privacy settings")
    # Without JavaScript's help the button does the same: the whole page comes back with the result.
    page.get_by_role("button", name="Check my post").click()
    expect(page.locator("#warning-names_a_pupil")).to_be_visible()
