from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.registers.services import END_REMINDER_DAYS, REVIEW_REMINDER_DAYS, premises_reminders_send


class Command(BaseCommand):
    help = f"""Email the Principal before a premises bar's review date ({REVIEW_REMINDER_DAYS} days) and end date
    ({END_REMINDER_DAYS} days).

    Run daily from cron. Safe to run twice: each reminder is sent once per bar.
    """

    def handle(self, **options: Any) -> None:
        sent = premises_reminders_send()
        self.stdout.write(f"Sent {sent} premises register reminder(s).")
