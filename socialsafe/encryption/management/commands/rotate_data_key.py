import io
import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialsafe.encryption.services import (
    data_key_add,
    data_key_retire,
    files_by_key,
    files_reencrypt,
    letters_verify,
)
from socialsafe.lib import crypto


class Command(BaseCommand):
    help = """Add a new data key, re-encrypt every evidence file, bundle and letter with it, and prove it.

    Then runs verify_evidence and checks every letter's hash, and prints how many files are under which key. Files
    still in the clear (from before encryption) are encrypted too. Safe to stop and run again: each file is
    replaced atomically, and every file stays readable with one of the keys in the ring. Exits 1 on any problem.

    With the keys in SOCIALSAFE_DATA_KEYS: add the new key at the end there, restart, and run --reencrypt-only.
    --retire ID removes an old key from var/data_keys once no file needs it.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reencrypt-only", action="store_true", help="Use the current key; add none.")
        parser.add_argument("--retire", metavar="KEY_ID", help="Remove this old key (refused while a file uses it).")

    def handle(self, *, reencrypt_only: bool, retire: str | None, **options: Any) -> None:
        if retire:
            try:
                data_key_retire(key_id=retire)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Key {retire} retired: no file needed it.")
            return
        if not reencrypt_only:
            if os.environ.get(crypto.KEYS_ENV):
                raise CommandError(
                    f"The keys come from {crypto.KEYS_ENV}. Add a new key at the end of it (keep the old ones), "
                    "restart SocialSafe, then run: manage.py rotate_data_key --reencrypt-only\n"
                    f"A new key you can add (a secret: keep it out of logs, back it up apart from the backups):\n"
                    f"  {crypto.new_key_line()}"
                )
            self.stdout.write(f"Added key {data_key_add()}; it encrypts every new file from now on.")
        result = files_reencrypt()
        self.stdout.write(f"Re-encrypted {result.done} file(s) with key {result.key}; {result.already} already were.")
        for line in result.missing:
            self.stderr.write(f"MISSING  {line}")
        for line in result.failed:
            self.stderr.write(f"NOT RE-ENCRYPTED  {line}")
        ok = not result.missing and not result.failed
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("verify_evidence", stdout=out, stderr=err)
        except SystemExit:
            ok = False
        self.stdout.write(out.getvalue().strip() or err.getvalue().strip().splitlines()[-1])
        if err.getvalue():
            self.stderr.write(err.getvalue().rstrip())
        letters = letters_verify()
        self.stdout.write(f"Checked {letters.checked} letter file(s): {len(letters.bad)} missing or altered.")
        for line in letters.bad:
            self.stderr.write(line)
        ok = ok and not letters.bad
        counts = files_by_key()
        current = crypto.keyring().current
        self.stdout.write("Files by key:")
        for key_id, n in sorted(counts.items(), key=lambda kv: (kv[0] != current, kv[0])):
            self.stdout.write(f"  {key_id}{' (current)' if key_id == current else ''}: {n}")
        old = [k for k in crypto.keyring().keys if k != current and not counts.get(k)]
        if old and ok:
            self.stdout.write(f"No file needs {', '.join(old)} any more: retire with --retire ID once backed up.")
        if not ok:
            raise SystemExit(1)
