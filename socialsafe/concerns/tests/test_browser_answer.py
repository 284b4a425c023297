"""On a phone-sized screen, a parent answers the school's reply from the status page; the Principal reads the thread.

With SCREENSHOTS_DIR set, it also saves each public page and the thread at 1280 and 390 pixels wide, to look at.
"""

import io
import os
from pathlib import Path

import pytest
from django.core import mail
from django.utils.timezone import localdate
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from socialsafe.concerns.models import ConcernMessage, DocKind, MessageFrom
from socialsafe.concerns.services import concern_reply, policy_version_publish
from socialsafe.concerns.tests.conftest import make_concern
from socialsafe.schools.crest import school_crest_set
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
ANSWER = "Thank you. The post has gone, but a second one went up last night in the same group."


def a_crest() -> bytes:
    picture = Image.new("RGB", (200, 240), "white")
    draw = ImageDraw.Draw(picture)
    draw.polygon([(20, 20), (180, 20), (180, 140), (100, 220), (20, 140)], fill=(0, 70, 40), outline=(200, 160, 0))
    draw.rectangle([(60, 60), (140, 110)], fill=(200, 160, 0))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, size in (("1280", DESK), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=f"{folder}/{name}-{label}.png", full_page=True)
    page.set_viewport_size(PHONE)


def test_a_parent_answers_the_schools_reply_on_a_phone(page: Page, live_server, demo, settings):
    _, password = demo
    base = live_server.url
    settings.SITE_URL = base
    school = School.objects.get(slug="glenmore")
    principal = Member.objects.filter(school=school, roles__role=Role.PRINCIPAL).get().user
    school_crest_set(school=school, by=principal, data=a_crest())
    for kind, label in ((DocKind.SOCIAL_MEDIA, "2.0"), (DocKind.CODE_OF_CONDUCT, "2.0")):
        policy_version_publish(
            school=school, kind=kind, by=principal, label=label, published_on=localdate(), text="The text.\n\nMore."
        )
    concern = make_concern(school, name="Gemma Walsh", email="gemma.walsh@example.com")
    concern_reply(concern=concern, by=principal, text="Thank you. I have asked for the post to be removed.")
    mail.outbox.clear()
    page.set_viewport_size(PHONE)

    status = f"{base}/s/glenmore/concern/status/{concern.status_token}/"
    page.goto(status)
    expect(page.locator(".ss-school-header__name")).to_have_text(school.name)
    expect(page.get_by_text("I have asked for the post to be removed.")).to_be_visible()
    # Empty first: a clear message, nothing stored.
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter ‘Your answer’.")
    assert not ConcernMessage.objects.filter(sender=MessageFrom.PARENT).exists()
    shoot(page, "status-error")
    page.get_by_label("Your answer").fill(ANSWER)
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Your answer has been sent")
    expect(page.locator(".govuk-panel")).to_contain_text(concern.reference)
    shoot(page, "answered")
    assert ConcernMessage.objects.get(sender=MessageFrom.PARENT).text == ANSWER
    assert {m.to[0] for m in mail.outbox} == {"gemma.walsh@example.com", principal.email}
    page.get_by_role("link", name="Back to your conversation with the school").click()
    expect(page.locator("#thread")).to_contain_text(ANSWER)
    shoot(page, "status-thread")

    for name, path in (
        ("home", "/s/glenmore/"),
        ("policy", "/s/glenmore/policy/"),
        ("code-of-conduct", "/s/glenmore/code-of-conduct/"),
        ("newsletter", "/s/glenmore/newsletter/"),
        ("online-safety", "/s/glenmore/online-safety/"),
        ("accounts", "/s/glenmore/accounts/"),
        ("concern-form", "/s/glenmore/concern/"),
    ):
        page.goto(base + path)
        expect(page.locator(".ss-school-header__name")).to_have_text(school.name)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        shoot(page, name)

    # The Principal sees one thread, the answer last, and the inbox flags it.
    sign_in(page, base, principal.email, password)
    page.goto(f"{base}/concerns/inbox/")
    expect(page.get_by_text("Parent answered: reply needed")).to_be_visible()
    shoot(page, "inbox")
    page.goto(f"{base}/concerns/inbox/{concern.pk}/")
    items = page.locator("#thread > li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("Concern raised")
    expect(items.nth(1)).to_contain_text("Reply from the school")
    expect(items.nth(2)).to_contain_text("Answer from the parent")
    expect(items.nth(2)).to_contain_text(ANSWER)
    shoot(page, "principal-thread")
    page.goto(f"{base}/concerns/public-pages/")
    expect(page.locator("#snippet-preview")).to_contain_text("Social Media Policy")
    shoot(page, "public-pages-settings")
