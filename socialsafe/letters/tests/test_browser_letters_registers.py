"""The issue's journey in a real browser: the model letter as PDF and Word, a revoked licence, an approved account."""

import re
from pathlib import Path

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import Page, expect

from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Incident
from socialsafe.letters.forms import dear_name
from socialsafe.letters.models import Letter
from socialsafe.letters.services import letter_values
from socialsafe.letters.tests.helpers import docx_text, pdf_text
from socialsafe.lib.dates import add_months
from socialsafe.registers.models import AccountStatus, PremisesBan, TeachingAccount
from socialsafe.schools.models import Member, School
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(page: Page, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    return Path(info.value.path()).read_bytes()


def test_the_principal_issues_the_model_letter_revokes_a_licence_and_approves_an_account(page: Page, live_server, demo):
    _, password = demo
    base = live_server.url
    school = School.objects.get(slug="glenmore")
    demo_cases_create(school=school)
    case = Incident.objects.get(school=school, kind="staff_abuse", responsible_guardian__isnull=False)
    parent = case.responsible_guardian
    console_errors = []
    page.on(
        "console",
        lambda m: (
            console_errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )

    # A teacher asks the Principal to approve a class account before using it.
    sign_in(page, base, "teacher@glenmore.example", password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Registers").click()
    page.get_by_role("link", name="Approved social media accounts").click()
    page.get_by_role("link", name="Ask for approval of an account").click()
    page.get_by_label("Service").fill("Padlet")
    page.get_by_label("Account name or address").fill("P4 science wall")
    page.get_by_label("What it is for").fill("Pupils post photos of their plant experiments.")
    page.get_by_label("Class").select_option(label="P4")
    page.get_by_label("Audience").fill("P4 pupils and their parents")
    page.get_by_label("How it will be moderated").fill("Posts are held until I approve them.")
    page.get_by_role("button", name="Send the request to the Principal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your request has gone to the Principal")
    page.get_by_role("button", name="Sign out").click()

    # The Principal writes the policy's model letter from the case, edits a sentence, previews and issues it.
    sign_in(page, base, "principal@glenmore.example", password)
    page.goto(f"{base}/incidents/{case.pk}/")
    page.get_by_role("link", name="Write a letter").click()
    page.get_by_role("link", name="Invitation to a meeting (the policy's model letter)").click()
    expect(page.get_by_label("Parent or carer it is addressed to")).to_have_value(str(parent.pk))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No value for the merge field {{ note_taker_name }}")
    vice_principal = Member.objects.get(user__email="vice.principal@glenmore.example")
    page.get_by_label("Colleague who will take notes").select_option(str(vice_principal.pk))
    page.get_by_label("Address (for a posted letter)").fill("12 Mill Road\nGlenmore")
    body = page.get_by_label("The letter", exact=True)
    body.fill(body.input_value().replace("in the first instance.", "in the first instance, and not online."))
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text(f"Dear {dear_name(parent)},")
    expect(preview).to_contain_text("in the first instance, and not online.")
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Letter issued: Comments made online")

    letter = Letter.objects.get(incident=case)
    values = letter_values(incident=case, names=dear_name(parent), note_taker=vice_principal)
    expected = [
        f"Dear {values['parent_names']},",
        f"comments online on {values['platform']} on {values['comments_date']}",
        f"their {values['nature']} nature",
        f"My colleague {values['note_taker_name']} ({values['note_taker_role']}) will be present",
        f"{values['principal_name']} {values['principal_role']}",
        values["school_name"],
        *school.address.splitlines(),
        values["today"],
        f"Our reference: {values['reference']}",
        "in the first instance, and not online.",
        "12 Mill Road",
    ]
    assert values["platform"] == "Facebook" and values["nature"] == "threatening and abusive"
    assert values["principal_name"] == "Mrs Ruth Patterson" and values["note_taker_role"] == "Vice-Principal"
    pdf = download(page, "Download the PDF")
    docx = download(page, "Download the Word file")
    assert pdf.startswith(b"%PDF-")
    for text in (pdf_text(pdf), docx_text(docx)):
        for phrase in expected:
            assert phrase in text, phrase
        assert "{{" not in text and "[" not in text
    page.get_by_role("link", name="Back to the case").click()
    expect(page.locator("#letters ~ ul").first).to_contain_text("Comments made online")
    expect(page.locator("#timeline ~ ol")).to_contain_text(f"PDF SHA-256 {letter.pdf_sha256}")

    # The parent's licence to enter the premises: three months is refused, four accepted.
    page.get_by_role("link", name="Revoke the parent's licence to enter the premises").click()
    today = localdate()
    expect(page.get_by_label("Start date")).to_have_value(today.isoformat())  # filled in: starts today
    page.get_by_label("End date").fill(add_months(today, 3).isoformat())
    page.get_by_label("Review date").fill(add_months(today, 2).isoformat())
    page.get_by_role("button", name="Revoke the licence").click()
    earliest = add_months(today, 4)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"The end date must be at least four months after the start: on or after {earliest:%-d %b %Y}."
    )
    assert not PremisesBan.objects.filter(incident=case).exists()
    page.get_by_label("End date").fill(earliest.isoformat())
    page.get_by_role("button", name="Revoke the licence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"is barred from the premises until {earliest:%-d %b %Y}"
    )
    assert PremisesBan.objects.get(incident=case).guardian == parent

    # The Principal approves the teacher's request, with a review date.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Registers").click()
    page.get_by_role("link", name="Approved social media accounts").click()
    page.locator("#requests").get_by_role("link", name="Padlet: P4 science wall").click()
    page.get_by_label("Approve it").check()
    page.get_by_label("Review date (if approved)").fill(add_months(today, 12).isoformat())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Padlet: P4 science wall: approved.")
    assert TeachingAccount.objects.get(name="P4 science wall").status == AccountStatus.APPROVED
    page.goto(f"{base}/s/glenmore/accounts/")
    expect(page.locator("#accounts")).to_contain_text(re.compile("Padlet: P4 science wall"))
    assert console_errors == []
