import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from socialsafe.accounts.second_factor import totp_words
from socialsafe.schools.demo import demo_create


def _kept(path, make) -> str:
    """A value made up on the first run and kept in var/ (never committed), readable only by its owner."""
    if not path.exists():
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


class Command(BaseCommand):
    help = """Create the fictional demo schools and print their sign-ins.

    Safe to run again: existing demo schools are kept as they are. The demo password and the demo authenticator-app
    key are made up on the first run and kept in var/demo-password and var/demo-app-key (never committed);
    --password sets another password.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Password for every demo sign-in (at least 10 characters).")

    def handle(self, *, password: str | None, **options: Any) -> None:
        if password is None:
            password = _kept(settings.VAR_DIR / "demo-password", lambda: secrets.token_urlsafe(9))
        elif len(password) < 10:
            self.stderr.write("The demo password must have at least 10 characters.")
            raise SystemExit(2)
        app_key = _kept(settings.VAR_DIR / "demo-app-key", lambda: secrets.token_hex(20))
        logins = demo_create(password=password, app_key=app_key)
        width = max(len(login.email) for login in logins)
        self.stdout.write("\nDemo sign-ins (every one uses the same password):\n")
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}")
        self.stdout.write(f"\n  Password: {password}\n")
        self.stdout.write(
            "\n  Second factor: staff, governors and the Education Authority officer also need a code. Either add\n"
            f"  this key to an authenticator app (one entry serves every demo account): {totp_words(app_key)}\n"
            "  or print the current code with: .venv/bin/python manage.py demo_code\n"
            "  (the demo parent has no second factor: parents may add one from their security page).\n"
            "  Passkeys need a host name: open http://localhost:8000 rather than 127.0.0.1 to try one.\n"
        )
