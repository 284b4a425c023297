"""manage.py rotate_data_key: a new key, every file re-encrypted and proved, crash-safe, legacy files encrypted."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socialsafe.audit.models import AuditEvent
from socialsafe.encryption import services
from socialsafe.encryption.tests.conftest import MARKER
from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.evidence.storage import evidence_storage
from socialsafe.letters.models import Letter
from socialsafe.lib import crypto

pytestmark = pytest.mark.django_db


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_data_key", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def files_on_disk() -> dict[Path, str]:
    """Every stored file's path and the SHA-256 its plaintext must have."""
    storage = evidence_storage()
    files = {Path(storage.path(i.storage_name)): i.sha256 for i in EvidenceItem.objects.all()}
    files |= {Path(storage.path(b.storage_name)): b.sha256 for b in Bundle.objects.all()}
    for letter in Letter.objects.all():
        files[Path(letter.pdf.path)] = letter.pdf_sha256
        files[Path(letter.docx.path)] = letter.docx_sha256
    return files


def key_ids() -> list[str | None]:
    out = []
    for path in files_on_disk():
        with path.open("rb") as f:
            out.append(crypto.key_id_of(f) if crypto.is_encrypted(path.read_bytes()[:6]) else None)
    return out


def plaintext_hash(path: Path) -> str:
    with path.open("rb") as f:
        if not crypto.is_encrypted(f.read(6)):
            return hashlib.sha256(path.read_bytes()).hexdigest()
    return hashlib.sha256(crypto.decrypt_bytes(path.read_bytes())).hexdigest()


def test_it_adds_a_key_reencrypts_everything_and_proves_it(client, principal, stored, keys):
    old = crypto.keyring().current
    assert len(files_on_disk()) == 5 and set(key_ids()) == {old}
    before = {path: path.read_bytes() for path in files_on_disk()}
    out = rotate()
    new = crypto.keyring().current
    assert new != old and set(crypto.keyring().keys) == {old, new}
    assert f"Re-encrypted 5 file(s) with key {new}; 0 already were." in out
    assert "Checked 2 file(s): 0 missing, 0 altered." in out  # verify_evidence's own words
    assert "Checked 2 letter file(s): 0 missing or altered." in out
    assert f"  {new} (current): 5" in out and f"  {old}:" not in out
    assert f"No file needs {old} any more" in out
    assert set(key_ids()) == {new}
    for path, sha in files_on_disk().items():
        assert path.read_bytes() != before[path] and plaintext_hash(path) == sha and MARKER not in path.read_bytes()
    assert (keys / "data_keys").stat().st_mode & 0o777 == 0o600
    verbs = list(AuditEvent.objects.filter(verb__startswith="data_key.").order_by("id").values_list("verb", "data"))
    assert verbs == [
        ("data_key.added", {"key": new}),
        ("data_key.reencrypted", {"key": new, "reencrypted": 5, "already": 0, "missing": 0, "failed": 0}),
    ]
    # And what people get is unchanged.
    item = EvidenceItem.objects.get(original_name="chat.txt")
    assert hashlib.sha256(b"".join(client.get(f"/evidence/{item.pk}/file/").streaming_content)).hexdigest() == (
        item.sha256
    )


def test_running_it_again_with_reencrypt_only_changes_nothing(stored):
    rotate()
    again = rotate("--reencrypt-only")
    assert "Re-encrypted 0 file(s)" in again and "5 already were." in again


def test_a_crash_mid_rotation_leaves_every_file_readable_and_a_rerun_finishes(stored, keys, monkeypatch):
    old = crypto.keyring().current
    real, calls = services._reencrypt_one, []

    def crash_after_two(f):
        if len(calls) == 2:
            raise KeyboardInterrupt  # the machine going down mid-way, as far as this process can tell
        calls.append(f)
        return real(f)

    monkeypatch.setattr(services, "_reencrypt_one", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        rotate()
    new = crypto.keyring().current
    assert sorted(key_ids(), key=str) == sorted([new, new, old, old, old], key=str)
    for path, sha in files_on_disk().items():  # every file readable, with one key or the other
        assert plaintext_hash(path) == sha
    assert "0 missing, 0 altered" in _verify()
    assert not list((keys.parent / "evidence" / ".incoming").iterdir())  # no half-written copy left
    monkeypatch.setattr(services, "_reencrypt_one", real)
    out = rotate("--reencrypt-only")
    assert "Re-encrypted 3 file(s)" in out and "2 already were." in out and set(key_ids()) == {new}


def test_a_crash_while_writing_a_copy_leaves_the_original(stored, monkeypatch):
    item = EvidenceItem.objects.get(original_name="chat.txt")
    path = Path(evidence_storage().path(item.storage_name))
    before = path.read_bytes()
    monkeypatch.setattr("socialsafe.lib.crypto_storage.os.replace", _boom)
    with pytest.raises(OSError, match="disk gone"):
        rotate()
    assert path.read_bytes() == before and plaintext_hash(path) == item.sha256


def _boom(*args):
    raise OSError("disk gone")


def test_legacy_plaintext_files_are_read_then_encrypted_by_rotation(client, principal, stored):
    # As an installation upgraded from before encryption has them: the same files, in the clear.
    for path in files_on_disk():
        path.write_bytes(crypto.decrypt_bytes(path.read_bytes()))
    assert key_ids() == [None] * 5
    assert "0 missing, 0 altered" in _verify()
    client.force_login(principal.user)
    letter = Letter.objects.get()
    pdf = b"".join(client.get(f"/letters/{letter.pk}/download.pdf").streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256
    counts = services.files_by_key()
    assert counts == {"plaintext": 5}
    out = rotate("--reencrypt-only")
    assert "Re-encrypted 5 file(s)" in out and "Checked 2 file(s): 0 missing, 0 altered." in out
    assert set(key_ids()) == {crypto.keyring().current}
    for path, sha in files_on_disk().items():
        assert MARKER not in path.read_bytes() and plaintext_hash(path) == sha


def test_an_altered_file_is_reported_not_rewritten_and_the_command_fails(stored):
    item = EvidenceItem.objects.get(original_name="chat.txt")
    path = Path(evidence_storage().path(item.storage_name))
    damaged = bytearray(path.read_bytes())
    damaged[-5] ^= 0x01
    path.write_bytes(bytes(damaged))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("rotate_data_key", stdout=io.StringIO(), stderr=err)
    assert "NOT RE-ENCRYPTED  evidence" in err.getvalue() and "changed or is damaged" in err.getvalue()
    assert f"ALTERED  {item.incident.reference}  chat.txt" in err.getvalue()
    assert path.read_bytes() == bytes(damaged)  # kept as found, for whoever investigates


def test_retiring_a_key_is_refused_while_a_file_uses_it(stored, keys):
    old = crypto.keyring().current
    with pytest.raises(CommandError, match="is the current key"):
        rotate("--retire", old)
    crypto.add_key(keys)  # a new key, but nothing re-encrypted yet
    with pytest.raises(CommandError, match=f"5 file\\(s\\) are still encrypted with key '{old}'"):
        rotate("--retire", old)
    assert old in crypto.keyring().keys
    rotate("--reencrypt-only")
    assert f"Key {old} retired" in rotate("--retire", old)
    assert old not in crypto.keyring().keys and (keys / "data_keys").stat().st_mode & 0o777 == 0o600
    assert AuditEvent.objects.filter(verb="data_key.retired", data={"key": old}).exists()
    assert "0 missing, 0 altered" in _verify()
    with pytest.raises(CommandError, match="There is no key"):
        rotate("--retire", "nosuchkey")


def test_with_keys_in_the_environment_it_asks_for_the_new_key_there(stored, monkeypatch):
    first = crypto.new_key_line("first")
    # Moving the keys into the environment: the installation's key goes first, so its files stay readable.
    monkeypatch.setenv(crypto.KEYS_ENV, f"{_file_key_line()},{first}")
    rotate("--reencrypt-only")
    assert set(key_ids()) == {"first"}
    with pytest.raises(CommandError, match="Add a new key at the end of it") as error:
        rotate()
    assert "--reencrypt-only" in str(error.value)
    monkeypatch.setenv(crypto.KEYS_ENV, f"{first},{crypto.new_key_line('second')}")
    out = rotate("--reencrypt-only")
    assert "Re-encrypted 5 file(s) with key second" in out and set(key_ids()) == {"second"}
    with pytest.raises(CommandError, match="remove the key there"):
        rotate("--retire", "first")


def _file_key_line() -> str:
    from django.conf import settings

    return (Path(settings.VAR_DIR) / "data_keys").read_text().strip()


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    return out.getvalue()
