import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialsafe.accounts.second_factor import totp_words
from socialsafe.schools.demo import DEMO_EMAILS, demo_create, demo_logins
from socialsafe.schools.models import AuthorityOfficer, School

# The password hash last given to every demo sign-in. Checking the kept password against the database would cost a
# full password hash (most of a second); comparing the stored hashes with this one costs a query.
APPLIED = "demo-password.applied"


def _kept(path, make) -> str:
    """A value made up on the first run and kept in var/ (never committed), readable only by its owner."""
    if not path.exists():
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def sign_ins_write(out: OutputWrapper, *, password: str, app_key: str) -> None:
    """Print the demo sign-ins, their password and how to get their second factor."""
    logins = demo_logins()
    width = max(len(login.email) for login in logins)
    out.write("\nDemo sign-ins (every one uses the same password):\n")
    for login in logins:
        out.write(f"  {login.email.ljust(width)}  {login.role}")
    out.write(f"\n  Password: {password}\n")
    out.write(
        "\n  Second factor: staff, governors and the Education Authority officer also need a code. Either add\n"
        f"  this key to an authenticator app (one entry serves every demo account): {totp_words(app_key)}\n"
        "  or print the current code with: .venv/bin/python manage.py demo_code\n"
        "  (the demo parent has no second factor: parents may add one from their security page).\n"
        "  Passkeys need a host name: open http://localhost:8000 rather than 127.0.0.1 to try one.\n"
    )


class Command(BaseCommand):
    help = """Create the fictional demo schools and print their sign-ins.

    Safe to run again: existing demo schools are kept as they are. The demo password and the demo authenticator-app
    key are made up on the first run and kept in var/demo-password and var/demo-app-key (never committed);
    --password sets another password.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Password for every demo sign-in (at least 10 characters).")

    def missing(self) -> bool:
        """Whether a run would change anything: a demo school, a sign-in, its kept password or app key is not there."""
        var = settings.VAR_DIR
        password, key, applied = var / "demo-password", var / "demo-app-key", var / APPLIED
        if not (password.exists() and key.exists() and applied.exists()):
            return True
        if applied.stat().st_mtime < password.stat().st_mtime:  # the kept password was edited since
            return True
        hashes = list(get_user_model().objects.filter(email__in=DEMO_EMAILS).values_list("password", flat=True))
        app_users = [e for e in DEMO_EMAILS if not e.startswith("parent@")]
        devices = TOTPDevice.objects.filter(
            user__email__in=app_users, name="Authenticator app", key=key.read_text().strip(), confirmed=True
        )
        return (
            len(hashes) != len(DEMO_EMAILS)
            or set(hashes) != {applied.read_text().strip()}
            or School.objects.filter(slug__in=["glenmore", "riverside"]).count() != 2
            or not AuthorityOfficer.objects.filter(user__email="officer@ea.example").exists()
            or devices.count() != len(app_users)
        )

    def handle(self, *, password: str | None, **options: Any) -> None:
        applied = settings.VAR_DIR / APPLIED
        kept = password is None
        if kept:
            password = _kept(settings.VAR_DIR / "demo-password", lambda: secrets.token_urlsafe(9))
        elif len(password) < 10:
            self.stderr.write("The demo password must have at least 10 characters.")
            raise SystemExit(2)
        app_key = _kept(settings.VAR_DIR / "demo-app-key", lambda: secrets.token_hex(20))
        applied.unlink(missing_ok=True)
        demo_create(password=password, app_key=app_key)
        if kept:
            applied.write_text(get_user_model().objects.get(email=DEMO_EMAILS[0]).password)
            applied.chmod(0o600)
        sign_ins_write(self.stdout, password=password, app_key=app_key)
