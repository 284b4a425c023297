from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialsafe.audit.once import submissions_prune


class Command(BaseCommand):
    help = """Forget the one-time tokens of forms sent more than --days days ago (they stop double submits).

    Run daily from cron. Safe to run twice.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *, days: int, **options: Any) -> None:
        self.stdout.write(f"Forgot {submissions_prune(days=days)} form token(s) older than {days} days.")
