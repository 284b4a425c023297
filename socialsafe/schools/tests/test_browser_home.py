"""Sign in as each demo role in a real browser and land on the right home page."""

import pytest
from playwright.sync_api import Page, expect

from socialsafe.schools.tests.browser import sign_in as shared_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = [
    ("principal@glenmore.example", "Principal", ["School", "Pupils", "Import roster", "Audit log"]),
    ("vice.principal@glenmore.example", "Vice-Principal", ["Pupils", "Import roster"]),
    ("designated@glenmore.example", "Designated teacher for child protection", ["Pupils", "Parents and carers"]),
    ("teacher@glenmore.example", "Class teacher", ["My class"]),
    ("ict@glenmore.example", "ICT co-ordinator", ["My class"]),
    ("office@glenmore.example", "School office", ["Import roster"]),
    ("chair@glenmore.example", "Chair of Governors", ["Staff and governors"]),
    ("governor@glenmore.example", "Governor", ["Staff and governors"]),
    ("parent@glenmore.example", "Parent or carer", ["My children"]),
    ("principal@riverside.example", "Principal", ["Pupils"]),
]
NEVER_FOR = {
    "teacher@glenmore.example": ["Import roster", "Audit log", "Parents and carers"],
    "chair@glenmore.example": ["Pupils", "Import roster"],
    "governor@glenmore.example": ["Pupils", "Import roster"],
    "parent@glenmore.example": ["Pupils", "Staff and governors", "Import roster"],
}


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to SocialSafe")
    shared_sign_in(page, base, email, password)


def test_each_demo_role_sees_its_own_home_page(page: Page, live_server, demo):
    logins, password = demo
    # What a person is offered: the menu on every page and the list on their home page.
    menu = page.locator("nav[aria-label=Menu], #can-do")
    for email, title, items in HOMES:
        assert email in logins
        sign_in(page, live_server.url, email, password)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        school = "Riverside Primary School" if "riverside" in email else "Glenmore Primary School"
        expect(page.locator(".ss-header__school")).to_have_text(school)
        for item in items:
            expect(menu.get_by_role("link", name=item, exact=True).first).to_be_visible()
        for item in NEVER_FOR.get(email, []):
            expect(menu.get_by_role("link", name=item, exact=True)).to_have_count(0)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to SocialSafe")


def test_the_authority_officer_sees_the_schools_but_no_pupils(page: Page, live_server, demo):
    _, password = demo
    sign_in(page, live_server.url, "officer@ea.example", password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools")
    table = page.get_by_role("table").first  # the EA page has two tables of figures: the first names every school
    expect(table).to_contain_text("Glenmore Primary School")
    expect(table).to_contain_text("Riverside Primary School")
    response = page.goto(f"{live_server.url}/school/pupils/")
    assert response.status == 403


def test_a_wrong_password_shows_the_error_summary(page: Page, live_server, demo):
    sign_in(page, live_server.url, "principal@glenmore.example", "not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary for screen-reader users
