from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localdate

from socialsafe.retention.services import retention_apply, sessions_expire
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = """Apply the retention schedule: queue records due for review for their Principal (once each) and destroy
    records due for destruction. Cases under legal hold are left alone.

    Run daily from cron. Safe to run twice: a queued record is not queued again, a destroyed one is gone.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="print what would happen, change nothing")
        parser.add_argument("--school", help="only this school (its slug)")

    def handle(self, *, dry_run: bool, school: str | None, **options: Any) -> None:
        schools = School.objects.order_by("slug")
        if school:
            schools = schools.filter(slug=school)
            if not schools.exists():
                raise CommandError(f"No school with the slug {school!r}.")
        today = localdate()
        verb_q, verb_d = ("Would queue", "Would destroy") if dry_run else ("Queued", "Destroyed")
        for s in schools:
            report = retention_apply(school=s, dry_run=dry_run, today=today)
            for due in report.queued + report.destroyed:
                what = "queue" if due in report.queued else "destroy"
                if dry_run:
                    self.stdout.write(
                        f"  {s.slug}: would {what} {due.record_class.key} {due.record_id} (due {due.due_on})"
                    )
            self.stdout.write(
                f"{s.slug}: {verb_q} {len(report.queued)} for review, {verb_d.lower()} {len(report.destroyed)}."
            )
        if not school:
            n = sessions_expire(dry_run=dry_run)
            self.stdout.write(f"{'Would remove' if dry_run else 'Removed'} {n} expired session(s).")
