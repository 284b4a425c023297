from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from socialsafe.backups.archive import BackupError, backup_make


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


class Command(BaseCommand):
    help = """Write one encrypted file holding the database and every stored file (evidence, letters, var/ data).

    Safe while the server runs: the database is copied as one consistent state. The file is encrypted with a key
    derived from this installation's data key: keep the key file (var/data_keys) apart from the backups, or the
    backups protect nothing; without it they cannot be restored. Run it nightly from cron and copy the file off
    the server. `manage.py restore FILE` puts it back into an empty installation.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="where to write it (default var/backups/socialsafe-<time>.backup)"
        )

    def handle(self, *, output: Path | None, **options: Any) -> None:
        if output is None:
            stamp = localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"socialsafe-{stamp}.backup"
        try:
            s = backup_make(output=output)
        except BackupError as e:
            raise CommandError(str(e)) from None
        files = sum(s.files.values())
        self.stdout.write(
            f"Backed up the database ({s.engine}: {s.tables} tables, {s.rows:,} rows) and {files:,} stored file(s) "
            f"({_mb(s.file_bytes)}): {s.files['evidence']:,} evidence, {s.files['media']:,} media, "
            f"{s.files['var']:,} other from var/."
        )
        self.stdout.write(f"Evidence rows: {s.evidence_rows:,}.")
        for name in s.evidence_missing:
            self.stderr.write(f"MISSING  evidence file {name} (its row is in the backup, the file was not on disk)")
        if s.key_made:
            self.stderr.write(
                f"This installation had no data key: one was made now in {settings.VAR_DIR / 'data_keys'}. Keep a copy "
                "of it apart from the backups: without it no backup can be restored."
            )
        self.stdout.write(f"Backup: {s.path}\n  size {_mb(s.size)} ({s.size:,} bytes)\n  SHA-256 {s.sha256}")
