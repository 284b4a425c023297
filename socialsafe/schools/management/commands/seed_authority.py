from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialsafe.schools.seed import SQLITE_MAX_SCHOOLS, SeedRefused, seed_authority


class Command(BaseCommand):
    help = f"""Fill a fresh database with an Education Authority-sized set of fictional schools, for the benchmarks.

    The default, 1,100 schools, gives about 300,000 pupils, 200,000 cases and 1,000,000 timeline entries, with
    staff, parents, actions (some overdue), takedown steps, statutory bullying records, premises bars, teaching
    accounts and parents' concerns: a few minutes on PostgreSQL (COPY). Made for bench/bench_reports.py; never used
    by the tests' data. Refuses SQLite beyond {SQLITE_MAX_SCHOOLS} schools, and any database that already has
    schools unless --force. The seeded timeline's hash chain is made-up unique values, not a real chain:
    verify_audit will not verify it. Sign-ins have no password: the benchmark signs in with force_login.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, default=1_100, help="How many schools (default 1,100).")
        parser.add_argument("--seed", type=int, default=14, help="The random seed (the same seed, the same data).")
        parser.add_argument("--force", action="store_true", help="Add to a database that already has schools.")

    def handle(self, *, schools: int, seed: int, force: bool, **options: Any) -> None:
        if schools < 1:
            raise CommandError("--schools must be at least 1.")
        verbose = options["verbosity"] > 0

        def progress(line: str) -> None:
            if verbose:
                self.stdout.write(line)
                self.stdout.flush()

        try:
            result = seed_authority(schools, force=force, seed=seed, progress=progress)
        except SeedRefused as refused:
            raise CommandError(str(refused)) from refused
        rows = sum(result.counts.values())
        self.stdout.write(
            f"Seeded {result.schools:,} schools, {rows:,} rows, in {result.seconds:.0f} s.\n"
            f"  The first school's Principal: {result.principal_email}\n"
            f"  The Education Authority officer: {result.officer_email}"
        )
