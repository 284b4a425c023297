"""The issue's journey end to end in a real browser: a teacher reports, the Principal works the case to its close."""

import re
from pathlib import Path

import pytest
from django.utils.timezone import localdate, localtime
from playwright.sync_api import Page, expect

from socialsafe.evidence.tests.helpers import screenshot
from socialsafe.incidents.models import ActionKind, Incident, Status
from socialsafe.letters.tests.helpers import pdf_text
from socialsafe.lib.dates import add_months
from socialsafe.lib.tests.clock import ago, days_ago, hhmm, iso
from socialsafe.schools.models import Member
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def open_action(page: Page, action_title: str) -> None:
    """Open an action from the case's table of actions (the list of what is still to do names them too)."""
    page.locator("#actions + table").get_by_role("link", name=action_title).click()


def row(page: Page, action_title: str):
    return page.locator("#actions + table tr").filter(has_text=action_title)


def expect_state(page: Page, state: str) -> None:
    expect(page.locator("#summary .govuk-tag").first).to_have_text(state)


def record(page: Page, action_title: str, fields: dict[str, str], choices: dict[str, str] | None = None) -> None:
    open_action(page, action_title)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (choices or {}).items():
        page.get_by_label(label).select_option(value)
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")


def test_a_reported_parent_post_is_worked_from_report_to_close(page: Page, live_server, demo, tmp_path):
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
    target = Member.objects.get(user__email="designated@glenmore.example")
    staff_picker = page.get_by_label("Which member of staff?", exact=True)
    expect(staff_picker.locator(f'option[value="{target.pk}"]')).to_have_text(re.compile(r"^Mrs Alison McCann, \w"))
    staff_picker.select_option(str(target.pk))  # shown with her role
    page.get_by_role("radio", name="A parent or carer").check()
    parent_select = page.get_by_label("If a parent or carer: who, if known?", exact=True)
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
    expect_state(page, "Reported")
    page.get_by_role("button", name="Confirm the facts and create the actions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Triaged. The policy requires")
    expect_state(page, "Triaged")
    actions = page.locator("#actions + table")
    for title in [
        "Take screenshots of the posts",
        "Invite the person responsible to a meeting with the model letter",
        "Hold the meeting and record who attended",
        "Ask the person responsible to remove the content",
        "Report the incident to the PSNI",
        "Refer the posts to the Education Authority Legal Department",
        "Revoke the parent's licence to enter the premises",
        "Offer support to the member of staff",
    ]:
        expect(actions).to_contain_text(title)
    expect(page.locator("#summary")).to_contain_text("Next")

    # Every action is completed by doing the thing itself. The screenshots: from the action to the evidence vault.
    open_action(page, "Take screenshots of the posts with the date and time, and record the legitimate grounds")
    expect(page.get_by_role("button", name="Record it as done")).to_have_count(0)
    page.get_by_role("button", name="Add the screenshots to the case").click()
    shot = tmp_path / "Screenshot_1.png"
    shot.write_bytes(screenshot("You had better watch your back"))
    page.locator("input[type=file]").set_input_files([str(shot)])
    posted, taken = ago(days=11), ago(days=10)
    page.get_by_label("Date the messages were posted (if known)").fill(iso(posted))
    page.get_by_label("Time posted (if known)").fill(hhmm(posted))
    page.get_by_label("Date the screenshot was taken").fill(iso(taken))
    page.get_by_label("Time the screenshot was taken").fill(hhmm(taken))
    page.get_by_label("Legitimate grounds for collecting it").fill("Threats against a member of staff.")
    page.get_by_role("button", name="Upload and keep").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Done: Take screenshots of the posts")
    expect(banner).to_contain_text("The case is now in progress.")
    expect_state(page, "In progress")
    expect(row(page, "Take screenshots of the posts")).to_contain_text("Done")

    # Asking for removal, refused: the takedown tracker shows it, and the platform and EA Legal follow.
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
    # One EA Legal contact for "malicious comments" and "removal refused", quoting both clauses.
    legal_title = "Refer the posts to the Education Authority Legal Department and seek its advice"
    expect(actions).to_contain_text(legal_title)
    expect(actions.get_by_role("link", name=re.compile("Education Authority Legal"))).to_have_count(1)
    expect(page.locator("#takedown ~ ol").first).to_contain_text("Asked the poster to remove it")

    open_action(page, "Report the incident to the PSNI and record the crime reference number")
    expect(page.get_by_text("SocialSafe never sends it on its own")).to_be_visible()
    page.get_by_label("Date done").fill(iso(days_ago(10)))
    page.get_by_label("Crime reference number").fill("CW/1234/26")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("A named person must confirm this escalation")
    page.get_by_label("Your full name, to confirm this escalation").fill("Ruth Patterson")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator("#timeline ~ ol")).to_contain_text("Ruth Patterson confirmed: Report the incident to the PSNI")
    psni = row(page, "Report the incident to the PSNI")
    expect(psni).to_contain_text("Confirmed by Ruth Patterson")
    expect(psni).not_to_contain_text("Needs confirming")

    record(
        page,
        "Report the content to the platform (removal refused)",
        {"Date done": iso(days_ago(9)), "The platform's report reference": "FB-55512"},
    )
    expect(page.locator("#takedown ~ ol").first).to_contain_text("Reported to the platform")

    # The model letter completes the invitation.
    open_action(page, "Invite the person responsible to a meeting with the model letter")
    page.get_by_role("button", name="Issue the model letter").click()
    vice_principal = Member.objects.get(user__email="vice.principal@glenmore.example")
    page.get_by_label("Colleague who will take notes").select_option(str(vice_principal.pk))
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Done: Invite the person responsible")

    # The bar in the premises register completes the licence action: three months refused, four accepted.
    page.goto(f"{base}/incidents/{incident.pk}/")
    open_action(page, "Revoke the parent's licence to enter the premises for at least four months")
    page.get_by_role("button", name="Record the bar in the premises register").click()
    start = localdate()
    page.get_by_label("End date").fill(iso(add_months(start, 3)))
    page.get_by_label("Review date").fill(iso(add_months(start, 2)))
    page.get_by_role("button", name="Revoke the licence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least four months")
    page.get_by_label("End date").fill(iso(add_months(start, 4)))
    page.get_by_role("button", name="Revoke the licence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Done: Revoke the parent's licence")

    # It cannot close while actions are still to do: the page lists them.
    page.goto(f"{base}/incidents/{incident.pk}/")
    page.get_by_label("Outcome").select_option("sanction")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The case cannot be closed while 4 actions are")
    expect(page.locator("#open-actions + ul")).to_contain_text("Refer the posts to the Education Authority Legal")
    expect_state(page, "In progress")

    # What is left is recorded on its own page: the meeting, the one EA Legal referral (confirmed by name), the
    # support offered to the colleague; the Anti-Bullying procedure is not needed here, and says why.
    open_action(page, "Hold the meeting and record who attended, the note-taker and the outcome")
    expect(page.locator("main")).to_contain_text("Invitation to a meeting")  # the letter that invited them
    page.get_by_label("Date done").fill(iso(days_ago(1)))
    page.get_by_label("Who attended").fill("Ruth Patterson (Principal), the parent")
    page.get_by_label("Note-taker (name and role)").fill("David Irvine, Vice-Principal")
    page.get_by_label("Outcome of the meeting").fill("The parent agreed to take no further part in the group.")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")
    record(
        page,
        legal_title,
        {"Date done": iso(days_ago(1)), "Your full name, to confirm this escalation": "Ruth Patterson"},
    )
    open_action(page, "Offer support to the member of staff who was targeted and record whether it was taken up")
    page.get_by_label("Date done").fill(iso(days_ago(1)))
    page.get_by_label("Taken up").check()
    page.get_by_label("What was offered").fill("Time out of class and the Carecall service.")
    page.get_by_role("button", name="Record it as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")
    open_action(page, "Follow the Anti-Bullying Policy procedure")
    page.get_by_text("This action is no longer needed").click()
    page.get_by_label("Why is it no longer needed?").fill("A parent, not a pupil: dealt with under this policy.")
    page.get_by_role("button", name="Mark as not needed").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("ready to close")
    expect_state(page, "Ready to close")

    # A person closes it, with the outcome, and nothing of it is left in anyone's list of things to do.
    expect(page.locator("#open-actions")).to_have_count(0)
    page.get_by_label("Outcome").select_option("sanction")
    page.get_by_role("button", name="Close the case").click()
    expect_state(page, "Closed")
    page.goto(f"{base}/incidents/actions/")
    expect(page.locator("main")).not_to_contain_text(incident.reference)

    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.outcome == "sanction"
    assert not incident.actions.filter(status="open").exists()
    assert incident.actions.get(kind=ActionKind.REFERRAL_PSNI).record["reference"] == "CW/1234/26"
    # Nothing was ticked: the screenshot, the letter and the bar each completed their action.
    by_record = {a.kind: a.record for a in incident.actions.all()}
    assert "evidence" in by_record[ActionKind.EVIDENCE] and "letter" in by_record[ActionKind.INVITATION]
    assert "premises_bar" in by_record[ActionKind.PREMISES_BAR]

    # The chronology lists every step with its time.
    page.goto(f"{base}/incidents/{incident.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    for entry in incident.timeline.exclude(kind="viewed"):
        assert f"{localtime(entry.at):%H:%M}" in text
    for step in ("Ruth Patterson confirmed", "CW/1234/26", "FB-55512", "Closed: Resolved with a sanction"):
        assert step in text, step
    assert not console_errors, console_errors
