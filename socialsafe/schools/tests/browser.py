"""Helpers shared by the Playwright browser tests."""

from playwright.sync_api import Page


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """Sign in through the real sign-in page."""
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
