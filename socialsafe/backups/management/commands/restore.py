from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialsafe.backups.archive import BackupError, backup_restore


class Command(BaseCommand):
    help = """Restore a backup made by `manage.py backup` into this installation, which must be empty.

    Everything is decrypted and checked against the backup's manifest before anything is installed: a changed,
    cut-short or wrong-key backup is refused and the installation stays empty. It needs the data keys of the
    installation that made it (var/data_keys or SOCIALSAFE_DATA_KEYS). Then it verifies every evidence file against
    its row's SHA-256 and every hash-chained log, as verify_evidence and verify_audit do. Exits 1 if any check fails.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")

    def handle(self, *, path: Path, **options: Any) -> None:
        try:
            s = backup_restore(source=path)
        except BackupError as e:
            raise CommandError(f"Nothing was restored: {e}") from None
        self.stdout.write(
            f"Restored the backup made {s.created_at} ({s.engine}): {s.rows:,} rows and {s.files:,} stored file(s)."
        )
        for line in s.chains:
            self.stdout.write(line)
        for problem in s.problems:
            self.stderr.write(problem)
        for warning in s.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(f"{s.evidence_verified:,} of {s.evidence_checked:,} evidence files verified.")
        if not s.ok:
            self.stderr.write("The restore is complete but a check failed: see above.")
            raise SystemExit(1)
