"""The issue's journey end to end in a real browser: a teacher reports, the Principal works the case to its close."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from socialsafe.incidents.models import ActionKind, Incident, Status
from socialsafe.lib.tests.clock import ago, days_ago, hhmm, iso, shown
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def open_action(page: Page, action_title: str) -> None:
    """Open an action from the case's table of actions (the list of what is still to do names them too)."""
    page.locator("#actions + .ss-table-wrap table").get_by_role("link", name=action_title).click()


def record(page: Page, action_title: str, fields: dict[str, str], choices: dict[str, str] | None = None) -> None:
    open_action(page, action_title)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (choices or {}).items():
        page.get_by_label(label).select_option(value)
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")


def test_a_reported_parent_post_is_worked_from_report_to_close(page: Page, live_server, demo):
    _, password = demo
    base = live_server.url
    console_errors = []
    # Pages that answer 400 or 404 on purpose log "Failed to load resource"; anything else (a CSP violation, a
    # script error) is a bug.
    page.on(
        "console",
        lambda m: (
            console_errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )

    # A teacher reports that a parent posted abusive, threatening comments about a colleague in a Facebook group.
    sign_in(page, base, "teacher@glenmore.example", password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Report an incident").click()
    expect(page.get_by_text("Do not respond to the post or the correspondence")).to_be_visible()
    page.get_by_label("Online bullying, harassment or abuse of staff").check()
    page.get_by_label("In a sentence, what happened?").fill("Abusive comments about Mrs McCann in a Facebook group")
    page.get_by_label("What happened, in detail").fill(
        "A parent called her a disgrace and said she should watch her back."
    )
    page.get_by_label("Date it happened").fill(iso(days_ago(11)))
    page.get_by_label("Yes, outside school hours").check()
    page.get_by_label("It poses a threat to a member of the school community").check()
    page.get_by_label("Where was it posted?").select_option("facebook")
    page.get_by_label("A member of staff", exact=True).check()
    page.get_by_label("If a member of staff or a governor: who?").select_option(label="Mrs Alison McCann")
    page.get_by_role("radio", name="A parent or carer").check()
    parent_select = page.get_by_label("If a parent or carer: who, if known?")
    parent_select.select_option(index=5)  # labels name the children, so two parents of one name differ
    page.get_by_label("Threatening").check()
    page.get_by_label("Abusive").check()
    page.get_by_label("Malicious or fictitious (possibly defamatory)").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Thank you. Your report is GLE-")
    incident = Incident.objects.get()
    assert incident.handler.user.email == "principal@glenmore.example"
    sign_out(page)

    # The designated teacher is the target: she cannot see that the case exists.
    sign_in(page, base, "designated@glenmore.example", password)
    page.goto(f"{base}/incidents/")
    expect(page.get_by_role("table")).to_contain_text("No cases found.")
    assert page.goto(f"{base}/incidents/{incident.pk}/").status == 404
    sign_out(page)

    # The Principal triages: the policy's rules turn the facts into actions.
    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/incidents/?mine=on")
    page.get_by_role("link", name=incident.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abusive comments about Mrs McCann in a Facebook group")
    page.get_by_role("button", name="Confirm the facts and create the actions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Triaged. The policy requires")
    actions = page.locator("#actions + .ss-table-wrap table")
    for title in [
        "Take screenshots of the posts",
        "Invite the person responsible to a meeting",
        "Ask the person responsible to remove the content",
        "Report the incident to the PSNI",
        "Refer the posts to the Education Authority Legal Department",
        "Propose revoking the parent's licence to enter the premises",
        "Offer support to the member of staff",
    ]:
        expect(actions).to_contain_text(title)

    # Work the actions.
    shots = ago(days=10)
    record(
        page,
        "Take screenshots of the posts with the date and time, and record the legitimate grounds",
        {"Date done": iso(shots), "Notes": f"Six screenshots taken at {hhmm(shots)} on {shown(shots)}."},
    )
    open_action(page, "Ask the person responsible to remove the content")
    page.get_by_label("Date done").fill(iso(days_ago(10)))
    page.get_by_label("How was the request made?").select_option("letter")
    page.get_by_role("button", name="Record it as done").click()
    # No answer chosen yet: refused with a clear message, nothing recorded.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose an answer to ‘What was the answer’.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Ask the person responsible"))
    page.get_by_label("They refused").check()
    page.get_by_role("button", name="Record it as done").click()
    expect(actions).to_contain_text("Report the content to the platform (removal refused)")
    expect(actions).to_contain_text("Seek advice from the Education Authority legal team (removal refused)")

    open_action(page, "Report the incident to the PSNI and record the crime reference number")
    expect(page.get_by_text("SocialSafe never sends it on its own")).to_be_visible()
    page.get_by_label("Date done").fill(iso(days_ago(10)))
    page.get_by_label("Crime reference number").fill("CW/1234/26")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("A named person must confirm this escalation")
    page.get_by_label("Your full name, to confirm this escalation").fill("Ruth Patterson")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator("#timeline ~ ol")).to_contain_text("Ruth Patterson confirmed: Report the incident to the PSNI")

    record(
        page,
        "Report the content to the platform (removal refused)",
        {"Date done": iso(days_ago(9)), "The platform's report reference": "FB-55512"},
    )

    open_action(page, "Propose revoking the parent's licence to enter the premises for at least four months")
    page.get_by_label("Date done").fill(iso(days_ago(9)))
    page.get_by_label("Sanction").select_option("premises_ban")
    page.get_by_label("Applied").check()
    # Three months are at most 92 days, and four months at most 123.
    start = days_ago(8)
    page.get_by_label("From").fill(iso(start))
    page.get_by_label("Until").fill(iso(start + dt.timedelta(days=92)))
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least four months")
    page.get_by_label("Until").fill(iso(start + dt.timedelta(days=123)))
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")

    # Move the case on. It cannot close with an outcome alone while actions are still to do: the page lists them.
    page.get_by_role("button", name="Move to in progress").click()
    page.get_by_role("button", name="Move to awaiting outcome").click()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the outcome to close the case.")
    page.get_by_label("Outcome").select_option("sanction")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The case cannot be closed while 5 actions are")
    expect(page.locator("#open-actions + ul")).to_contain_text("Refer the posts to the Education Authority Legal")
    expect(page.locator(".govuk-tag").first).not_to_have_text("Closed")

    # Work what is left: the meeting, both Education Authority Legal referrals (each confirmed by name), the
    # support offered to the colleague; the Anti-Bullying procedure is not needed here, and says why.
    record(
        page,
        "Invite the person responsible to a meeting, with a note-taker present",
        {
            "Date done": iso(days_ago(6)),
            "Who attended": "Ruth Patterson (Principal), the parent",
            "Note-taker (name and role)": "David Irvine, Vice-Principal",
            "Outcome of the meeting": "The parent agreed to take no further part in the group.",
        },
    )
    for title in (
        "Refer the posts to the Education Authority Legal Department",
        "Seek advice from the Education Authority legal team (removal refused)",
    ):
        record(
            page,
            title,
            {"Date done": iso(days_ago(6)), "Your full name, to confirm this escalation": "Ruth Patterson"},
        )
    open_action(page, "Offer support to the member of staff who was targeted and record whether it was taken up")
    page.get_by_label("Date done").fill(iso(days_ago(6)))
    page.get_by_label("Taken up").check()
    page.get_by_label("What was offered").fill("Time out of class and the Carecall service.")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")
    open_action(page, "Follow the Anti-Bullying Policy procedure")
    page.get_by_text("This action is no longer needed").click()
    page.get_by_label("Why is it no longer needed?").fill("A parent, not a pupil: dealt with under this policy.")
    page.get_by_role("button", name="Mark as not needed").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("no longer needed")

    # Now it closes, and nothing of it is left in anyone's list of things to do.
    expect(page.locator("#open-actions")).to_have_count(0)
    page.get_by_label("Outcome").select_option("sanction")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Closed")
    page.goto(f"{base}/incidents/actions/")
    expect(page.locator("main")).not_to_contain_text(incident.reference)

    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.outcome == "sanction"
    assert (
        incident.actions.get(kind=ActionKind.REFERRAL_PSNI, rule_id="criminal_content_report_to_psni").record[
            "reference"
        ]
        == "CW/1234/26"
    )
    assert not console_errors, console_errors
