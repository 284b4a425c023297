"""Evidence, bundles and letters are encrypted on disk; they read back as uploaded and only with the key."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from socialsafe.encryption.tests.conftest import MARKER, upload
from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.evidence.services import Metadata, evidence_add_bytes
from socialsafe.evidence.storage import evidence_storage, incoming_dir, sha256_of
from socialsafe.evidence.upload import VaultUploadHandler
from socialsafe.lib import crypto
from socialsafe.lib.crypto import DecryptingReader, DecryptionError

pytestmark = pytest.mark.django_db


def raw(path) -> bytes:
    return Path(path).read_bytes()


def test_evidence_on_disk_is_unreadable_without_the_key(client, principal, case, chat, tmp_path):
    client.force_login(principal.user)
    assert upload(client, case, "chat.txt", chat).status_code == 302
    item = EvidenceItem.objects.get()
    on_disk = raw(evidence_storage().path(item.storage_name))
    assert crypto.is_encrypted(on_disk) and MARKER not in on_disk and b"Mum of twins" not in on_disk
    assert item.sha256 == hashlib.sha256(chat).hexdigest() == sha256_of(item.storage_name)  # the plaintext's hash
    # Another installation's keys (its own var/data_keys) cannot read it.
    other = crypto.load_keyring(tmp_path / "elsewhere")
    with pytest.raises(DecryptionError, match="which is not in the key ring"):
        DecryptingReader(io.BytesIO(on_disk), ring=other)
    # With the key it is the upload, byte for byte, in the download.
    r = client.get(f"/evidence/{item.pk}/file/")
    assert b"".join(r.streaming_content) == chat and int(r["Content-Length"]) == len(chat)


def test_the_same_key_id_with_another_key_is_refused_clearly(client, principal, case, chat, keys):
    client.force_login(principal.user)
    upload(client, case, "chat.txt", chat)
    item = EvidenceItem.objects.get()
    current = crypto.keyring().current
    impostor = crypto.KeyRing(keys={current: b"\x00" * 32}, current=current)
    with pytest.raises(DecryptionError, match="changed or is damaged"):
        crypto.decrypt_bytes(raw(evidence_storage().path(item.storage_name)), ring=impostor)


def test_a_bundle_is_encrypted_on_disk_and_holds_the_originals(stored, chat):
    bundle = Bundle.objects.get()
    on_disk = raw(evidence_storage().path(bundle.storage_name))
    assert crypto.is_encrypted(on_disk) and b"manifest.json" not in on_disk and MARKER not in on_disk
    assert sha256_of(bundle.storage_name) == bundle.sha256
    with evidence_storage().open(bundle.storage_name) as f:
        assert f.size == bundle.size
        with zipfile.ZipFile(f) as zf:
            originals = {n: zf.read(n) for n in zf.namelist() if n.startswith("originals/")}
            assert zf.testzip() is None
    assert sorted(hashlib.sha256(d).hexdigest() for d in originals.values()) == sorted(
        EvidenceItem.objects.values_list("sha256", flat=True)
    )
    assert chat in originals.values()


def test_the_bundle_download_is_the_zip_whose_hash_the_case_records(client, stored):
    bundle = Bundle.objects.get()
    body = b"".join(client.get(f"/evidence/bundles/{bundle.pk}/").streaming_content)
    assert hashlib.sha256(body).hexdigest() == bundle.sha256
    assert zipfile.ZipFile(io.BytesIO(body)).read("manifest.json").startswith(b"{")


def test_letters_are_encrypted_on_disk_and_download_as_issued(client, principal, stored):
    letter = stored["letter"]
    for field, expected in ((letter.pdf, letter.pdf_sha256), (letter.docx, letter.docx_sha256)):
        on_disk = raw(field.path)
        assert crypto.is_encrypted(on_disk) and b"%PDF" not in on_disk and b"word/document.xml" not in on_disk
        assert hashlib.sha256(field.read()).hexdigest() == expected
        field.close()
    client.force_login(principal.user)
    pdf = b"".join(client.get(f"/letters/{letter.pk}/download.pdf").streaming_content)
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256
    docx = b"".join(client.get(f"/letters/{letter.pk}/download.docx").streaming_content)
    assert hashlib.sha256(docx).hexdigest() == letter.docx_sha256


def test_a_letter_file_reopens_as_plaintext(stored):
    letter = stored["letter"]
    with letter.pdf.open("rb") as f:
        first = f.read()
    with letter.pdf.open("rb") as f:  # reopening a closed file must decrypt again, not hand over the ciphertext
        assert f.read() == first and first.startswith(b"%PDF-")


def test_a_changed_byte_on_disk_is_found_by_verify_evidence(client, principal, case, chat):
    client.force_login(principal.user)
    upload(client, case, "chat.txt", chat)
    item = EvidenceItem.objects.get()
    path = Path(evidence_storage().path(item.storage_name))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, in the middle of the ciphertext
    path.write_bytes(bytes(data))
    assert sha256_of(item.storage_name) == ""  # matches no hash
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_evidence", stdout=io.StringIO(), stderr=err)
    assert f"ALTERED  {case.reference}  chat.txt" in err.getvalue()


def test_verify_evidence_says_when_a_files_key_is_missing(client, principal, case, chat, keys, monkeypatch):
    client.force_login(principal.user)
    upload(client, case, "chat.txt", chat)
    old = crypto.keyring().current
    monkeypatch.setenv(crypto.KEYS_ENV, crypto.new_key_line("other"))  # restored without its key file
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_evidence", stdout=io.StringIO(), stderr=err)
    assert f"NO KEY  {case.reference}  chat.txt  (key {old} is not in the key ring)" in err.getvalue()
    assert "1 without their key" in err.getvalue()


def test_another_storage_backend_is_wrapped_and_holds_only_ciphertext(
    client, principal, case, chat, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bucket")},
        },
    }
    client.force_login(principal.user)
    assert upload(client, case, "chat.txt", chat).status_code == 302
    item = EvidenceItem.objects.get()
    on_disk = raw(tmp_path / "bucket" / item.storage_name)
    assert crypto.is_encrypted(on_disk) and MARKER not in on_disk
    assert evidence_storage().open(item.storage_name).read() == chat
    assert evidence_storage() is evidence_storage()  # callers compare it by identity
    r = client.post(f"/evidence/case/{case.pk}/bundle/", {"recipient": "PSNI", "signed_off_by": "Ruth Patterson"})
    assert r.status_code == 302
    bundle = Bundle.objects.get()
    assert crypto.is_encrypted(raw(tmp_path / "bucket" / bundle.storage_name))
    assert sha256_of(bundle.storage_name) == bundle.sha256
    assert "0 missing, 0 altered" in _verify()


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    return out.getvalue()


def test_the_upload_is_ciphertext_on_disk_while_it_arrives(rf, chat):
    handler = VaultUploadHandler(rf.post("/"), max_bytes=len(chat) * 2)
    handler.new_file("files", "chat.txt", "text/plain", len(chat))
    half = len(chat) // 2
    handler.receive_data_chunk(chat[:half], 0)
    [partial] = incoming_dir().iterdir()  # mid-upload: what has reached the disk so far
    assert crypto.is_encrypted(partial.read_bytes()) and MARKER not in partial.read_bytes()
    handler.receive_data_chunk(chat[half:], half)
    received = handler.file_complete(len(chat))
    assert received.sha256 == hashlib.sha256(chat).hexdigest() and received.head == chat[: len(received.head)]
    assert crypto.decrypt_bytes(received.path.read_bytes()) == chat
    received.discard()


def test_files_added_from_memory_are_encrypted_too(case, principal, chat):
    item = evidence_add_bytes(incident=case, by=principal.user, name="import.txt", data=chat, meta=_meta())
    on_disk = raw(evidence_storage().path(item.storage_name))
    assert crypto.is_encrypted(on_disk) and MARKER not in on_disk
    assert evidence_storage().open(item.storage_name).read() == chat


def test_a_running_process_picks_up_a_key_added_by_rotation(keys):
    before = crypto.keyring()
    added = crypto.add_key(keys)  # another process (manage.py rotate_data_key) adds a key; no reset here
    assert crypto.keyring().current == added and before.current in crypto.keyring().keys


def _meta() -> Metadata:
    from django.utils.timezone import now

    return Metadata(
        posted_at=None,
        captured_at=now(),
        captured_by="Ruth Patterson",
        platform="whatsapp",
        url="",
        author_shown="",
        grounds="Imported",
    )
