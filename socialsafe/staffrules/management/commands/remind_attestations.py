from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialsafe.schools.models import School
from socialsafe.staffrules.services import attestation_reminders_send


class Command(BaseCommand):
    help = """Email each member of staff who has not yet confirmed this school year's social media check.

    Run daily from cron. Safe to run often: nobody is reminded more than once every 7 days (the reminders are
    recorded), and schools that have published no staff guidance are left alone.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="Only this school (its slug).")

    def handle(self, *, school: str | None, **options: Any) -> None:
        chosen = None
        if school:
            chosen = School.objects.filter(slug=school).first()
            if chosen is None:
                self.stderr.write(f"No school with the slug {school!r}.")
                raise SystemExit(1)
        sent = attestation_reminders_send(school=chosen)
        self.stdout.write(f"Sent {sent} reminder(s).")
