"""Django storage that keeps files encrypted on disk (lib.crypto) and hands plaintext in and out.

`storage.open(name)` gives a readable, seekable file of the plaintext; `storage.save(name, content)` takes plaintext.
A file written before encryption was turned on (no SSENC1 header) is read as it is, until `rotate_data_key`
encrypts it.
"""

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import FileSystemStorage

from socialsafe.lib.crypto import (
    CHUNK_SIZE,
    MAGIC,
    DecryptingReader,
    DecryptionError,
    EncryptingWriter,
    is_encrypted,
    key_id_of,
    keyring,
)

TEMP_PREFIX = ".reencrypt-"


class PlainFile(File):
    """A stored file's plaintext, read and seekable, whether it is stored encrypted or (from before) in the clear."""

    def __init__(self, raw: BinaryIO, name: str | None = None, *, reopen: Callable[[], BinaryIO] | None = None):
        self._reopen = reopen
        head = raw.read(len(MAGIC))
        raw.seek(0)
        self.encrypted = is_encrypted(head)
        self.key_id: str | None = None
        self._reader: DecryptingReader | None = None
        if self.encrypted:
            try:
                self._reader = DecryptingReader(raw)
            except BaseException:
                raw.close()
                raise
            self.key_id = self._reader.key_id
            super().__init__(io.BufferedReader(self._reader, CHUNK_SIZE), name)
        else:
            super().__init__(raw, name)

    def open(self, mode: str | None = None) -> "PlainFile":
        """Rewind, or open again once closed (File.open would reopen the ciphertext by its name)."""
        if mode not in (None, "r", "rb"):
            raise ValueError("Encrypted files are written through save(), never opened for writing.")
        if not self.closed:
            self.seek(0)
        elif self._reopen is not None:
            self.__dict__.pop("size", None)
            self.__init__(self._reopen(), self.name, reopen=self._reopen)
        else:
            raise ValueError("The file cannot be reopened.")
        return self

    @cached_property
    def size(self) -> int:
        if self._reader is not None:
            return self._reader.size()
        return super().size


def open_plain(path: Path) -> PlainFile:
    """The plaintext of a file on this disk (encrypted or not)."""
    return PlainFile(open(path, "rb"), name=str(path), reopen=lambda: open(path, "rb"))


class _Sink(io.RawIOBase):
    """Collects what an EncryptingWriter writes, to hand it on chunk by chunk."""

    def __init__(self):
        super().__init__()
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> Iterator[bytes]:
        parts, self.parts = self.parts, []
        yield from parts


class EncryptedContent(File):
    """Plaintext content whose chunks() are its ciphertext: what a storage writes instead of the plaintext."""

    def __init__(self, content: File):
        super().__init__(None, getattr(content, "name", None))
        self._content = content

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        sink = _Sink()
        writer = EncryptingWriter(sink)
        for chunk in self._content.chunks():
            writer.write(chunk.encode() if isinstance(chunk, str) else chunk)
            yield from sink.take()
        writer.finish()
        yield from sink.take()

    def __bool__(self) -> bool:
        return True


class EncryptedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose files are encrypted on disk; open() and save() deal in plaintext."""

    def _open(self, name: str, mode: str = "rb") -> PlainFile:
        if mode not in ("r", "rb"):
            raise ValueError("Encrypted files are written through save(), never opened for writing.")
        path = self.path(name)
        return PlainFile(open(path, "rb"), name=name, reopen=lambda: open(path, "rb"))

    def _save(self, name: str, content) -> str:
        return super()._save(name, EncryptedContent(content))

    def size(self, name: str) -> int:
        """The plaintext's size."""
        with self.open(name) as f:
            return f.size

    def reencrypt(self, name: str) -> bool:
        """Re-encrypt one file with the current key, crash-safe; False if it already is."""
        return reencrypt_path(Path(self.path(name)))

    def key_id(self, name: str) -> str | None:
        """The id of the key the file is encrypted with, from its header (whether or not the ring holds that key);
        None for a file still in the clear."""
        with open(self.path(name), "rb") as f:
            return header_key_id(f)


def header_key_id(f: BinaryIO) -> str | None:
    """The key id in an encrypted file's header; None if the file is not encrypted."""
    try:
        return key_id_of(f)
    except DecryptionError:
        return None


def write_encrypted(source: BinaryIO, out: BinaryIO) -> str:
    """Encrypt `source` into `out` with the current key, fsync it, and return the plaintext's SHA-256."""
    digest = hashlib.sha256()
    writer = EncryptingWriter(out)
    try:
        for block in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(block)
            writer.write(block)
        writer.finish()
    except BaseException:
        writer.abandon()  # else, collected later, it would try to finish into a closed file
        raise
    out.flush()
    os.fsync(out.fileno())
    return digest.hexdigest()


def reencrypt_path(path: Path, *, temp_dir: Path | None = None) -> bool:
    """Rewrite a file (encrypted under any key in the ring, or plaintext) under the current key; False if it already is.

    The new ciphertext goes to a temporary file beside it (or in `temp_dir`, on the same file system), is fsynced and
    read back and checked against the old plaintext, and only then replaces the file atomically: a crash at any point
    leaves either the old file or the new one, each readable with a key in the ring.
    """
    current = keyring().current
    with open_plain(path) as old:
        if old.key_id == current:
            return False
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=temp_dir or path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                before = write_encrypted(old, out)
            with open_plain(Path(tmp)) as new:
                after = hashlib.sha256()
                for block in iter(lambda: new.read(1024 * 1024), b""):
                    after.update(block)
            if after.hexdigest() != before:  # pragma: no cover (a failing disk)
                raise OSError(f"The re-encrypted copy of {path.name} does not read back the same.")
            os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    fsync_dir(path.parent)
    return True


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
