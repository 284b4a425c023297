"""Write-once, content-addressed, encrypted storage for evidence files.

A file is named by the SHA-256 of its plaintext and stored encrypted (lib.crypto: AES-256-GCM, the key outside the
database). It is written to a temporary name on the same file system, encrypted as it is written, fsynced, renamed
into place (atomic) and the directory fsynced, all before the database row that points at it is committed. So a
crash at any moment leaves either no file, a complete file nobody points at yet (removed by sweep_evidence), or a
complete file and its row — never a row pointing at a missing or truncated file.

Everybody else deals in plaintext: `evidence_storage().open(name)` is a seekable file of the plaintext, `.save()`
takes plaintext, `sha256_of(name)` hashes the plaintext. Files stored before encryption (no SSENC1 header) are read
as they are until `manage.py rotate_data_key` encrypts them. Another Django storage set in STORAGES["evidence"]
(S3 through django-storages, say) is wrapped so that it, too, only ever holds ciphertext.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from socialsafe.lib.crypto import MAGIC, DecryptionError, EncryptingWriter, is_encrypted
from socialsafe.lib.crypto_storage import (
    EncryptedFileSystemStorage,
    PlainFile,
    fsync_dir,
    header_key_id,
    open_plain,
    reencrypt_path,
    write_encrypted,
)

TEMP_PREFIX = "incoming-"


class EvidenceFileStorage(EncryptedFileSystemStorage):
    """Local encrypted files that are never overwritten: the same name always means the same plaintext."""

    def _save(self, name: str, content) -> str:
        if self.exists(name):
            return name
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
        try:
            with os.fdopen(fd, "wb") as out:
                writer = EncryptingWriter(out)
                for chunk in content.chunks():
                    writer.write(chunk)
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
            _publish(Path(tmp), path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return name

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name  # content-addressed: never rename to avoid a clash, the clash is the same file

    def reencrypt(self, name: str) -> bool:
        # The new copy is written in the incoming folder, where sweep_evidence clears what a crash leaves.
        return reencrypt_path(Path(self.path(name)), temp_dir=incoming_dir())


class EncryptedStorage(Storage):
    """Any other Django storage, holding only ciphertext: plaintext in through save(), out through open()."""

    def __init__(self, inner: Storage):
        self.inner = inner

    def _open(self, name: str, mode: str = "rb") -> PlainFile:
        return PlainFile(self.inner.open(name, "rb"), name=name, reopen=lambda: self.inner.open(name, "rb"))

    def _save(self, name: str, content) -> str:
        if self.inner.exists(name):
            return name
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
        try:
            with os.fdopen(fd, "wb") as out:
                writer = EncryptingWriter(out)
                for chunk in content.chunks():
                    writer.write(chunk)
                writer.finish()
            self.save_ciphertext(name, Path(tmp))
        finally:
            Path(tmp).unlink(missing_ok=True)
        return name

    def save_ciphertext(self, name: str, path: Path) -> None:
        """Store an already encrypted local file as it is."""
        with path.open("rb") as f:
            self.inner.save(name, File(f, name=name))

    def reencrypt(self, name: str) -> bool:
        """Re-encrypt one file under the current key. The backend must overwrite in one step (S3 does)."""
        with self.open(name) as old:
            if old.key_id == _current_key_id():
                return False
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
            try:
                with os.fdopen(fd, "wb") as out:
                    write_encrypted(old, out)
                with open(tmp, "rb") as f:
                    self.inner._save(name, File(f, name=name))  # an overwrite, never a delete-then-save
            finally:
                Path(tmp).unlink(missing_ok=True)
        return True

    def key_id(self, name: str) -> str | None:
        with self.inner.open(name, "rb") as f:
            return header_key_id(f)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def listdir(self, path: str):
        return self.inner.listdir(path)

    def size(self, name: str) -> int:
        with self.open(name) as f:
            return f.size

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Evidence is never served from a storage URL: it is decrypted by SocialSafe.")

    def __getattr__(self, attr: str):
        if attr == "inner":  # not set yet (copying, unpickling): never recurse
            raise AttributeError(attr)
        return getattr(self.inner, attr)


def _current_key_id() -> str:
    from socialsafe.lib.crypto import keyring

    return keyring().current


def evidence_storage() -> Storage:
    """The evidence store (the same object on every call, as long as the settings do not change)."""
    storage = storages["evidence"]
    if isinstance(storage, EncryptedFileSystemStorage):
        return storage
    inner, wrapper = _wrapped.get(id(storage), (None, None))
    if inner is not storage:
        wrapper = EncryptedStorage(storage)
        _wrapped.clear()
        _wrapped[id(storage)] = (storage, wrapper)
    return wrapper


_wrapped: dict[int, tuple[Storage, EncryptedStorage]] = {}


def incoming_dir() -> Path:
    """Where uploads are written while they arrive: on the evidence file system, so the final rename is atomic."""
    storage = storages["evidence"]
    base = Path(storage.location) if isinstance(storage, FileSystemStorage) else Path(settings.VAR_DIR) / "tmp"
    path = base / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def storage_name_for(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _publish(tmp: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)
    fsync_dir(final.parent)


def _encrypted(tmp_path: Path) -> Path:
    """The temporary file itself if it is already encrypted (every upload is); else an encrypted copy beside it."""
    with tmp_path.open("rb") as f:
        if is_encrypted(f.read(len(MAGIC))):
            return tmp_path
        f.seek(0)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
        try:
            with os.fdopen(fd, "wb") as out:
                write_encrypted(f, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    tmp_path.unlink(missing_ok=True)
    return Path(tmp)


def store_durably(*, tmp_path: Path, sha256: str) -> str:
    """Move a complete, fsynced file into the store under its plaintext's hash; return its storage name.

    The file is normally already encrypted (the upload handler encrypts as the bytes arrive); a plaintext one is
    encrypted first, so callers from elsewhere (imports, restores) may hand over either.
    """
    name = storage_name_for(sha256)
    storage = evidence_storage()
    try:
        if isinstance(storage, FileSystemStorage):
            final = Path(storage.path(name))
            if final.exists():
                tmp_path.unlink(missing_ok=True)  # the same bytes are already stored
            else:
                _publish(_encrypted(tmp_path), final)
            return name
        if not storage.exists(name):
            tmp_path = _encrypted(tmp_path)
            storage.save_ciphertext(name, tmp_path)
    finally:
        tmp_path.unlink(missing_ok=True)
    return name


def plaintext_sha256(name: str) -> str | None:
    """Hash a stored file's plaintext by streaming it; None if it is missing; DecryptionError if it cannot be read."""
    storage = evidence_storage()
    if not storage.exists(name):
        return None
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of(name: str) -> str | None:
    """Hash a stored file's plaintext; None if it is missing, "" (matching no hash) if it cannot be decrypted."""
    try:
        return plaintext_sha256(name)
    except DecryptionError:
        return ""


def open_received(path: Path) -> PlainFile:
    """The plaintext of a file in the incoming folder (uploads there are encrypted as they arrive)."""
    return open_plain(path)
