"""A conduct concern with both facts, in a real browser: the designated teacher reports a colleague's messages to a
pupil, the Principal triages, and the actions of the school's route appear for the right owners."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from socialsafe.incidents.models import ActionKind, Incident
from socialsafe.lib.tests.clock import days_ago, iso
from socialsafe.schools.models import Member
from socialsafe.schools.tests.browser import shoot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the screenshots go when asked for (SHOTS=/some/folder); otherwise a temporary folder.
SHOTS = os.environ.get("SHOTS", "")


def test_a_conduct_concern_with_both_facts_follows_the_route(page: Page, live_server, demo, tmp_path):
    _, password = demo
    base = live_server.url
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    burns = Member.objects.get(user__email="teacher@glenmore.example")

    sign_in(page, base, "designated@glenmore.example", password)
    page.goto(f"{base}/incidents/report/")
    contact_yes = page.locator("#id_pupil_contact_0")
    expect(contact_yes).to_be_hidden()  # revealed only under "A staff conduct concern"
    page.get_by_label("A staff conduct concern").check()
    expect(contact_yes).to_be_visible()
    contact_yes.check()
    page.locator("#id_suitability_allegation_0").check()
    page.get_by_label("In a sentence, what happened?").fill("Mr Burns messaging a P4 pupil on Snapchat")
    page.get_by_label("What happened, in detail").fill(
        "A parent showed me Snapchat messages from Mr Burns to her daughter late at night, asking her to keep them "
        "secret."
    )
    page.get_by_label("Date it happened").fill(iso(days_ago(1)))
    page.get_by_label("No, during the school day").check()
    page.get_by_label("Where was it posted?").select_option("snapchat")
    page.locator("#id_target_kind_0").check()  # "A pupil", under "Who is targeted?"
    page.get_by_label("Which pupil?", exact=True).select_option(index=1)
    page.get_by_role("group", name="Who is responsible?").get_by_label("A member of staff or governor").check()
    page.get_by_label("Which member of staff or governor, if known?").select_option(str(burns.pk))
    shoot(page, shots, "conduct-report-form")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Thank you")
    case = Incident.objects.get(summary="Mr Burns messaging a P4 pupil on Snapchat")
    assert case.pupil_contact and case.suitability_allegation
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/incidents/{case.pk}/")
    expect(page.get_by_text("Yes: an allegation")).to_be_visible()
    page.get_by_role("button", name="Confirm the facts and create the actions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Triaged")
    table = page.locator("#actions + table")
    for title, owner in (
        ("Designated teacher to assess the online contact under the Child Protection Policy", "Alison McCann"),
        ("Designated teacher to record the allegation and tell the Principal at once", "Alison McCann"),
        ("Consult the EA Child Protection Support Service (CPSS) before any investigation", "Ruth Patterson"),
        ("Refer the allegation to the Education Authority", "Ruth Patterson"),
        ("Chair of Governors to record being told of the allegation", "Philip Agnew"),
    ):
        expect(table.locator("tr").filter(has_text=title)).to_contain_text(owner)
    expect(table).not_to_contain_text("Principal to meet the member of staff")
    expect(page.get_by_text("Do not investigate, interview the member of staff")).to_be_visible()
    shoot(page, shots, "conduct-case-page")
    assert case.actions.filter(kind=ActionKind.REFERRAL_CPSS, needs_confirmation=True).exists()
    page.get_by_role("button", name="Sign out").click()

    # The member of staff it is about, and the office, cannot open it.
    for email in ("teacher@glenmore.example", "office@glenmore.example"):
        sign_in(page, base, email, password)
        response = page.goto(f"{base}/incidents/{case.pk}/")
        assert response.status == 404, email
        page.goto(f"{base}/incidents/")
        expect(page.locator("main")).not_to_contain_text(case.reference)
        page.get_by_role("button", name="Sign out").click()
