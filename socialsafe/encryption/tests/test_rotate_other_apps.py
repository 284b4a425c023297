"""Rotation covers every app's data under the key: subject access exports and sealed transfer codes too."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.timezone import localdate

from socialsafe.lib import crypto
from socialsafe.schools.tests.factories import PupilFactory
from socialsafe.subjectaccess.export import exports_dir, open_export
from socialsafe.subjectaccess.models import SubjectAccessExport, SubjectAccessRequest
from socialsafe.transfers.models import PupilTransfer

pytestmark = pytest.mark.django_db


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_data_key", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def others(keys, school, principal):
    pupil = PupilFactory(school=school)
    sar = SubjectAccessRequest.objects.create(
        school=school, requester_name="A parent", received_via="email", received_on=localdate(),
        due_on=localdate(), subject_kind="pupil", subject_pupil=pupil, created_by=principal.user,
    )  # fmt: skip
    (exports_dir() / "sar-1.zip.enc").write_bytes(crypto.encrypt_bytes(b"PK the export"))
    export = SubjectAccessExport.objects.create(
        request=sar, produced_by=principal.user, file_name="sar-1.zip.enc", sha256="0" * 64, size=13
    )
    transfer = PupilTransfer.objects.create(
        school=school, pupil=pupil, due_on=localdate(), sealed_code=crypto.encrypt_bytes(b"the one-off key")
    )
    return export, transfer


def test_exports_and_sealed_codes_are_reencrypted_and_their_old_key_retired_only_then(others, keys):
    export, transfer = others
    old = crypto.keyring().current
    crypto.add_key(keys)
    with pytest.raises(CommandError, match=f"2 file\\(s\\) are still encrypted with key '{old}'"):
        rotate("--retire", old)
    rotate("--reencrypt-only")
    rotate("--retire", old)
    crypto.reset_keyring()
    assert old not in crypto.keyring().keys
    with open_export(exports_dir() / export.file_name) as f:
        assert f.read() == b"PK the export"
    transfer.refresh_from_db()
    assert crypto.decrypt_bytes(bytes(transfer.sealed_code)) == b"the one-off key"
