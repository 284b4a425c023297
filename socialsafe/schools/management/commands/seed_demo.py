import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from socialsafe.schools.demo import demo_create


class Command(BaseCommand):
    help = """Create the fictional demo schools and print their sign-ins.

    Safe to run again: existing demo schools are kept as they are. The demo password is made up on the first
    run and kept in var/demo-password (never committed); --password sets another.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Password for every demo sign-in (at least 10 characters).")

    def handle(self, *, password: str | None, **options: Any) -> None:
        path = settings.VAR_DIR / "demo-password"
        if password is None:
            if not path.exists():
                settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
                path.write_text(secrets.token_urlsafe(9))
                path.chmod(0o600)
            password = path.read_text().strip()
        elif len(password) < 10:
            self.stderr.write("The demo password must have at least 10 characters.")
            raise SystemExit(2)
        logins = demo_create(password=password)
        width = max(len(login.email) for login in logins)
        self.stdout.write("\nDemo sign-ins (every one uses the same password):\n")
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}")
        self.stdout.write(f"\n  Password: {password}\n")
