"""One encrypted file holding the database and every stored file, and putting it back into an empty installation.

A backup is a tar stream encrypted with socialsafe.lib.crypto (chunked AES-256-GCM), so a changed, cut-short or
wrong-key backup is refused before anything is installed. Its members, in order:
    database/sqlite3 or database/postgresql.dump  a consistent copy (SQLite's online backup API; pg_dump -Fc)
    evidence/<storage name>                        the evidence store as stored (ciphertext where files are encrypted)
    media/<name>                                   letters and other uploads (the default storage)
    var/<name>                                     the rest of var/ that is data: not keys, caches or the database
    manifest.json                                  format, when, migrations, row counts, every member's size and
                                                   SHA-256, and every evidence row's storage name and plaintext SHA-256
The key is HKDF(a data key of the installation, "socialsafe backup v1"): no second secret to lose, yet never the
key the files themselves are encrypted with, and never inside the backup (docs/data-protection/backup-and-restore.md).
"""

import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.timezone import now

from socialsafe.audit.services import audit_record
from socialsafe.evidence.models import EvidenceItem
from socialsafe.evidence.storage import evidence_storage
from socialsafe.lib.crypto import (
    KEYS_ENV,
    DecryptingReader,
    DecryptionError,
    EncryptingWriter,
    HashingWriter,
    KeyRing,
    keys_path,
)

FORMAT = 1
BACKUP_INFO = b"socialsafe backup v1"
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database/sqlite3", "postgresql": "database/postgresql.dump"}
SECTIONS = ("evidence", "media", "var")
BLOCK = 1024 * 1024
# Never copied from var/: the keys (kept apart from the backups, or a backup would carry its own key), caches, the
# database (copied consistently on its own), backups themselves, and work folders.
VAR_SKIP = {"data_keys", "static", "tmp", "backups"}


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


def backup_ring(ring: KeyRing) -> KeyRing:
    """The backup keys: each data key put through HKDF with its own label, under the same id."""
    derive = lambda key: HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=BACKUP_INFO).derive(key)  # noqa: E731
    return KeyRing(keys={kid: derive(key) for kid, key in ring.keys.items()}, current=ring.current)


def _keyring_present() -> KeyRing:
    """The installation's key ring, without making up a new one (a new key could open no backup)."""
    from socialsafe.lib import crypto

    if not os.environ.get(KEYS_ENV) and not keys_path(Path(settings.VAR_DIR)).exists():
        raise BackupError(
            f"This installation has no data keys. Copy the key file kept apart from the backups to "
            f"{keys_path(Path(settings.VAR_DIR))} (mode 0600), or set {KEYS_ENV}, then run this again."
        )
    return crypto.keyring()


class _HashingReader:
    def __init__(self, source: BinaryIO):
        self._source, self.digest = source, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self._source.read(n)
        self.digest.update(data)
        return data


def _roots() -> dict[str, Path]:
    storage = evidence_storage()
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            "The evidence store is not on this server's disk (EVIDENCE_STORAGE_BACKEND): back the bucket up with "
            "its own tools; this command copies only files on disk."
        )
    return {"evidence": Path(storage.location), "media": Path(settings.MEDIA_ROOT), "var": Path(settings.VAR_DIR)}


def _skipped_paths(roots: dict[str, Path]) -> set[Path]:
    var = roots["var"]
    skip = {var / name for name in VAR_SKIP} | {roots["evidence"], roots["media"], Path(settings.STATIC_ROOT)}
    if connection.vendor == "sqlite":
        db = Path(connection.settings_dict["NAME"])
        skip |= {db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    return {p.resolve() for p in skip}


def _walk(section: str, root: Path, skip: set[Path]):
    """(name in the backup, path) of every plain file under root, in a stable order, leaving out `skip`."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        # .incoming holds uploads still arriving; .restore-* a restore's work folder.
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith((".incoming", ".restore-")) and (here / d).resolve() not in skip
        )
        for name in sorted(filenames):
            path = here / name
            if section == "var" and name.endswith((".backup", ".partial")):
                continue  # a backup written into var/ (or being written now) is never inside the next one
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            yield f"{section}/{path.relative_to(root).as_posix()}", path


def _stored_files() -> list[tuple[str, Path]]:
    roots = _roots()
    skip = _skipped_paths(roots)
    found = []
    for section in SECTIONS:
        others = skip if section == "var" else skip - {roots[section].resolve()}
        found += list(_walk(section, roots[section], others))
    return found


def _add(tar: tarfile.TarFile, arcname: str, path: Path) -> dict:
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        info = tarfile.TarInfo(arcname)
        info.size, info.mode, info.mtime = size, 0o600, int(path.stat().st_mtime)
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return {"name": arcname, "size": size, "sha256": reader.digest.hexdigest()}


def _snapshot_facts(cursor, tables: list[str]) -> dict:
    """Row counts, applied migrations and evidence rows, read from the database copy (or its snapshot)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (table names the database listed)
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    table = EvidenceItem._meta.db_table
    cursor.execute(f'SELECT storage_name, sha256 FROM "{table}" ORDER BY id')  # noqa: S608 (the model's table)
    evidence = [{"storage_name": name, "sha256": digest} for name, digest in cursor.fetchall()]
    return {"tables": counts, "migrations": migrations, "evidence": evidence}


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} is not on PATH: install the PostgreSQL client of the server's version.")
    return path


def _database_copy(work: Path) -> tuple[str, Path, dict]:
    """A consistent copy of the database in `work`: (member name, path, facts read from that same state)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = work / "db.sqlite3"
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)  # the online backup API: one consistent state, the server may run on
            cursor = copy.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            facts = _snapshot_facts(cursor, [row[0] for row in cursor.fetchall()])
        finally:
            copy.close()
        return DB_MEMBERS["sqlite"], path, facts
    if connection.vendor == "postgresql":
        pg_dump = _need("pg_dump")
        path = work / "db.dump"
        args, env = _pg_args(connection.settings_dict)
        # pg_dump reads the snapshot this transaction exports, so the counts and evidence list are of the same state.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = [pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(path)]
            done = subprocess.run(  # noqa: S603 (pg_dump from PATH, our own arguments)
                [*command, *args, connection.settings_dict["NAME"]], env=env, capture_output=True, text=True
            )
            if done.returncode:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
            facts = _snapshot_facts(cursor, connection.introspection.table_names(cursor))
        return DB_MEMBERS["postgresql"], path, facts
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


@dataclass
class BackupSummary:
    path: Path
    size: int
    sha256: str
    engine: str
    tables: int
    rows: int
    files: dict[str, int]
    file_bytes: int
    evidence_rows: int
    evidence_missing: list[str]
    key_made: bool = False


def _work_dir() -> Path:
    work = Path(settings.VAR_DIR) / "tmp" / f"backup-{secrets.token_hex(6)}"
    work.mkdir(parents=True, mode=0o700)
    return work


def backup_make(*, output: Path) -> BackupSummary:
    """Write an encrypted backup of the database and every stored file to `output` (complete, or not at all)."""
    from socialsafe.lib import crypto

    # The first use of the keys makes them (as the first encrypted upload would): say so, they must be kept apart.
    key_made = not os.environ.get(KEYS_ENV) and not keys_path(Path(settings.VAR_DIR)).exists()
    ring = backup_ring(crypto.keyring())
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    work = _work_dir()  # the database copy is plaintext: it stays in var/, beside the database itself
    try:
        member, db_path, facts = _database_copy(work)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw:
            hashed = HashingWriter(raw)
            writer = EncryptingWriter(hashed, ring=ring)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                members = [_add(tar, member, db_path)]
                db_path.unlink()
                members += [_add(tar, name, path) for name, path in _stored_files()]
                stored = {m["name"] for m in members}
                missing = [
                    e["storage_name"] for e in facts["evidence"] if f"evidence/{e['storage_name']}" not in stored
                ]
                manifest = {
                    "format": FORMAT,
                    "created_at": now().isoformat(),
                    "engine": connection.vendor,
                    "members": members,
                    "evidence_missing": missing,
                    **facts,
                }
                data = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(now().timestamp())
                tar.addfile(info, io.BytesIO(data))
            writer.finish()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = {s: sum(1 for m in members[1:] if m["name"].startswith(f"{s}/")) for s in SECTIONS}
    summary = BackupSummary(
        path=output,
        size=hashed.size,
        sha256=hashed.digest.hexdigest(),
        engine=connection.vendor,
        tables=len(facts["tables"]),
        rows=sum(facts["tables"].values()),
        files=counts,
        file_bytes=sum(m["size"] for m in members[1:]),
        evidence_rows=len(facts["evidence"]),
        evidence_missing=missing,
        key_made=key_made,
    )
    with transaction.atomic():
        data = {"file": output.name, "size": summary.size, "sha256": summary.sha256, "evidence": len(facts["evidence"])}
        audit_record(actor=None, verb="backup.made", data=data)
    return summary


# Restore


@dataclass
class RestoreSummary:
    engine: str
    created_at: str
    rows: int
    files: int
    evidence_checked: int
    evidence_verified: int
    problems: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    chains_intact: bool = True
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.evidence_verified == self.evidence_checked and self.chains_intact


def _refuse_unless_empty(roots: dict[str, Path]) -> None:
    from django.contrib.auth import get_user_model

    from socialsafe.schools.models import School

    tables = connection.introspection.table_names()
    schools = School.objects.count() if School._meta.db_table in tables else 0
    User = get_user_model()
    users = User.objects.count() if User._meta.db_table in tables else 0
    if schools or users:
        raise BackupError(
            f"This installation is not empty: it holds {schools} school(s) and {users} sign-in(s). A backup is "
            "restored only into a new, empty installation (another database and var folder), so nothing is mixed "
            "or overwritten."
        )
    for section in ("evidence", "media"):
        if any(_walk(section, roots[section], set())):
            raise BackupError(f"The {section} folder {roots[section]} already holds files: restore needs it empty.")


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] not in (*SECTIONS, "database"):
        raise BackupError(f"The backup holds an unexpected entry {name!r}: it was not made by this command.")
    return path


def _unpack(source: Path, ring: KeyRing, staging: Path) -> dict:
    """Decrypt and unpack the whole backup into `staging`, checking every byte against the manifest."""
    staged: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with source.open("rb") as f:
            reader = io.BufferedReader(DecryptingReader(f, ring=ring), BLOCK)
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    if manifest is not None or not member.isfile():
                        raise BackupError(f"The backup holds an unexpected entry {member.name!r}.")
                    content = tar.extractfile(member)
                    if member.name == MANIFEST:
                        manifest = json.loads(content.read())
                        continue
                    dest = staging.joinpath(*_safe_name(member.name).parts)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha256()
                    with os.fdopen(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                        while block := content.read(BLOCK):
                            digest.update(block)
                            out.write(block)
                    staged[member.name] = (member.size, digest.hexdigest())
            # The tar ends before the encrypted stream does: read on to its last chunk, which proves nothing is cut.
            while reader.read(BLOCK):
                pass
    except DecryptionError as e:
        raise BackupError(
            f"The backup could not be decrypted ({e}) It was changed or damaged, or this installation's data keys "
            "are not those of the installation that made it."
        ) from None
    except (tarfile.TarError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BackupError(f"The backup is damaged or not a SocialSafe backup ({e}).") from None
    if manifest is None or manifest.get("format") != FORMAT:
        raise BackupError("The backup has no manifest of a format this version reads: it is cut short or too new.")
    listed = {m["name"]: (m["size"], m["sha256"]) for m in manifest["members"]}
    if listed != staged:
        wrong = sorted(set(listed.items()) ^ set(staged.items()))
        raise BackupError(f"The backup's files do not match its manifest (first: {wrong[0][0]}).")
    return manifest


def _check_compatible(manifest: dict) -> None:
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This is a backup of a {manifest['engine']} installation; this one uses {connection.vendor}. Restore it "
            f"into a {manifest['engine']} database (DATABASE_URL)."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    if unknown := sorted(set(manifest["migrations"]) - known):
        raise BackupError(
            f"The backup was made by a newer SocialSafe (migration {unknown[0]}): upgrade this one first."
        )


def _install_files(staging: Path, roots: dict[str, Path], installed: list[Path], replaced: list[tuple[Path, Path]]):
    for section in SECTIONS:
        base = staging / section
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            dest = roots[section] / path.relative_to(base)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():  # var/secret_key, made up when this installation first started
                kept = staging / "replaced" / f"{len(replaced)}"
                kept.parent.mkdir(exist_ok=True)
                shutil.move(dest, kept)
                replaced.append((dest, kept))
            shutil.move(path, dest)
            installed.append(dest)


def _install_database(staging: Path, manifest: dict) -> None:
    if manifest["engine"] == "sqlite":
        copy = sqlite3.connect(staging / "database" / "sqlite3")
        try:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The database in the backup fails SQLite's integrity check.")
            connection.ensure_connection()
            copy.backup(connection.connection)  # one step: the target gets the whole copy or none of it
        finally:
            copy.close()
        connection.close()
        return
    pg_restore = _need("pg_restore")
    args, env = _pg_args(connection.settings_dict)
    command = [pg_restore, "--single-transaction", "--exit-on-error", "--clean", "--if-exists", "--no-owner"]
    command += ["--no-privileges", *args, "-d", connection.settings_dict["NAME"]]
    command.append(str(staging / "database" / "postgresql.dump"))
    connection.close()
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 (pg_restore, our arguments)
    if done.returncode:
        raise BackupError(f"pg_restore failed, so nothing of the database was restored: {done.stderr.strip()[:500]}")


def backup_restore(*, source: Path) -> RestoreSummary:
    """Restore a backup into this empty installation and verify it; on any failure leave the installation empty."""
    from django.core.management import call_command

    from socialsafe.audit.chain import chain_verify
    from socialsafe.audit.management.commands.verify_audit import chained_models
    from socialsafe.evidence.services import evidence_verify

    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    roots = _roots()
    _refuse_unless_empty(roots)
    ring = backup_ring(_keyring_present())
    staging = Path(settings.VAR_DIR) / f".restore-{secrets.token_hex(6)}"
    staging.mkdir(parents=True, mode=0o700)
    installed: list[Path] = []
    replaced: list[tuple[Path, Path]] = []
    try:
        manifest = _unpack(source, ring, staging)
        _check_compatible(manifest)
        try:
            _install_files(staging, roots, installed, replaced)
            _install_database(staging, manifest)
        except BaseException:
            for path in installed:
                path.unlink(missing_ok=True)
            for dest, kept in replaced:
                shutil.move(kept, dest)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version: bring it up to date
    report = evidence_verify()
    summary = RestoreSummary(
        engine=manifest["engine"],
        created_at=manifest["created_at"],
        rows=sum(manifest["tables"].values()),
        files=len(manifest["members"]) - 1,
        evidence_checked=report.checked,
        evidence_verified=report.checked - len(report.missing) - len(report.altered),
        problems=[f"MISSING {i.storage_name}" for i in report.missing]
        + [f"ALTERED {i.storage_name}" for i in report.altered],
    )
    for model in chained_models():
        chain = chain_verify(model)
        state = "chain intact" if chain.intact else f"CHAIN BROKEN ({chain.problem_count} problem(s))"
        summary.chains.append(f"{chain.label}: {chain.rows:,} rows, {state}")
        summary.chains_intact &= chain.intact
    if os.environ.get("SECRET_KEY") and "var/secret_key" in {m["name"] for m in manifest["members"]}:
        summary.warnings.append(
            "SECRET_KEY is set in the environment: recovery codes made before the backup work only with the "
            "old installation's SECRET_KEY (restored to var/secret_key)."
        )
    with transaction.atomic():
        audit_record(
            actor=None,
            verb="backup.restored",
            data={"file": source.name, "made": manifest["created_at"], "evidence_verified": summary.evidence_verified},
        )
    return summary
