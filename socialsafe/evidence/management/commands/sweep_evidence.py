import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialsafe.evidence.services import evidence_sweep


class Command(BaseCommand):
    help = """Remove uploads left unfinished by a crash, and stored files no record points at.

    Only files older than --minutes (default 60) are touched, so uploads in progress are safe. Run hourly.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=60)

    def handle(self, *, minutes: int, **options: Any) -> None:
        temps, orphans = evidence_sweep(older_than=dt.timedelta(minutes=minutes))
        self.stdout.write(f"Removed {temps} unfinished upload(s) and {orphans} unreferenced file(s).")
