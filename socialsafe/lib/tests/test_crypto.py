"""The chunked AES-256-GCM format: round trips, tampering, truncation, keys and seeking."""

import io
import os
import stat

import pytest

from socialsafe.lib import crypto
from socialsafe.lib.crypto import (
    CHUNK_SIZE,
    TAG_SIZE,
    DecryptingReader,
    DecryptionError,
    EncryptingWriter,
    decrypt_bytes,
    encrypt_bytes,
    load_keyring,
)


@pytest.fixture
def ring(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEYS_ENV, raising=False)
    return load_keyring(tmp_path)


@pytest.mark.parametrize("size", [0, 1, 100, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 200_001])
def test_round_trip_at_every_chunk_boundary(ring, size):
    data = os.urandom(size)
    sealed = encrypt_bytes(data, ring=ring)
    assert crypto.is_encrypted(sealed)
    if size >= 16:  # a shorter run of random bytes can turn up in any ciphertext by chance
        assert data[:64] not in sealed
    assert decrypt_bytes(sealed, ring=ring) == data


def test_two_encryptions_of_the_same_bytes_differ(ring):
    data = b"the same screenshot" * 100
    assert encrypt_bytes(data, ring=ring) != encrypt_bytes(data, ring=ring)


def test_a_changed_byte_anywhere_is_refused(ring):
    sealed = bytearray(encrypt_bytes(os.urandom(2 * CHUNK_SIZE + 10), ring=ring))
    for position in (3, 10, 40, len(sealed) // 2, len(sealed) - 1):
        damaged = bytearray(sealed)
        damaged[position] ^= 0x01
        with pytest.raises(DecryptionError):
            decrypt_bytes(bytes(damaged), ring=ring)


@pytest.mark.parametrize("size", [10, CHUNK_SIZE, 2 * CHUNK_SIZE + 5])
def test_a_file_cut_short_is_refused_even_at_a_chunk_boundary(ring, size):
    sealed = encrypt_bytes(os.urandom(size), ring=ring)
    header = len(sealed) - size - TAG_SIZE * (size // CHUNK_SIZE + 1)
    for cut in {len(sealed) - 1, header + CHUNK_SIZE + TAG_SIZE, header + 5}:
        if cut < len(sealed):
            with pytest.raises(DecryptionError):
                decrypt_bytes(sealed[:cut], ring=ring)


def test_chunks_cannot_be_swapped_between_files(ring):
    a = encrypt_bytes(b"a" * (2 * CHUNK_SIZE + 1), ring=ring)
    b = encrypt_bytes(b"b" * (2 * CHUNK_SIZE + 1), ring=ring)
    header = len(a) - (2 * CHUNK_SIZE + 1) - 3 * TAG_SIZE
    mixed = a[: header + CHUNK_SIZE + TAG_SIZE] + b[header + CHUNK_SIZE + TAG_SIZE :]
    with pytest.raises(DecryptionError):
        decrypt_bytes(mixed, ring=ring)


def test_plaintext_is_not_a_file_this_installation_encrypted(ring):
    with pytest.raises(DecryptionError, match="not an encrypted"):
        decrypt_bytes(b"\x89PNG\r\n\x1a\n plain image", ring=ring)


def test_the_key_file_is_generated_once_with_owner_only_permissions(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEYS_ENV, raising=False)
    first = load_keyring(tmp_path)
    again = load_keyring(tmp_path)
    assert first == again
    assert len(first.key(first.current)) == 32
    assert stat.S_IMODE((tmp_path / crypto.KEYS_FILE).stat().st_mode) == 0o600


def test_a_rotated_ring_still_reads_files_of_the_old_key(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEYS_ENV, raising=False)
    old = load_keyring(tmp_path)
    sealed = encrypt_bytes(b"letter", ring=old)
    new_id = crypto.add_key(tmp_path)
    new = load_keyring(tmp_path)
    assert new.current == new_id != old.current
    assert decrypt_bytes(sealed, ring=new) == b"letter"
    assert crypto.key_id_of(io.BytesIO(encrypt_bytes(b"x", ring=new))) == new_id


def test_a_file_whose_key_is_lost_names_the_missing_key(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEYS_ENV, raising=False)
    sealed = encrypt_bytes(b"x", ring=load_keyring(tmp_path / "a"))
    with pytest.raises(DecryptionError, match="not in the key ring"):
        decrypt_bytes(sealed, ring=load_keyring(tmp_path / "b"))


def test_keys_from_the_environment_come_before_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv(crypto.KEYS_ENV, f"{crypto.new_key_line('old')},{crypto.new_key_line('new')}")
    ring = load_keyring(tmp_path)
    assert ring.current == "new" and set(ring.keys) == {"old", "new"}
    assert not (tmp_path / crypto.KEYS_FILE).exists()
    with pytest.raises(ValueError, match="add a key there"):
        crypto.add_key(tmp_path)


@pytest.mark.parametrize("value", ["nocolon", "k:short", "bad id:" + "A" * 44, ""])
def test_a_malformed_key_is_refused_with_a_message(tmp_path, monkeypatch, value):
    monkeypatch.setenv(crypto.KEYS_ENV, value or ",")
    with pytest.raises(ValueError, match="key"):
        load_keyring(tmp_path)


def test_the_writer_holds_one_chunk_and_the_reader_streams(ring):
    out = io.BytesIO()
    writer = EncryptingWriter(out, ring=ring)
    for _ in range(50):
        writer.write(os.urandom(10_000))
        assert len(writer._buffer) <= CHUNK_SIZE
    writer.close()
    assert writer.plaintext_size == 500_000
    out.seek(0)
    reader = DecryptingReader(out, ring=ring)
    assert reader.size() == 500_000
    assert sum(len(block) for block in iter(lambda: reader.read(7_777), b"")) == 500_000


def test_seek_and_read_anywhere(ring):
    data = os.urandom(3 * CHUNK_SIZE + 123)
    reader = DecryptingReader(io.BytesIO(encrypt_bytes(data, ring=ring)), ring=ring)
    for offset in (0, 5, CHUNK_SIZE - 1, CHUNK_SIZE, 2 * CHUNK_SIZE + 7, len(data) - 3, len(data)):
        reader.seek(offset)
        assert reader.tell() == offset
        assert reader.read(100) == data[offset : offset + 100]
    reader.seek(-10, io.SEEK_END)
    assert reader.read() == data[-10:]


class _Pipe(io.RawIOBase):
    """A source that cannot seek and returns short reads, like a socket."""

    def __init__(self, data: bytes):
        self._data = data

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), 1000, len(self._data))
        buffer[:n], self._data = self._data[:n], self._data[n:]
        return n


def test_a_source_that_cannot_seek_streams_too(ring):
    data = os.urandom(2 * CHUNK_SIZE)
    reader = DecryptingReader(_Pipe(encrypt_bytes(data, ring=ring)), ring=ring)
    assert not reader.seekable()
    assert reader.read() == data
