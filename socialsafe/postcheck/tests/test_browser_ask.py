"""In a real browser: "I'm not sure — ask the Principal", the Principal's answer, and the teacher reading it.
Screenshots at 1280 and 390 px go to $SHOTS_DIR (else the test's temporary folder)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.postcheck.models import AdviceRequest
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page: Page, shots: Path, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_teacher_asks_the_principal_and_reads_the_answer(page: Page, live_server, demo, tmp_path):
    _, password = demo
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/check-post/")
    page.locator("#id_text").fill("We at Glenmore think the new road plan is a disgrace.")
    page.get_by_role("button", name="Check my post").click()
    expect(page.locator("#warning-reads_as_the_schools_opinion")).to_contain_text("We at Glenmore")
    page.get_by_text("I'm not sure — ask the Principal").click()
    page.get_by_role("button", name="Send to the Principal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell the Principal what you would like to know")
    page.get_by_label("What would you like to ask the Principal?").fill("Can I say this as a parent of the area?")
    shoot(page, shots, "ask")
    page.get_by_role("button", name="Send to the Principal").click()
    expect(page.locator("#messages")).to_contain_text("Your question has gone to the Principal")
    advice = AdviceRequest.objects.get(question__startswith="Can I say this")
    assert [w["id"] for w in advice.warnings] == ["shows_a_school_event", "reads_as_the_schools_opinion"]

    page.context.clear_cookies()
    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/check-post/requests/")
    shoot(page, shots, "queue")
    page.locator("#open-advice").get_by_role("link").first.click()
    expect(page.locator("#question")).to_contain_text("Can I say this as a parent of the area?")
    page.get_by_label("Your answer").fill("Yes, as your own view: leave the school's name out.")
    shoot(page, shots, "answer")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator("#answer")).to_contain_text("leave the school's name out")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/check-post/mine/")
    shoot(page, shots, "mine")
    page.locator("#advice").get_by_role("link").first.click()
    expect(page.locator("#answer")).to_contain_text("leave the school's name out")


def test_a_post_for_the_schools_accounts_is_approved_by_the_principal(page: Page, live_server, demo, tmp_path):
    from socialsafe.postcheck.models import OfficialPostRequest, PostStatus
    from socialsafe.registers.demo import demo_registers_create
    from socialsafe.schools.models import School

    _, password = demo
    demo_registers_create(school=School.objects.get(slug="glenmore"))
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/check-post/")
    page.locator("#id_text").fill("Our P5 class raised £212 for the food bank at the cake sale. Thank you all!")
    page.get_by_text("This is for school use").click()
    page.get_by_role("button", name="Propose it for the school's accounts").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least one of the school's official accounts"
    )
    page.locator("#school-use input[type=checkbox]").first.check()
    shoot(page, shots, "school-use")
    page.get_by_role("button", name="Propose it for the school's accounts").click()
    expect(page.locator("#messages")).to_contain_text("Your post has gone to the Principal")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/check-post/requests/")
    page.locator("#waiting-posts").get_by_role("link").first.click()
    expect(page.locator("#text")).to_contain_text("food bank")
    page.get_by_label("Approve it").check()
    page.get_by_label("Note to the member of staff").fill("Lovely: the office will post it on Friday.")
    shoot(page, shots, "decide")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("#decision")).to_contain_text("Approved")
    assert OfficialPostRequest.objects.get().status == PostStatus.APPROVED
