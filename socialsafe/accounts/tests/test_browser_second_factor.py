"""A member of staff sets up a passkey and an authenticator app in a real browser, signs in with each, and is
refused with the password alone. The passkey lives in Chromium's virtual authenticator (WebAuthn over CDP)."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def app_code(key_words: str, *, ahead: int = 0) -> str:
    key = b32decode(key_words.replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time() + ahead * 30
    return f"{totp.token():06d}"


def password_step(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Email address").fill("teacher@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_passkey_and_an_app_each_sign_in_and_the_password_alone_opens_nothing(page: Page, live_server, teacher):
    base = live_server.url.replace("127.0.0.1", "localhost")  # a passkey needs a host name, not an address
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    # First sign-in: the password is right, and nothing opens until a second factor is set up.
    password_step(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    page.goto(f"{base}/incidents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")

    page.get_by_role("button", name="Add a passkey or security key").click()
    expect(page.get_by_role("heading", name="Your second factor is set up")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="I have kept my codes: continue").click()
    # On to the page that was asked for before the set-up.
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    page.get_by_role("button", name="Sign out").click()

    # The password alone: the second step is asked for, and no page opens past it.
    password_step(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    for path in ["/admin/", "/incidents/", "/accounts/security/", "/"]:
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")

    # The passkey signs in.
    page.get_by_role("button", name="Use my passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Class teacher")

    # An authenticator app, added from the security page.
    page.goto(f"{base}/accounts/security/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    key_words = page.locator(".ss-key").inner_text()
    page.get_by_label("Code from the app").fill(app_code(key_words))
    page.get_by_role("button", name="Set up the app").click()
    expect(page.locator("#messages")).to_contain_text("Your authenticator app is set up")
    page.get_by_role("button", name="Sign out").click()

    # The app's code signs in (the next step's code: the one used to set it up is spent).
    password_step(page, base)
    page.get_by_label("Code", exact=True).fill(app_code(key_words, ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Class teacher")
