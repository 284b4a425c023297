"""Write-once, content-addressed storage for evidence files.

A file is written to a temporary name on the same file system, fsynced, renamed into place (atomic) and the
directory fsynced, all before the database row that points at it is committed. So a crash at any moment leaves
either no file, a complete file nobody points at yet (removed by sweep_evidence), or a complete file and its row —
never a row pointing at a missing or truncated file.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

TEMP_PREFIX = "incoming-"


class EvidenceFileStorage(FileSystemStorage):
    """Local files that are never overwritten: the same name always means the same bytes."""

    def _save(self, name: str, content) -> str:
        if self.exists(name):
            return name
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            _publish(Path(tmp), path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return name

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name  # content-addressed: never rename to avoid a clash, the clash is the same file


def evidence_storage() -> Storage:
    return storages["evidence"]


def incoming_dir() -> Path:
    """Where uploads are written while they arrive: on the evidence file system, so the final rename is atomic."""
    storage = evidence_storage()
    base = Path(storage.location) if isinstance(storage, FileSystemStorage) else Path(settings.VAR_DIR) / "tmp"
    path = base / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def storage_name_for(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(tmp: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)
    _fsync_dir(final.parent)


def store_durably(*, tmp_path: Path, sha256: str) -> str:
    """Move a complete, fsynced upload into the store under its hash; return its storage name."""
    name = storage_name_for(sha256)
    storage = evidence_storage()
    if isinstance(storage, FileSystemStorage):
        final = Path(storage.path(name))
        if final.exists():
            tmp_path.unlink(missing_ok=True)  # the same bytes are already stored
        else:
            _publish(tmp_path, final)
        return name
    try:
        if not storage.exists(name):
            with tmp_path.open("rb") as f:
                storage.save(name, File(f))
    finally:
        tmp_path.unlink(missing_ok=True)
    return name


def sha256_of(name: str) -> str | None:
    """Hash a stored file by streaming it; None if it is missing."""
    storage = evidence_storage()
    if not storage.exists(name):
        return None
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
