"""The second factor at sign-in: an authenticator app (TOTP), passkeys and security keys (WebAuthn), recovery codes.

Every account that can open a school's records (staff, governors, Education Authority officers, the back office)
must have one and use it at every sign-in; a parent or carer may add one, and once they have, it is asked for too.
The devices are django-otp's; this module says who needs one and does what the pages ask.
"""

import hashlib
import hmac
import secrets
import time
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialsafe.audit.services import audit_record

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def second_factor_required(user) -> bool:
    """Staff, governors, Education Authority officers and back-office users must use a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.memberships.filter(is_active=True).exists() or user.authority_posts.exists()


def second_factor_enrolled(user) -> bool:
    """True once the account has a confirmed authenticator app or passkey (recovery codes alone do not count)."""
    return any(not isinstance(d, StaticDevice) for d in devices_for_user(user, confirmed=True))


def second_factor_asked(user) -> bool:
    """Whether signing in asks this account for a second factor: always for staff, and for anyone who has one."""
    return second_factor_required(user) or user_has_device(user, confirmed=True)


def second_factor_devices(user) -> dict:
    """What the account has, for its security page: the app, its passkeys, how many recovery codes are left."""
    from django_otp_webauthn.models import WebAuthnCredential

    static = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    return {
        "app": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")),
        "recovery_left": static.token_set.count() if static else 0,
    }


def totp_secret_new() -> str:
    """A new authenticator-app key, as 40 hex characters (django-otp's form); shown to the person as base32."""
    return secrets.token_hex(20)


def totp_words(hex_key: str) -> str:
    """The key as a person types it into an app: base32 in groups of four."""
    b32 = b32encode(bytes.fromhex(hex_key)).decode()
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def totp_qr_svg(user, hex_key: str) -> str:
    """The otpauth:// link as an inline SVG QR code, drawn here: nothing is sent to a QR service."""
    device = TOTPDevice(user=user, key=hex_key)
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")


def totp_code_step(hex_key: str, code: str) -> int | None:
    """The time step at which `code` is what an app set up with `hex_key` shows (now, or one step either side), or
    None. Checked before the device exists; the step is kept so that the same code cannot sign in again."""
    device = TOTPDevice(key=hex_key)
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != device.digits:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time()
    return totp.t() if totp.verify(int(digits), device.tolerance) else None


@transaction.atomic
def totp_enrol(*, user, hex_key: str, step: int, request=None) -> TOTPDevice:
    """Keep the authenticator app the person has just proved (its code at `step`); it replaces any earlier one."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_NAME, key=hex_key, confirmed=True, last_t=step)
    audit_record(actor=user, verb="account.second_factor_added", target=user, data={"kind": "app"}, request=request)
    return device


@transaction.atomic
def recovery_codes_new(*, user, request=None) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working. Shown once, never again."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=recovery_digest(code)) for code in codes])
    audit_record(actor=user, verb="account.recovery_codes_made", target=user, request=request)
    return codes


def recovery_digest(code: str) -> str:
    """What is stored for a recovery code: a keyed hash (16 base32 characters, 80 bits), never the code itself."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"recovery-code:{code}".encode(), hashlib.sha256).digest()
    return b32encode(mac[:10]).decode().lower()


@transaction.atomic  # django-otp locks the devices it checks (select_for_update), so that throttling holds
def code_verify(user, code: str):
    """The device that accepts `code` (a 6-digit app code or a recovery code), or None. Replays are refused."""
    code = code.strip().replace(" ", "").replace("-", "").lower()
    if not code:
        return None
    kinds = (TOTPDevice,) if code.isdigit() else (StaticDevice,)
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        token = recovery_digest(code) if isinstance(device, StaticDevice) else code
        if isinstance(device, kinds) and device.verify_token(token):
            return device
    return None


@transaction.atomic
def passkey_remove(*, user, pk: int, request=None) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    deleted, _ = WebAuthnCredential.objects.filter(user=user, pk=pk).delete()
    if deleted:
        audit_record(
            actor=user, verb="account.second_factor_removed", target=user, data={"kind": "passkey"}, request=request
        )
    return bool(deleted)


@transaction.atomic
def second_factor_reset(*, by, user, school, request=None) -> None:
    """The Principal clears a colleague's second factor (a lost phone): they set one up again at next sign-in.

    Their sessions end, so a session verified with the lost device cannot go on.
    """
    from django_otp_webauthn.models import WebAuthnCredential

    from socialsafe.accounts.sessions import sessions_end_for

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    sessions_end_for(user)
    audit_record(actor=by, verb="account.second_factor_reset", school=school, target=user, request=request)
