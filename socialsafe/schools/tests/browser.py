"""Helpers shared by the Playwright browser tests."""

import time
from pathlib import Path

from playwright.sync_api import Page


def app_code_for(email: str) -> str:
    """The code the person's authenticator app would show, for a time step their device has not accepted yet.

    A code is refused once used (replay), and the device accepts one step ahead, so a second sign-in within the same
    30 seconds uses the next step's code; past that, it waits for the clock.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    while True:
        now_step = int((time.time() - device.t0) // device.step)
        step = max(now_step, device.last_t + 1)
        if step <= now_step + device.tolerance:
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            totp.time = device.t0 + step * device.step
            return f"{totp.token():06d}"
        time.sleep(1)


def sign_in(page: Page, base: str, email: str, password: str, *, code: bool = True) -> None:
    """Sign in through the real sign-in pages: the password, then (for accounts that have one) the app's code."""
    if not page.url.startswith(f"{base}/accounts/sign-in/"):
        page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if code and "/accounts/sign-in/second-factor/" in page.url:
        page.get_by_label("Code", exact=True).fill(app_code_for(email))
        page.get_by_role("button", name="Continue").click()


def shoot(page: Page, folder: Path, name: str) -> None:
    """Full-page screenshots of the page at 1280 and 390 px wide, named name-1280.png and name-390.png."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
