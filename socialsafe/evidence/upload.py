"""Receive uploads straight into the vault's incoming folder, encrypting and hashing as the bytes arrive.

Django's default handlers keep small files in memory and never fsync; this one streams every file to disk,
encrypted chunk by chunk (lib.crypto: the plaintext never touches the disk), computes the plaintext's SHA-256 and
size on the way, stops a file that grows past the limit, and turns a full disk into a clear message instead of a
half-written file.
"""

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from socialsafe.evidence.storage import TEMP_PREFIX, incoming_dir
from socialsafe.lib.crypto import EncryptingWriter

HEAD_BYTES = 64 * 1024


class VaultUpload(UploadedFile):
    """A received file: already on disk in the incoming folder, encrypted and fsynced, with its plaintext's hash."""

    def __init__(self, *, path: Path, name: str, size: int, sha256: str, head: bytes):
        super().__init__(file=None, name=name, size=size)
        self.path, self.sha256, self.head = path, sha256, head

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class VaultUploadHandler(FileUploadHandler):
    chunk_size = 1024 * 1024

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.problems: list[tuple[str, str]] = []  # (file name, message) for files that were not received
        self._out = None
        self._writer = None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self._hash, self._size, self._head = hashlib.sha256(), 0, b""
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=incoming_dir())
        self._path, self._out = Path(tmp), os.fdopen(fd, "wb")
        self._writer = EncryptingWriter(self._out)

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self._size += len(raw_data)
        if self._size > self.max_bytes:
            limit = self.max_bytes // (1024 * 1024)
            self._fail(f"{self.file_name} is larger than the {limit} MB limit. Nothing was stored.")
        if len(self._head) < HEAD_BYTES:
            self._head += raw_data[: HEAD_BYTES - len(self._head)]
        self._hash.update(raw_data)
        try:
            self._writer.write(raw_data)
        except OSError as exc:
            self._fail(_disk_message(exc, self.file_name))
        return None

    def file_complete(self, file_size: int) -> VaultUpload | None:
        try:
            self._writer.finish()
            self._writer = None
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
        except OSError as exc:
            self._fail(_disk_message(exc, self.file_name))
        self._out = None
        return VaultUpload(
            path=self._path, name=self.file_name, size=self._size, sha256=self._hash.hexdigest(), head=self._head
        )

    def upload_interrupted(self) -> None:
        self._discard()

    def _fail(self, message: str):
        self.problems.append((self.file_name, message))
        self._discard()
        raise SkipFile(message)

    def _discard(self) -> None:
        if self._writer is not None:
            self._writer.abandon()  # its last chunk is never written: the file is thrown away
            self._writer = None
        if self._out is not None:
            with contextlib.suppress(OSError):  # the disk is full: closing may fail too, the file is deleted below
                self._out.close()
            self._out = None
        self._path.unlink(missing_ok=True)


def _disk_message(exc: OSError, name: str) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{name} could not be stored: the school's evidence storage is full. Nothing was stored; tell "
            "whoever looks after SocialSafe, then try again."
        )
    return f"{name} could not be stored ({exc.strerror}). Nothing was stored; try again."
