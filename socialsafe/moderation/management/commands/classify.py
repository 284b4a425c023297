"""`python manage.py classify`: the moderation CLI inside Django, for cron jobs and back-office use."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialsafe.moderation.__main__ import add_arguments, run


class Command(BaseCommand):
    help = """Score texts (one per line on stdin, or a CSV column) for the policy's six categories.

    Writes JSON lines (default) or CSV to stdout, with a progress bar on stderr for large inputs.
    It only reads and prints: nothing is saved and nothing is escalated.
    """
    # Lets callers (and tests) hand the command a stream: call_command("classify", stdin=...).
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(
        self, *, csv_file: str | None, column: str, format: str, explain: bool, no_progress: bool, **options: Any
    ) -> None:
        stdin = options.get("stdin")
        run(
            csv_file=csv_file,
            column=column,
            format=format,
            explain_top=explain,
            no_progress=no_progress,
            stdin=stdin,
            stdout=self.stdout,
            stderr=self.stderr,
        )
