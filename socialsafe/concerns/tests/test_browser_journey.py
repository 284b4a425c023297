"""The issue's journey in a real browser on a phone-sized screen: a parent raises a concern, confirms it by the
emailed link and sees the acknowledgement; the Principal replies and the parent reads it; the Principal turns it into
a case; a parent acknowledges a new policy version and sets photo consent for one child."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils.timezone import localdate
from playwright.sync_api import Page, expect

from socialsafe.concerns.models import Acknowledgement, Concern, ConcernStatus, DocKind, PhotoConsent
from socialsafe.concerns.services import policy_acknowledge, policy_version_publish
from socialsafe.incidents.models import Entry
from socialsafe.schools.models import Guardian, Member
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def path_of(body: str, what: str) -> str:
    url = next(u for u in re.findall(r"https?://\S+", body) if what in u)
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_parent_raises_a_concern_the_principal_answers_and_makes_it_a_case(page: Page, live_server, demo, settings):
    _, password = demo
    base = live_server.url
    settings.SITE_URL = base
    page.set_viewport_size(PHONE)
    console_errors = []
    page.on(
        "console",
        lambda m: (
            console_errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )

    # A parent, without an account, raises a concern from the school's public page.
    page.goto(f"{base}/s/glenmore/concern/")
    page.get_by_label("Your name").fill("Gemma Walsh")
    page.get_by_label("Your email address").fill("gemma.walsh@example.com")
    page.get_by_label("How are you related to the child? (optional)").select_option("mother")
    page.get_by_label("Your child's class (optional)").select_option(label="P4")
    page.get_by_label("Something posted on social media or in a messaging group").check()
    page.get_by_label("What happened?").fill("A parent wrote in the P4 WhatsApp group that Mr Burns hits children.")
    page.get_by_label("What would you like to happen?").fill("Please get the post taken down.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert Concern.objects.get().status == ConcernStatus.PENDING

    # She follows the link in the email and sends it.
    confirm = next(m for m in mail.outbox if m.to == ["gemma.walsh@example.com"])
    page.goto(base + path_of(confirm.body, "/concern/confirm/"))
    page.get_by_role("button", name="Send my concern").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Your concern has been sent")
    concern = Concern.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(concern.reference)
    acknowledgement = next(m for m in mail.outbox if concern.reference in m.subject and m.to == [concern.email])
    assert "within 5 school days" in acknowledgement.body
    status_path = path_of(acknowledgement.body, "/concern/status/")

    # The Principal replies from the inbox.
    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/concerns/inbox/")
    page.get_by_role("link", name=concern.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Something posted on social media or in a messaging group"
    )
    page.get_by_label("Your reply").fill("Thank you. I have asked for the post to be removed and will call you.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reply sent")
    page.get_by_role("button", name="Sign out").click()

    # The parent sees the reply on her status page (and has it by email).
    page.goto(base + status_path)
    expect(page.locator("#status")).to_have_text("Answered")
    expect(page.get_by_text("I have asked for the post to be removed")).to_be_visible()
    assert any("I have asked for the post" in m.body for m in mail.outbox if m.to == [concern.email])

    # The Principal turns it into a case in one step; the case keeps the concern's history.
    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/concerns/inbox/{concern.pk}/")
    page.get_by_text("Turn into a case").click()
    # Nothing is chosen for the Principal: the kind, the place and the hours are theirs to say.
    page.get_by_role("button", name="Open the case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose what kind of incident it is.")
    expect(summary).to_contain_text("Say whether it happened outside school hours.")
    page.get_by_label("What kind of incident is it?").select_option("malicious_comments")
    page.get_by_label("Where was it posted?").select_option("whatsapp")
    page.get_by_label("No, during the school day").check()
    page.get_by_label("Who was targeted?").select_option("staff")
    page.get_by_role("button", name="Open the case").click()
    # The member of staff must be named, so that they are kept out of the case.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the member of staff or governor")
    page.get_by_label("If a member of staff or a governor: who?").select_option(label="Mr Conor Burns")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"opened from concern {concern.reference}")
    concern.refresh_from_db()
    incident = concern.incident
    assert concern.status == ConcernStatus.CASE and incident.responsible_kind == "unknown"
    assert incident.target_member.user.email == "teacher@glenmore.example"
    expect(page.get_by_role("heading", level=1)).to_have_text(incident.summary)
    expect(page.locator("#timeline ~ ol")).to_contain_text(f"Concern {concern.reference}")
    notes = " ".join(incident.timeline.filter(kind=Entry.NOTE).values_list("text", flat=True))
    assert "Thank you. I have asked for the post to be removed" in notes and "Email address confirmed" in notes
    page.get_by_role("button", name="Sign out").click()

    # A new version of the Social Media Policy: the demo parent acknowledges it and sets consent for one child.
    principal = Member.objects.get(school__slug="glenmore", roles__role=Role.PRINCIPAL).user
    guardian = Guardian.objects.get(user__email="parent@glenmore.example")
    old = policy_version_publish(
        school=guardian.school,
        kind=DocKind.SOCIAL_MEDIA,
        by=principal,
        label="1.0",
        published_on=localdate() - dt.timedelta(days=100),
        text="Version one.",
    )
    policy_acknowledge(version=old, by=guardian.user)
    new = policy_version_publish(
        school=guardian.school,
        kind=DocKind.SOCIAL_MEDIA,
        by=principal,
        label="2.0",
        published_on=localdate(),
        text="Version two: please raise worries with the Principal.",
    )
    sign_in(page, base, "parent@glenmore.example", password)
    page.goto(f"{base}/concerns/policies/")
    expect(page.locator(".govuk-task-list")).to_contain_text("To read")
    page.get_by_role("link", name="Social Media Policy").click()
    expect(page.get_by_text("Version two: please raise worries with the Principal.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick the box")
    page.get_by_label("I have read this version and I understand it").check()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("version 2.0")
    assert Acknowledgement.objects.filter(version=new, user=guardian.user).exists()

    child = guardian.pupils.order_by("id").first()
    page.goto(f"{base}/concerns/consent/")
    card = page.locator(f"#child-{child.pk}")
    card.get_by_label("No").check()
    card.get_by_role("button", name=f"Save for {child.first_name}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"may not publish photos or videos of {child.first_name}"
    )
    expect(page.locator(f"#child-{child.pk}")).to_contain_text("The school may not publish")
    assert list(PhotoConsent.objects.filter(pupil=child).values_list("may_publish", flat=True)) == [False]
    assert not console_errors, console_errors
