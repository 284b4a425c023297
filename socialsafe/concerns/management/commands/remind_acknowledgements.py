from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialsafe.concerns.services import acknowledgement_reminders_send
from socialsafe.concerns.throttle import throttle_purge
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = """Email everyone who has not yet acknowledged the current version of a policy document addressed to them.

    Run daily from cron. Safe to run often: nobody is reminded about a version more than once every --days days.
    Also clears old rate-limit counts.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="Days between two reminders to one person.")
        parser.add_argument("--school", help="Only this school (its slug).")

    def handle(self, *, days: int, school: str | None, **options: Any) -> None:
        chosen = None
        if school:
            chosen = School.objects.filter(slug=school).first()
            if chosen is None:
                self.stderr.write(f"No school with the slug {school!r}.")
                raise SystemExit(1)
        sent = acknowledgement_reminders_send(school=chosen, every_days=max(days, 1))
        throttle_purge()
        self.stdout.write(f"Sent {sent} reminder(s).")
