"""Signing in with a password and a second factor, through the real pages: set-up, codes, recovery, limits."""

import re
import time

import pytest
from django.core import signing
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialsafe.accounts.views import KEY_SALT
from socialsafe.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def code_now(hex_key: str, *, ahead: int = 0) -> str:
    device = TOTPDevice(key=hex_key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():06d}"


def password_step(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/sign-in/", {"username": email, "password": password})


def set_up_app(client) -> tuple[str, list[str]]:
    """Go through the forced set-up as a new member of staff would: scan, type the code, receive recovery codes."""
    page = client.get("/accounts/second-factor/set-up/?next=/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code is drawn here, not fetched from anywhere
    signed = re.search(r'name="key" value="([^"]+)"', html).group(1)
    hex_key = signing.loads(signed, salt=KEY_SALT)["k"]
    r = client.post("/accounts/second-factor/set-up/", {"key": signed, "code": code_now(hex_key), "next": "/"})
    assert r.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", r.content.decode())
    return hex_key, codes


def test_a_new_member_of_staff_must_set_up_a_second_factor_before_anything_opens(client, teacher):
    password_step(client, "teacher@example.com")
    for path in ["/", "/incidents/", "/school/pupils/", "/admin/"]:
        r = client.get(path)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/second-factor/set-up/"), path
    _, codes = set_up_app(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    verbs = set(AuditEvent.objects.filter(actor=teacher.user).values_list("verb", flat=True))
    assert {"account.second_factor_added", "account.recovery_codes_made"} <= verbs


def test_after_set_up_every_sign_in_asks_for_the_app_code(client, teacher):
    password_step(client, "teacher@example.com")
    hex_key, _ = set_up_app(client)
    client.post("/accounts/sign-out/")

    r = password_step(client, "teacher@example.com")
    assert r["Location"] == "/accounts/sign-in/second-factor/?next=%2F"
    assert client.get("/incidents/")["Location"].startswith("/accounts/sign-in/second-factor/")
    # The set-up page cannot be used to swap in a thief's app with the password alone.
    assert client.get("/accounts/second-factor/set-up/")["Location"].startswith("/accounts/sign-in/second-factor/")
    r = client.post("/accounts/sign-in/second-factor/", {"code": code_now(hex_key, ahead=1), "next": "/incidents/"})
    assert r.status_code == 302 and r["Location"] == "/incidents/"
    assert client.get("/incidents/").status_code == 200
    assert AuditEvent.objects.filter(verb="account.second_factor_passed", actor=teacher.user).exists()


def test_a_wrong_code_is_refused_with_a_clear_message_and_a_used_code_cannot_be_replayed(client, teacher):
    password_step(client, "teacher@example.com")
    hex_key, _ = set_up_app(client)
    client.post("/accounts/sign-out/")
    password_step(client, "teacher@example.com")

    r = client.post(
        "/accounts/sign-in/second-factor/", {"code": "000000" if code_now(hex_key) != "000000" else "111111"}
    )
    assert r.status_code == 400
    assert "That code is not right" in r.content.decode() and "govuk-error-summary" in r.content.decode()
    r = client.post("/accounts/sign-in/second-factor/", {"code": ""})
    assert "Enter the code from your authenticator app" in r.content.decode()
    assert AuditEvent.objects.filter(verb="account.second_factor_failed", actor=teacher.user).count() == 1

    # The code set-up used (this step or the next) is spent: it is refused, and the next one works.
    device = TOTPDevice.objects.get(user=teacher.user)
    device.throttling_failure_count = 0  # django-otp's own growing delay after the wrong code above
    device.throttling_failure_timestamp = None
    device.save()
    used = device.last_t
    stale = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    stale.time = device.t0 + used * device.step
    r = client.post("/accounts/sign-in/second-factor/", {"code": f"{stale.token():06d}"})
    assert r.status_code == 400


def test_a_recovery_code_signs_in_once(client, teacher):
    password_step(client, "teacher@example.com")
    _, codes = set_up_app(client)
    client.post("/accounts/sign-out/")

    password_step(client, "teacher@example.com")
    r = client.post("/accounts/sign-in/second-factor/", {"code": codes[0].upper()}, follow=True)
    assert r.status_code == 200 and "You have 9 left" in r.content.decode()
    client.post("/accounts/sign-out/")

    password_step(client, "teacher@example.com")
    r = client.post("/accounts/sign-in/second-factor/", {"code": codes[0]})
    assert r.status_code == 400
    stored = StaticDevice.objects.get(user=teacher.user, name="Recovery codes").token_set.values_list(
        "token", flat=True
    )
    assert len(stored) == 9
    assert not set(stored) & set(codes)  # only keyed hashes of the codes are kept


def test_set_up_refuses_a_wrong_code_and_a_forged_key(client, teacher):
    password_step(client, "teacher@example.com")
    html = client.get("/accounts/second-factor/set-up/").content.decode()
    signed = re.search(r'name="key" value="([^"]+)"', html).group(1)
    hex_key = signing.loads(signed, salt=KEY_SALT)["k"]
    wrong = "123456" if code_now(hex_key) != "123456" else "654321"
    r = client.post("/accounts/second-factor/set-up/", {"key": signed, "code": wrong})
    assert r.status_code == 400 and "That code does not match" in r.content.decode()
    # The same key is offered again, so the app the person has just set up still matches.
    assert (
        signing.loads(re.search(r'name="key" value="([^"]+)"', r.content.decode()).group(1), salt=KEY_SALT)["k"]
        == hex_key
    )
    r = client.post("/accounts/second-factor/set-up/", {"key": "forged", "code": code_now(hex_key)})
    assert r.status_code == 400 and "open too long" in r.content.decode()
    r = client.post("/accounts/second-factor/set-up/", {"key": signed, "code": ""})
    assert r.status_code == 400 and "Enter the 6-digit code" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher.user).exists()


def test_five_wrong_codes_end_the_session_and_tell_the_person_what_to_do(client, teacher, settings):
    password_step(client, "teacher@example.com")
    hex_key, _ = set_up_app(client)
    client.post("/accounts/sign-out/")
    password_step(client, "teacher@example.com")
    wrong = "000000" if code_now(hex_key) != "000000" else "111111"
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        TOTPDevice.objects.filter(user=teacher.user).update(throttling_failure_count=0)
        assert client.post("/accounts/sign-in/second-factor/", {"code": wrong}).status_code == 400
    r = client.post("/accounts/sign-in/second-factor/", {"code": code_now(hex_key)}, follow=True)
    html = r.content.decode()
    assert "Too many attempts" in html and "recovery code" in html
    assert r.redirect_chain[-1][0] == "/accounts/sign-in/"
    assert client.get("/incidents/")["Location"].startswith("/accounts/sign-in/")


def test_a_parent_signs_in_with_a_password_alone_until_they_add_a_second_factor(client, parent):
    r = password_step(client, parent.user.email)
    assert r["Location"] == "/"
    assert client.get("/").status_code == 200
    page = client.get("/accounts/security/")
    assert page.status_code == 200 and "Not set up" in page.content.decode()
    html = client.get("/accounts/second-factor/set-up/").content.decode()
    assert "You can add a second factor" in html
    signed = re.search(r'name="key" value="([^"]+)"', html).group(1)
    hex_key = signing.loads(signed, salt=KEY_SALT)["k"]
    client.post("/accounts/second-factor/set-up/", {"key": signed, "code": code_now(hex_key)})
    client.post("/accounts/sign-out/")
    r = password_step(client, parent.user.email)
    assert r["Location"].startswith("/accounts/sign-in/second-factor/")


def test_the_security_page_makes_new_recovery_codes_and_the_old_ones_stop_working(client, teacher):
    password_step(client, "teacher@example.com")
    _, old = set_up_app(client)
    r = client.post("/accounts/security/", {"do": "recovery"})
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", r.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "10 of 10 left" in client.get("/accounts/security/").content.decode()
    r = client.post("/accounts/security/", {"do": "nonsense"}, follow=True)
    assert "Choose what to do." in r.content.decode()
    r = client.post("/accounts/security/", {"do": "remove-passkey", "passkey": "not a number"}, follow=True)
    assert "That passkey was not found" in r.content.decode()


def test_the_back_office_needs_the_second_factor_and_its_sign_in_is_socialsafes(client, db):
    from socialsafe.schools.tests.factories import UserFactory

    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    r = client.get("/admin/login/?next=/admin/")
    assert r.status_code == 302 and r["Location"] == "/accounts/sign-in/?next=%2Fadmin%2F"
    password_step(client, admin.email)
    assert client.get("/admin/")["Location"].startswith("/accounts/second-factor/set-up/")
    set_up_app(client)
    assert client.get("/admin/").status_code == 200


def test_the_demo_accounts_have_the_demo_app_key_and_demo_code_prints_its_code(db, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", "--password", "demo-pass-123", stdout=out)
    text = out.getvalue()
    assert "Second factor" in text and "demo_code" in text
    key = (tmp_path / "demo-app-key").read_text().strip()
    principal = TOTPDevice.objects.get(user__email="principal@glenmore.example")
    assert principal.key == key and principal.confirmed
    assert not TOTPDevice.objects.filter(user__email="parent@glenmore.example").exists()
    code = StringIO()
    call_command("demo_code", stdout=code)
    assert code.getvalue()[:6] in {code_now(key), code_now(key, ahead=-1), code_now(key, ahead=1)}
