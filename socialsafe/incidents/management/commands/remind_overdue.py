from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.incidents.services import overdue_reminders_send


class Command(BaseCommand):
    help = """Email the owner of every overdue action on an open case, once a day.

    Run daily from cron. Safe to run twice: an action is reminded about at most once a day.
    """

    def handle(self, **options: Any) -> None:
        sent = overdue_reminders_send()
        self.stdout.write(f"Sent {sent} overdue reminder(s).")
