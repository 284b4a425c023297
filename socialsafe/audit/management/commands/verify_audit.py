from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from socialsafe.audit.chain import chain_verify


def chained_models() -> list:
    """Every hash-chained log (audit events, timeline entries, custody events), the audit log first."""
    found = [m for m in apps.get_models() if hasattr(m, "CHAIN_FIELDS")]
    return sorted(found, key=lambda m: (m._meta.app_label != "audit", m._meta.label))


class Command(BaseCommand):
    help = """Walk the hash chain of each append-only log, recompute every hash and report rows altered, missing
    or out of order, and append-only triggers that are missing. Exits 1 if any log is broken. Rows removed by a
    sanctioned destruction (each described by a destruction record) are accepted, and counted; any other gap is not.

    Run it from cron (e.g. nightly) and keep the heads it prints somewhere else: a log cut short at its end
    (its last rows deleted) still verifies, but its head no longer matches the one you kept.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=20, help="problems listed per log (all are counted)")

    def handle(self, *, limit: int, **options: Any) -> None:
        broken = False
        for model in chained_models():
            report = chain_verify(model, limit=limit)
            head = f"head {report.head[:16]}" if report.head else "empty"
            if report.intact:
                gaps = f", {report.destroyed:,} destroyed under the retention schedule" if report.destroyed else ""
                self.stdout.write(f"{report.label}: {report.rows:,} rows, chain intact ({head}){gaps}")
                continue
            broken = True
            if report.problem_count:
                (pk, problem), *others = report.problems
                self.stderr.write(f"{report.label}: {report.rows:,} rows, chain broken at row {pk}: {problem}")
                for pk, problem in others:
                    self.stderr.write(f"  also row {pk}: {problem}")
                if report.problem_count > len(report.problems):
                    self.stderr.write(f"  and {report.problem_count - len(report.problems):,} more problem(s)")
            if not report.triggers:
                self.stderr.write(f"{report.label}: the append-only triggers are missing or disabled")
        if broken:
            raise SystemExit(1)
