from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.transfers.services import transfer_reminders_send


class Command(BaseCommand):
    help = """Email the designated teacher (else the Principal) about each leaver's records not sent in time.

    Run daily from cron. Safe to run twice: a transfer is reminded about at most once a day.
    """

    def handle(self, **options: Any) -> None:
        sent = transfer_reminders_send()
        self.stdout.write(f"Sent {sent} transfer reminder(s).")
