"""The .sstransfer file: an encrypted ZIP of a leaver's records, signed by the sending installation.

Outer file (a plain ZIP, stored): `wrapper.json` = {format, package_id, manifest_sha256, ciphertext_sha256,
signature, public_key} and `package.enc`, the inner ZIP encrypted with lib.crypto under a one-off key (the
transfer code). The Ed25519 signature covers the package id and both hashes, so a changed byte in the ciphertext
or a manifest swapped and re-signed with another key is caught, and the receiver can read the key's fingerprint
to the sender by phone. Inner ZIP: manifest.json (every file's path, size and SHA-256), records.json, summary.pdf,
the evidence files and the letter PDFs. Nothing here touches the database.
"""

import base64
import hashlib
import json
import os
import secrets
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from socialsafe.lib import crypto

FORMAT = "socialsafe-transfer/1"
RECEIPT_FORMAT = "socialsafe-transfer-receipt/1"
SIGNING_KEY_FILE = "transfer_signing_key"
BLOCK = 1024 * 1024


class PackageError(Exception):
    """The package or receipt cannot be trusted; the message says what failed, for the person importing it."""


# --- the installation's signing key ---


def load_signing_key(var_dir: Path) -> Ed25519PrivateKey:
    """This installation's Ed25519 key, generated under var/ with mode 0600 on first use (like the data keys)."""
    path = var_dir / SIGNING_KEY_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two processes starting at once must not each write a different key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
                f.flush()
                os.fsync(f.fileno())
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key.")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def fingerprint(public_key: str) -> str:
    """What the two schools read to each other by phone: the first 80 bits of the key's SHA-256, in groups."""
    digest = hashlib.sha256(base64.b64decode(public_key)).hexdigest().upper()[:20]
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def _signed_text(fields: dict, names: Iterable[str]) -> bytes:
    return "\n".join(f"{name}={fields[name]}" for name in names).encode()


def sign(key: Ed25519PrivateKey, fields: dict, names: tuple[str, ...]) -> str:
    return base64.b64encode(key.sign(_signed_text(fields, names))).decode()


def verify(fields: dict, names: tuple[str, ...]) -> None:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(fields["public_key"]))
        public.verify(base64.b64decode(fields["signature"]), _signed_text(fields, names))
    except (InvalidSignature, KeyError, ValueError, TypeError):
        raise PackageError("The signature does not match: the file was changed after it was made.") from None


WRAPPER_SIGNED = ("format", "package_id", "manifest_sha256", "ciphertext_sha256")
RECEIPT_SIGNED = ("format", "package_id", "manifest_sha256", "received_at", "received_by_role", "receiving_school")


# --- the transfer code ---


def new_code() -> bytes:
    return secrets.token_bytes(crypto.KEY_SIZE)


def code_text(key: bytes) -> str:
    """The key as base32 in groups of four, 'ABCD-EFGH-…', to read out or type."""
    text = base64.b32encode(key).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def code_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        key = b""
    if len(key) != crypto.KEY_SIZE:
        raise PackageError("That is not a transfer code: it is 52 letters and digits in groups of four.")
    return key


def _ring(key: bytes) -> crypto.KeyRing:
    return crypto.KeyRing(keys={"t": key}, current="t")


# --- writing ---


@dataclass
class PackageFile:
    """One file to put in the package: its path inside it, how to open it, and the SHA-256 it must have."""

    path: str
    open: object  # a callable returning a binary file object
    expected_sha256: str = ""


@dataclass
class Written:
    package_id: str
    manifest_sha256: str
    ciphertext_sha256: str
    public_key: str
    manifest: dict


def write_package(
    out: BinaryIO,
    *,
    key: bytes,
    signing_key: Ed25519PrivateKey,
    manifest: dict,
    records: dict,
    summary_pdf: bytes,
    files: Iterable[PackageFile],
    tmp_dir: Path,
) -> Written:
    """Stream the package to `out` (which need not seek): no file is ever held whole in memory."""
    entries: list[dict] = []
    fd, enc_path = tempfile.mkstemp(prefix="transfer-", suffix=".enc", dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as enc_file:
            hashing = crypto.HashingWriter(enc_file)
            writer = crypto.EncryptingWriter(hashing, ring=_ring(key))  # type: ignore[arg-type]
            # Stored, not deflated: screenshots and PDFs are compressed already, and deflating 200 MB took 15 s.
            with zipfile.ZipFile(writer, "w", zipfile.ZIP_STORED) as inner:
                for name, data in (("records.json", _json(records)), ("summary.pdf", summary_pdf)):
                    inner.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
                    entries.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
                for item in files:
                    digest, size = hashlib.sha256(), 0
                    with item.open() as src, inner.open(item.path, "w", force_zip64=True) as dst:  # type: ignore[operator]
                        for block in iter(lambda: src.read(BLOCK), b""):
                            digest.update(block)
                            size += len(block)
                            dst.write(block)
                    sha = digest.hexdigest()
                    if item.expected_sha256 and sha != item.expected_sha256:
                        raise PackageError(f"{item.path} no longer has the SHA-256 recorded when it was stored.")
                    entries.append({"path": item.path, "size": size, "sha256": sha})
                manifest = {**manifest, "format": FORMAT, "files": entries}
                manifest_bytes = _json(manifest)
                inner.writestr("manifest.json", manifest_bytes)
            writer.close()
        wrapper = {
            "format": FORMAT,
            "package_id": manifest["package_id"],
            "manifest_sha256": hashlib.sha256(manifest_bytes).hexdigest(),
            "ciphertext_sha256": hashing.digest.hexdigest(),
            "public_key": public_key_text(signing_key),
        }
        wrapper["signature"] = sign(signing_key, wrapper, WRAPPER_SIGNED)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as outer:
            outer.writestr("wrapper.json", _json(wrapper))
            outer.write(enc_path, "package.enc")
    finally:
        Path(enc_path).unlink(missing_ok=True)
    return Written(
        package_id=wrapper["package_id"],
        manifest_sha256=wrapper["manifest_sha256"],
        ciphertext_sha256=wrapper["ciphertext_sha256"],
        public_key=wrapper["public_key"],
        manifest=manifest,
    )


def _json(value: dict) -> bytes:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode()


# --- reading ---


@dataclass
class Opened:
    """A package whose signature, ciphertext, manifest and every file's SHA-256 have been checked."""

    wrapper: dict
    manifest: dict
    records: dict
    inner_path: Path  # the decrypted inner ZIP, in a temporary folder the caller removes (close())
    fingerprint: str
    files: dict[str, dict] = field(default_factory=dict)

    def open_file(self, path: str):
        return zipfile.ZipFile(self.inner_path).open(path)

    def close(self) -> None:
        self.inner_path.unlink(missing_ok=True)


def read_wrapper(source: BinaryIO) -> dict:
    """The signed wrapper of a package, checked against its own signature (not yet against the ciphertext)."""
    try:
        with zipfile.ZipFile(source) as outer:
            wrapper = json.loads(outer.read("wrapper.json"))
            if not isinstance(wrapper, dict) or "package.enc" not in outer.namelist():
                raise KeyError
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise PackageError("This is not a SocialSafe transfer file (.sstransfer), or it is damaged.") from None
    if wrapper.get("format") != FORMAT:
        raise PackageError("This transfer file was made in a format this installation does not read.")
    verify(wrapper, WRAPPER_SIGNED)
    return wrapper


def open_package(source: BinaryIO, *, code: str, tmp_dir: Path, expected_fingerprint: str = "") -> Opened:
    """Check everything, in order: signature, ciphertext hash, transfer code, manifest hash, every file's hash."""
    key = code_key(code)
    wrapper = read_wrapper(source)
    if expected_fingerprint and _bare(expected_fingerprint) != _bare(fingerprint(wrapper["public_key"])):
        raise PackageError(
            f"The file was signed by key {fingerprint(wrapper['public_key'])}, not the sender's key you were given."
        )
    source.seek(0)
    fd, inner_path = tempfile.mkstemp(prefix="transfer-in-", suffix=".zip", dir=tmp_dir)
    path = Path(inner_path)
    try:
        with zipfile.ZipFile(source) as outer:
            digest = hashlib.sha256()
            try:
                with outer.open("package.enc") as enc:
                    for block in iter(lambda: enc.read(BLOCK), b""):
                        digest.update(block)
            except (zipfile.BadZipFile, OSError):
                raise PackageError("The encrypted records were changed: the file is damaged.") from None
            if digest.hexdigest() != wrapper["ciphertext_sha256"]:
                raise PackageError("The encrypted records were changed: their SHA-256 is not the one signed.")
            with outer.open("package.enc") as enc, os.fdopen(fd, "wb") as plain:
                try:
                    crypto.decrypt_stream(enc, plain, ring=_ring(key))  # type: ignore[arg-type]
                except crypto.DecryptionError:
                    raise PackageError("The transfer code is wrong: the records could not be decrypted.") from None
        opened = _check_inner(path, wrapper)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return opened


def _bare(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _check_inner(path: Path, wrapper: dict) -> Opened:
    try:
        inner = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise PackageError("The decrypted records are not a readable ZIP.") from None
    with inner:
        try:
            manifest_bytes = inner.read("manifest.json")
        except KeyError:
            raise PackageError("The package has no manifest.json.") from None
        if hashlib.sha256(manifest_bytes).hexdigest() != wrapper["manifest_sha256"]:
            raise PackageError("The manifest was changed: its SHA-256 is not the one signed.")
        manifest = json.loads(manifest_bytes)
        if manifest.get("package_id") != wrapper["package_id"]:
            raise PackageError("The manifest belongs to another package.")
        present = set(inner.namelist()) - {"manifest.json"}
        listed = {entry["path"]: entry for entry in manifest.get("files", [])}
        if missing := sorted(set(listed) - present):
            raise PackageError(f"A file listed in the manifest is missing: {missing[0]}.")
        if extra := sorted(present - set(listed)):
            raise PackageError(f"The package holds a file the manifest does not list: {extra[0]}.")
        for name, entry in listed.items():
            digest, size = hashlib.sha256(), 0
            with inner.open(name) as f:
                for block in iter(lambda: f.read(BLOCK), b""):
                    digest.update(block)
                    size += len(block)
            if digest.hexdigest() != entry["sha256"] or size != entry["size"]:
                raise PackageError(f"{name} does not match its SHA-256 in the manifest.")
        records = json.loads(inner.read("records.json"))
    return Opened(
        wrapper=wrapper,
        manifest=manifest,
        records=records,
        inner_path=path,
        fingerprint=fingerprint(wrapper["public_key"]),
        files=listed,
    )


def iter_blocks(f) -> Iterator[bytes]:
    return iter(lambda: f.read(BLOCK), b"")


# --- receipts ---


def make_receipt(*, signing_key: Ed25519PrivateKey, fields: dict) -> bytes:
    receipt = {**fields, "format": RECEIPT_FORMAT, "public_key": public_key_text(signing_key)}
    receipt["signature"] = sign(signing_key, receipt, RECEIPT_SIGNED)
    return _json(receipt)


def read_receipt(data: bytes) -> dict:
    try:
        receipt = json.loads(data)
        if not isinstance(receipt, dict) or receipt.get("format") != RECEIPT_FORMAT:
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise PackageError("This is not a SocialSafe transfer receipt (.ssreceipt).") from None
    verify(receipt, RECEIPT_SIGNED)
    return receipt
