"""In a real browser: the Principal sees the schedule, puts a case under hold, and destroys a reviewed case."""

import os
from pathlib import Path

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import Page, expect

from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Incident
from socialsafe.retention.models import DestructionRecord, RetentionReview
from socialsafe.retention.tests.conftest import close
from socialsafe.schools.models import School
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")  # set it to keep screenshots of each page at desk and phone widths


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_principal_holds_a_case_and_destroys_another(page: Page, live_server, demo):
    _, password = demo
    school = School.objects.get(slug="glenmore")
    demo_cases_create(school=school)
    held, doomed = Incident.objects.filter(school=school).order_by("pk")[:2]
    close(doomed)
    RetentionReview.objects.create(school=school, record_class="case_other", record_id=doomed.pk, due_on=localdate())

    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/retention/")
    expect(page.get_by_role("table", name="Record classes with their retention rule")).to_contain_text("25 years")
    _shoot(page, "schedule")

    # From the case page: the hold form comes with the case's reference filled in.
    page.goto(f"{live_server.url}/incidents/{held.pk}/")
    page.get_by_role("link", name="Put this case under legal hold").click()
    expect(page.get_by_label("Case reference")).to_have_value(held.reference)
    page.get_by_label("Reason").first.fill("A solicitor's letter has been received.")
    page.get_by_role("button", name="Put under legal hold").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Case {held.reference} is now under legal hold."
    )
    _shoot(page, "holds")
    page.goto(f"{live_server.url}/incidents/{held.pk}/#retention")
    expect(page.locator("#retention")).to_contain_text("Under legal hold")
    expect(page.locator("#retention")).to_contain_text("A solicitor's letter has been received.")
    page.locator("#retention").scroll_into_view_if_needed()
    _shoot(page, "case-held")

    page.goto(f"{live_server.url}/retention/reviews/")
    page.get_by_role("button", name="Destroy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Type destroy to confirm.")
    _shoot(page, "queue-error")
    page.get_by_label("Type destroy to confirm").fill("destroy")
    page.get_by_role("button", name="Destroy").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Destroyed.")
    expect(page.get_by_text("No record is waiting for review.")).to_be_visible()
    assert not Incident.objects.filter(pk=doomed.pk).exists() and Incident.objects.filter(pk=held.pk).exists()
    assert DestructionRecord.objects.get().record_id == doomed.pk
