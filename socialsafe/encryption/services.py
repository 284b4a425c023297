"""Encryption at rest across the apps that keep files: re-encrypt under the current key, count files by key, retire.

Every evidence file and bundle (evidence storage), every issued letter's PDF and Word file (letters storage), every
subject access export (var/exports) and the sealed transfer codes kept for a send within the installation. It sits
above the apps whose files it rotates (last of INSTALLED_APPS) and none imports it.
"""

import contextlib
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction

from socialsafe.audit.services import audit_record
from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.evidence.storage import evidence_storage
from socialsafe.letters.models import Letter
from socialsafe.letters.storage import letter_storage
from socialsafe.lib import crypto
from socialsafe.lib.crypto import DecryptionError
from socialsafe.lib.crypto_storage import TEMP_PREFIX, EncryptedFileSystemStorage
from socialsafe.subjectaccess.export import exports_dir
from socialsafe.subjectaccess.models import SubjectAccessExport
from socialsafe.transfers.models import PupilTransfer

PLAINTEXT = "plaintext"


@dataclass(frozen=True)
class StoredFile:
    kind: str  # "evidence", "bundle", "letter", "subject access export" or "transfer code"
    storage: Storage
    name: str


def stored_files() -> Iterator[StoredFile]:
    """Every file SocialSafe keeps encrypted, each once."""
    evidence = evidence_storage()
    for name in sorted(set(EvidenceItem.objects.values_list("storage_name", flat=True))):
        yield StoredFile("evidence", evidence, name)
    for name in sorted(set(Bundle.objects.values_list("storage_name", flat=True))):
        yield StoredFile("bundle", evidence, name)
    letters = letter_storage()
    for pdf, docx in Letter.objects.order_by("id").values_list("pdf", "docx"):
        for name in (pdf, docx):
            if name:
                yield StoredFile("letter", letters, name)
    exports = EncryptedFileSystemStorage(location=exports_dir())
    for name in (
        SubjectAccessExport.objects.filter(deleted_at__isnull=True).order_by("id").values_list("file_name", flat=True)
    ):
        yield StoredFile("subject access export", exports, name)
    codes = _SealedCodes()
    for pk in PupilTransfer.objects.exclude(sealed_code=b"").order_by("id").values_list("pk", flat=True):
        yield StoredFile("transfer code", codes, str(pk))


class _SealedCodes:
    """The transfer codes sealed with the data key in the database, seen as files named by the transfer's id."""

    def exists(self, name: str) -> bool:
        return PupilTransfer.objects.filter(pk=int(name)).exclude(sealed_code=b"").exists()

    def _sealed(self, name: str) -> bytes:
        return bytes(PupilTransfer.objects.values_list("sealed_code", flat=True).get(pk=int(name)))

    def key_id(self, name: str) -> str | None:
        import io

        sealed = self._sealed(name)
        return crypto.key_id_of(io.BytesIO(sealed)) if crypto.is_encrypted(sealed) else None

    def reencrypt(self, name: str) -> bool:
        if self.key_id(name) == crypto.keyring().current:
            return False
        plain = crypto.decrypt_bytes(self._sealed(name))
        with transaction.atomic():
            PupilTransfer.objects.filter(pk=int(name)).update(sealed_code=crypto.encrypt_bytes(plain))
        return True


@dataclass
class Reencrypted:
    key: str
    done: int = 0
    already: int = 0
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _reencrypt_one(f: StoredFile) -> bool:
    return f.storage.reencrypt(f.name)


def files_reencrypt() -> Reencrypted:
    """Re-encrypt every stored file (and encrypt any still in the clear) with the current key; audited.

    One file at a time, each replaced atomically only once its new copy reads back the same: stopped at any point,
    every file is readable with one of the keys in the ring, and running it again carries on.
    """
    _clear_leftovers()
    result = Reencrypted(key=crypto.keyring().current)
    for f in stored_files():
        if not f.storage.exists(f.name):
            result.missing.append(f"{f.kind} {f.name}")
            continue
        try:
            changed = _reencrypt_one(f)
        except DecryptionError as exc:  # changed on disk, or its key is gone: left as it is, and reported
            result.failed.append(f"{f.kind} {f.name}: {exc}")
            continue
        if changed:
            result.done += 1
        else:
            result.already += 1
    with transaction.atomic():
        audit_record(
            actor=None,
            verb="data_key.reencrypted",
            data={
                "key": result.key,
                "reencrypted": result.done,
                "already": result.already,
                "missing": len(result.missing),
                "failed": len(result.failed),
            },
        )
    return result


def _clear_leftovers() -> None:
    """Remove half-written copies a stopped rotation left beside the letters (evidence's go to its incoming folder,
    which sweep_evidence clears)."""
    root = Path(letter_storage().location) / "letters"
    if root.is_dir():
        for path in root.rglob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def files_by_key() -> Counter:
    """How many stored files are under each key id ("plaintext" for those not yet encrypted)."""
    counts: Counter = Counter()
    for f in stored_files():
        if f.storage.exists(f.name):
            counts[f.storage.key_id(f.name) or PLAINTEXT] += 1
    return counts


@dataclass
class LettersChecked:
    checked: int = 0
    bad: list[str] = field(default_factory=list)


def letters_verify() -> LettersChecked:
    """Decrypt every issued letter's files and compare them with the hashes taken when it was issued."""
    result = LettersChecked()
    storage = letter_storage()
    for letter in Letter.objects.order_by("id").only("pdf", "pdf_sha256", "docx", "docx_sha256"):
        for name, expected in ((letter.pdf.name, letter.pdf_sha256), (letter.docx.name, letter.docx_sha256)):
            if not name:
                continue
            result.checked += 1
            try:
                digest = hashlib.sha256()
                with storage.open(name) as f:
                    for chunk in iter(lambda f=f: f.read(1024 * 1024), b""):
                        digest.update(chunk)
            except FileNotFoundError:
                result.bad.append(f"MISSING  letter {letter.pk}  {name}")
                continue
            except DecryptionError as exc:
                result.bad.append(f"ALTERED  letter {letter.pk}  {name}  ({exc})")
                continue
            if digest.hexdigest() != expected:
                result.bad.append(f"ALTERED  letter {letter.pk}  {name}")
    return result


def data_key_add() -> str:
    """Add a new current key to var/data_keys; audited (its id only)."""
    key_id = crypto.add_key(Path(settings.VAR_DIR))
    crypto.reset_keyring()
    with transaction.atomic():
        audit_record(actor=None, verb="data_key.added", data={"key": key_id})
    return key_id


def data_key_retire(*, key_id: str) -> None:
    """Remove an old key from var/data_keys; refused while any stored file still needs it."""
    if key_id == crypto.keyring().current:
        raise ValueError(f"{key_id!r} is the current key, which encrypts new files: it cannot be retired.")
    still = files_by_key().get(key_id, 0)
    if still:
        raise ValueError(
            f"{still} file(s) are still encrypted with key {key_id!r}: run manage.py rotate_data_key "
            "--reencrypt-only first."
        )
    crypto.remove_key(Path(settings.VAR_DIR), key_id)
    crypto.reset_keyring()
    with transaction.atomic():
        audit_record(actor=None, verb="data_key.retired", data={"key": key_id})
