"""Encryption at rest: AES-256-GCM in fixed-size chunks, so files of any size stream in and out in little memory.

A file is
    header: MAGIC (6 bytes) | key id length (1 byte) | key id (ASCII) | salt (16 bytes) | chunk size (4 bytes, BE)
    chunks: AES-256-GCM(chunk of plaintext) with its 16-byte tag, every chunk `chunk size` bytes of plaintext but
            the last, which is shorter (possibly empty: a file whose length is a multiple of the chunk size ends in
            a chunk of only a tag).
Each file gets its own key, HKDF-SHA256(master key, salt), so the 96-bit nonce can simply count chunks from 0
without ever repeating under one key. The header and a "last chunk" flag are the associated data of every chunk:
a chunk moved, dropped, swapped from another file or a file cut short fails to decrypt, and so does a changed
header. Nothing decrypted is released before its chunk's tag is checked.

The master keys (32 random bytes each, named by a short id) live outside the database: the SOCIALSAFE_DATA_KEYS
environment variable ("id:base64,id:base64", the last one encrypts) or var/data_keys, one "id:base64" a line,
written with mode 0600 on first run like the secret key. Older keys stay to decrypt files not yet re-encrypted;
`manage.py rotate_data_key` adds a key and re-encrypts.
"""

import base64
import contextlib
import hashlib
import io
import os
import secrets
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SSENC1"
CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
SALT_SIZE = 16
KEY_SIZE = 32
KEYS_ENV = "SOCIALSAFE_DATA_KEYS"
KEYS_FILE = "data_keys"


class DecryptionError(Exception):
    """The bytes are not a file this installation encrypted, were changed, or need a key it does not have."""


@dataclass(frozen=True)
class KeyRing:
    """The master keys by id; `current` is the one new files are encrypted with."""

    keys: dict[str, bytes]
    current: str

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            message = f"This file was encrypted with key {key_id!r}, which is not in the key ring."
            raise DecryptionError(message) from None


def _parse(lines: list[str], where: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    last = ""
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key_id, sep, encoded = line.partition(":")
        try:
            key = base64.urlsafe_b64decode(encoded.encode())
        except ValueError:
            key = b""
        if not sep or not key_id.isalnum() or len(key_id) > 32 or len(key) != KEY_SIZE:
            raise ValueError(f"{where}: each key is 'id:base64 of 32 bytes' with a short letters-and-digits id.")
        keys[key_id] = key
        last = key_id
    if not keys:
        raise ValueError(f"{where} holds no key.")
    return KeyRing(keys=keys, current=last)


def new_key_line(key_id: str | None = None) -> str:
    key_id = key_id or secrets.token_hex(4)
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(KEY_SIZE)).decode()}"


def keys_path(var_dir: Path) -> Path:
    return var_dir / KEYS_FILE


def load_keyring(var_dir: Path) -> KeyRing:
    """The key ring from the environment, else from var/data_keys, generated there on first use."""
    if value := os.environ.get(KEYS_ENV):
        return _parse(value.split(","), KEYS_ENV)
    path = keys_path(var_dir)
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # Written in full under a temporary name, then linked into place: two processes starting at once must
        # not each write a different key, nor may one read the file while the other is still writing it.
        fd, tmp = tempfile.mkstemp(prefix=".data_keys-", dir=var_dir)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(new_key_line() + "\n")
                f.flush()
                os.fsync(f.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return _parse(path.read_text().splitlines(), str(path))


def add_key(var_dir: Path) -> str:
    """Append a new current key to var/data_keys; return its id. Refused when the keys come from the environment."""
    if os.environ.get(KEYS_ENV):
        raise ValueError(f"The keys come from {KEYS_ENV}: add a key there (the last one encrypts).")
    path = keys_path(var_dir)
    load_keyring(var_dir)  # creates the file if needed, and checks it
    line = new_key_line()
    with path.open("a") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.chmod(path, 0o600)
    return line.partition(":")[0]


def remove_key(var_dir: Path, key_id: str) -> None:
    """Take an old key out of var/data_keys (rewritten whole, fsynced, swapped in atomically). The caller checks that
    no file still needs it; the current key is never removed."""
    if os.environ.get(KEYS_ENV):
        raise ValueError(f"The keys come from {KEYS_ENV}: remove the key there.")
    path = keys_path(var_dir)
    ring = load_keyring(var_dir)
    if key_id not in ring.keys:
        raise ValueError(f"There is no key {key_id!r} in {path}.")
    if key_id == ring.current:
        raise ValueError(f"{key_id!r} is the current key, which encrypts new files: it cannot be retired.")
    kept = [line for line in path.read_text().splitlines() if line.strip().partition(":")[0] != key_id]
    fd, tmp = tempfile.mkstemp(prefix=".data_keys-", dir=var_dir)
    try:
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(kept) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def keyring() -> KeyRing:
    """This installation's key ring (settings.VAR_DIR), read once per process and again when var/data_keys changes.

    Re-reading on a change matters: `rotate_data_key` adds a key while the server runs, and a worker that kept the
    old ring would go on encrypting with the old key and could not read the files already re-encrypted.
    """
    global _ring, _ring_stamp
    from django.conf import settings

    var_dir = Path(settings.VAR_DIR)
    stamp = (os.environ.get(KEYS_ENV), str(var_dir), _stat(keys_path(var_dir)))
    if _ring is None or stamp != _ring_stamp:
        _ring = load_keyring(var_dir)
        _ring_stamp = (os.environ.get(KEYS_ENV), str(var_dir), _stat(keys_path(var_dir)))
    return _ring


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


_ring: KeyRing | None = None
_ring_stamp: tuple | None = None


def reset_keyring() -> None:
    """Forget the cached key ring (after a rotation, or in tests that change the keys)."""
    global _ring, _ring_stamp
    _ring, _ring_stamp = None, None


def _file_key(master: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"socialsafe file v1")
    return AESGCM(hkdf.derive(master))


def _nonce(index: int) -> bytes:
    return struct.pack(">4xQ", index)


def _aad(header: bytes, last: bool) -> bytes:
    return header + (b"\x01" if last else b"\x00")


def _header(key_id: str, salt: bytes, chunk_size: int) -> bytes:
    kid = key_id.encode("ascii")
    return MAGIC + bytes([len(kid)]) + kid + salt + struct.pack(">I", chunk_size)


def is_encrypted(head: bytes) -> bool:
    """Whether bytes read from the start of a file are the start of an encrypted file."""
    return head[: len(MAGIC)] == MAGIC


def key_id_of(f: BinaryIO) -> str:
    """The id of the key a file was encrypted with (reads its header from the current position)."""
    return _read_header(f)[1]


def _read_header(f: BinaryIO) -> tuple[bytes, str, bytes, int]:
    start = f.read(len(MAGIC) + 1)
    if len(start) < len(MAGIC) + 1 or not is_encrypted(start):
        raise DecryptionError("This is not an encrypted SocialSafe file.")
    kid = f.read(start[-1])
    rest = f.read(SALT_SIZE + 4)
    if len(kid) != start[-1] or len(rest) != SALT_SIZE + 4:
        raise DecryptionError("The encrypted file's header is cut short.")
    salt, (chunk_size,) = rest[:SALT_SIZE], struct.unpack(">I", rest[SALT_SIZE:])
    if not 0 < chunk_size <= 16 * 1024 * 1024:
        raise DecryptionError("The encrypted file's header is damaged.")
    return start + kid + rest, kid.decode("ascii", "replace"), salt, chunk_size


class EncryptingWriter(io.RawIOBase):
    """Write plaintext, get ciphertext written to `out`; close() (or finish()) writes the last chunk.

    Holds at most one chunk of plaintext. Closing does not close `out`.
    """

    def __init__(self, out: BinaryIO, *, ring: KeyRing | None = None, chunk_size: int = CHUNK_SIZE):
        super().__init__()
        ring = ring or keyring()
        salt = secrets.token_bytes(SALT_SIZE)
        self._out = out
        self._header = _header(ring.current, salt, chunk_size)
        self._aead = _file_key(ring.key(ring.current), salt)
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._index = 0
        self._finished = False
        self.plaintext_size = 0
        out.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._finished:
            raise ValueError("The encrypted file is already finished.")
        self._buffer += data
        self.plaintext_size += len(data)
        while len(self._buffer) > self._chunk_size:  # keep a full chunk back: it may turn out to be the last
            self._emit(bytes(self._buffer[: self._chunk_size]), last=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        self._out.write(self._aead.encrypt(_nonce(self._index), chunk, _aad(self._header, last)))
        self._index += 1

    def finish(self) -> None:
        if self._finished:
            return
        if len(self._buffer) == self._chunk_size:
            self._emit(bytes(self._buffer), last=False)
            self._buffer.clear()
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._finished = True

    def abandon(self) -> None:
        """Close without writing the last chunk (the output is being thrown away, e.g. the disk is full)."""
        self._finished = True
        self._buffer.clear()
        super().close()

    def close(self) -> None:
        if not self.closed:
            self.finish()
        super().close()


class DecryptingReader(io.RawIOBase):
    """Read the plaintext of an encrypted file object, one chunk in memory at a time; seekable if `source` is.

    Every chunk's tag is checked before any of its bytes are returned: a changed or cut-short file raises
    DecryptionError. Closing it closes `source`.
    """

    def __init__(self, source: BinaryIO, *, ring: KeyRing | None = None):
        super().__init__()
        ring = ring or keyring()
        self._source = source
        self._header, self.key_id, salt, self._chunk_size = _read_header(source)
        self._aead = _file_key(ring.key(self.key_id), salt)
        self._index = 0  # the next chunk to decrypt
        self._ahead = b""  # ciphertext read from source but not decrypted yet
        self._plain = b""  # the current chunk's plaintext, returned up to _offset
        self._offset = 0
        self._pos = 0  # plaintext position
        self._eof = False
        self._size: int | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        seekable = getattr(self._source, "seekable", None)
        return bool(seekable and seekable())

    def _next_chunk(self) -> bytes:
        step = self._chunk_size + TAG_SIZE
        while len(self._ahead) <= step:  # one byte past the chunk tells whether it is the last
            more = self._source.read(step + 1 - len(self._ahead))
            if not more:
                break
            self._ahead += more
        if len(self._ahead) == step or len(self._ahead) < TAG_SIZE:
            # A writer always ends with a short chunk: a full one with nothing after it means bytes are missing.
            raise DecryptionError("The encrypted file is cut short.")
        last = len(self._ahead) < step
        data, self._ahead = self._ahead[:step], self._ahead[step:]
        try:
            plain = self._aead.decrypt(_nonce(self._index), data, _aad(self._header, last))
        except InvalidTag:
            raise DecryptionError("The encrypted file was changed or is damaged.") from None
        self._index += 1
        self._eof = last
        return plain

    def readinto(self, buffer) -> int:
        """Fill the buffer across chunks (short only at the end), so callers that expect read(n) to give n work."""
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view):
            if not self._plain:
                if self._eof:
                    break
                self._plain, self._offset = self._next_chunk(), 0
                continue
            n = min(len(view) - filled, len(self._plain) - self._offset)
            view[filled : filled + n] = self._plain[self._offset : self._offset + n]
            self._offset += n
            if self._offset == len(self._plain):  # an offset, not slicing: small reads must not copy the chunk
                self._plain, self._offset = b"", 0
            filled += n
        self._pos += filled
        return filled

    def tell(self) -> int:
        return self._pos

    def size(self) -> int:
        """The plaintext's length, from the ciphertext's (needs a seekable source)."""
        if self._size is None:
            if not self.seekable():
                raise io.UnsupportedOperation("The encrypted file's source cannot seek.")
            here = self._source.tell()
            total = self._source.seek(0, io.SEEK_END) - len(self._header)
            self._source.seek(here)
            chunks = -(-total // (self._chunk_size + TAG_SIZE))
            self._size = max(0, total - chunks * TAG_SIZE)
        return self._size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence == io.SEEK_END:
            offset += self.size()
        offset = max(0, min(offset, self.size()))
        index, within = divmod(offset, self._chunk_size)
        self._source.seek(len(self._header) + index * (self._chunk_size + TAG_SIZE))
        self._index, self._ahead, self._eof = index, b"", False
        self._plain, self._offset = self._next_chunk(), within
        if self._offset == len(self._plain):
            self._plain, self._offset = b"", 0
        self._pos = offset
        return offset

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


class HashingWriter(io.RawIOBase):
    """Pass writes on to `out`, hashing and counting them on the way (the SHA-256 and size of what went through),
    so nothing has to be read back: before an EncryptingWriter it hashes the plaintext, after it the ciphertext."""

    def __init__(self, out: BinaryIO):
        super().__init__()
        self.out, self.digest, self.size = out, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.out.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        if not getattr(self.out, "closed", False):  # also called when this object is collected, maybe after `out`
            self.out.flush()


def encrypt_stream(source: BinaryIO, out: BinaryIO, *, ring: KeyRing | None = None) -> int:
    """Encrypt everything `source` gives into `out`; return the plaintext's length."""
    writer = EncryptingWriter(out, ring=ring)
    for block in iter(lambda: source.read(1024 * 1024), b""):
        writer.write(block)
    writer.finish()
    return writer.plaintext_size


def decrypt_stream(source: BinaryIO, out: BinaryIO, *, ring: KeyRing | None = None) -> int:
    """Decrypt an encrypted file object into `out`; return the plaintext's length."""
    reader = DecryptingReader(source, ring=ring)
    n = 0
    for block in iter(lambda: reader.read(1024 * 1024), b""):
        out.write(block)
        n += len(block)
    return n


def encrypt_bytes(data: bytes, *, ring: KeyRing | None = None) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, ring=ring)
    return out.getvalue()


def decrypt_bytes(data: bytes, *, ring: KeyRing | None = None) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(data), out, ring=ring)
    return out.getvalue()
