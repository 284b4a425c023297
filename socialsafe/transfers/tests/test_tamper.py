"""A changed package is refused, and nothing at all is written at the receiving school."""

import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.models import EvidenceItem
from socialsafe.incidents.models import Incident, TimelineEntry
from socialsafe.lib import crypto
from socialsafe.schools.models import Pupil
from socialsafe.schools.tests.factories import PupilFactory
from socialsafe.transfers import package, services
from socialsafe.transfers.models import ReceivedTransfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(leaver_case, leaver, designated_teacher, other_school):
    transfer = services.pupil_mark_left(pupil=leaver, left_on=localdate(), by=designated_teacher.user)
    PupilFactory(school=other_school, first_name="Niamh", last_name="Quinn", date_of_birth=leaver.date_of_birth)
    transfer, code = services.transfer_package(
        transfer=transfer, by=designated_teacher.user, recipient_school=None, recipient_name=other_school.name
    )
    return code, services.package_path(transfer).read_bytes()


def _counts(school):
    return (
        Incident.objects.filter(school=school).count(),
        EvidenceItem.objects.filter(school=school).count(),
        TimelineEntry.objects.filter(incident__school=school).count(),
        ReceivedTransfer.objects.count(),
        Pupil.objects.filter(school=school).count(),
        AuditEvent.objects.filter(school=school).count(),
    )


def _refused(data, code, school, by, match, **kwargs):
    before = _counts(school)
    with pytest.raises(services.TransferRefused, match=match):
        services.transfer_import(school=school, source=io.BytesIO(data), code=code, by=by, **kwargs)
    assert _counts(school) == before


def _rebuild(data: bytes, code: str, *, change, signer: Ed25519PrivateKey) -> bytes:
    """Decrypt the inner ZIP, let `change` edit its files (a dict of name -> bytes), encrypt and sign it again."""
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        wrapper = json.loads(outer.read("wrapper.json"))
        ring = crypto.KeyRing(keys={"t": package.code_key(code)}, current="t")
        inner_bytes = crypto.decrypt_bytes(outer.read("package.enc"), ring=ring)
    with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
        files = {name: inner.read(name) for name in inner.namelist()}
    change(files, wrapper)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as inner:
        for name, content in files.items():
            inner.writestr(name, content)
    ciphertext = crypto.encrypt_bytes(buf.getvalue(), ring=ring)
    import hashlib

    wrapper["ciphertext_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    wrapper.setdefault("manifest_sha256", hashlib.sha256(files["manifest.json"]).hexdigest())
    wrapper["public_key"] = package.public_key_text(signer)
    wrapper["signature"] = package.sign(signer, wrapper, package.WRAPPER_SIGNED)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as outer:
        outer.writestr("wrapper.json", json.dumps(wrapper))
        outer.writestr("package.enc", ciphertext)
    return out.getvalue()


def test_it_refuses_one_byte_flipped_in_the_ciphertext(made, other_school, receiver):
    code, data = made
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        info = outer.getinfo("package.enc")
    changed = bytearray(data)
    changed[info.header_offset + 30 + len(info.filename) + 100] ^= 0x01  # inside the stored ciphertext
    _refused(bytes(changed), code, other_school, receiver.user, "encrypted records were changed")


def test_it_refuses_a_wrong_transfer_code(made, other_school, receiver):
    _, data = made
    wrong = package.code_text(package.new_code())
    _refused(data, wrong, other_school, receiver.user, "transfer code is wrong")
    _refused(data, "not a code", other_school, receiver.user, "not a transfer code")


def test_it_refuses_a_manifest_hash_changed_and_signed_with_another_key(made, other_school, receiver):
    code, data = made

    def change(files, wrapper):
        manifest = json.loads(files["manifest.json"])
        manifest["files"][-1]["sha256"] = "0" * 64
        files["manifest.json"] = json.dumps(manifest).encode()
        wrapper["manifest_sha256"] = __import__("hashlib").sha256(files["manifest.json"]).hexdigest()

    forged = _rebuild(data, code, change=change, signer=Ed25519PrivateKey.generate())
    _refused(forged, code, other_school, receiver.user, "does not match its SHA-256 in the manifest")
    # The fingerprint read out by phone catches the other key before anything is decrypted.
    real = services.installation_fingerprint()
    _refused(forged, code, other_school, receiver.user, "not the sender's key", expected_fingerprint=real)


def test_it_refuses_a_changed_manifest_under_the_old_signature(made, other_school, receiver):
    code, data = made

    def change(files, wrapper):
        files["manifest.json"] = files["manifest.json"].replace(b"Niamh", b"Nuala")

    forged = _rebuild(data, code, change=change, signer=services.signing_key())
    _refused(forged, code, other_school, receiver.user, "manifest was changed")


def test_it_refuses_a_package_with_a_file_missing(made, other_school, receiver):
    code, data = made

    def change(files, wrapper):
        evidence = next(name for name in files if "/evidence/" in name)
        del files[evidence]

    forged = _rebuild(data, code, change=change, signer=services.signing_key())
    _refused(forged, code, other_school, receiver.user, "missing")


def test_it_refuses_a_package_for_another_school(made, school, principal):
    code, data = made
    _refused(data, code, school, principal.user, "addressed to Riverside Primary School")


def test_it_refuses_a_file_that_is_not_a_package(other_school, receiver):
    _refused(b"PK not really", package.code_text(package.new_code()), other_school, receiver.user, "not a SocialSafe")
