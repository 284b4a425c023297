from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.subjectaccess.services import EXPORT_KEEP_DAYS, sar_exports_purge


class Command(BaseCommand):
    help = f"""Delete subject access ZIPs {EXPORT_KEEP_DAYS} days after their request was closed.

    Run daily from cron (or from the retention job). Safe to run twice: each export's row and audit line stay.
    """

    def handle(self, **options: Any) -> None:
        done = sar_exports_purge()
        self.stdout.write(f"Deleted {done} subject access export(s).")
