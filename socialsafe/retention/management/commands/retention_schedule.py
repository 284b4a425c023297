from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialsafe.retention.schedule import CLASSES
from socialsafe.retention.schedule import markdown as schedule_markdown


class Command(BaseCommand):
    help = """Print the retention schedule (the defaults in socialsafe/retention/schedule.py).

    `manage.py retention_schedule --markdown > docs/data-protection/retention-schedule.md` regenerates the doc.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--markdown", action="store_true", help="as the Markdown table kept under docs/")

    def handle(self, *, markdown: bool, **options: Any) -> None:
        if markdown:
            self.stdout.write(schedule_markdown(), ending="")
            return
        for c in CLASSES:
            self.stdout.write(c.description)
