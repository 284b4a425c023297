from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialsafe.schools.models import School
from socialsafe.schools.roster import KINDS
from socialsafe.schools.services import RosterRejected, roster_import


class Command(BaseCommand):
    help = """Import a roster CSV (pupils, parents or staff) into one school: every row or, on any error, none.

    Exits with status 1 and a line-by-line report when the file has problems.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's slug, as in its public web address.")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("file", type=Path)

    def handle(self, *, school: str, kind: str, file: Path, **options: Any) -> None:
        try:
            target = School.objects.get(slug=school)
        except School.DoesNotExist:
            raise CommandError(f"No school with the slug '{school}'.") from None
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            summary = roster_import(school=target, kind=kind, data=data, by=None, filename=file.name)
        except RosterRejected as rejected:
            self.stderr.write(f"Nothing was imported: {len(rejected.checked.errors)} problem(s) in {file.name}.")
            for e in rejected.checked.errors:
                column = f" [{e.column}]" if e.column else ""
                self.stderr.write(f"  line {e.line}{column}: {e.message}")
            raise SystemExit(1) from None
        self.stdout.write(
            f"Imported {kind} into {target.name}: {summary.created} added, {summary.updated} updated"
            + (f", {summary.links} new links to pupils." if kind == "parents" else ".")
        )
