"""A full disk fails the upload with a clear message, leaves no partial file and no row; the next one succeeds."""

import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsafe.evidence.models import EvidenceItem
from socialsafe.evidence.tests.helpers import metadata

# A real full disk (a tmpfs mount): with the crash tests in `make test-slow`, which .ci/run runs after `make test`.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def tiny_disk(tmp_path, settings):
    """The evidence store on a 1 MiB tmpfs (needs root, as CI has)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; CI runs as root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": str(mount)}},
    }
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def text_file(size: int, name: str = "chat.txt") -> SimpleUploadedFile:
    line = b"20/11/2026, 19:31 - Mum of twins: this is a line of the chat export\n"
    return SimpleUploadedFile(name, (line * (size // len(line) + 1))[:size])


def stored_files(mount: Path) -> list[Path]:
    return [p for p in mount.rglob("*") if p.is_file()]


def test_a_full_disk_fails_cleanly_and_the_next_upload_succeeds(client, principal, case, tiny_disk):
    client.force_login(principal.user)
    r = client.post(f"/evidence/case/{case.pk}/add/", {**metadata(), "files": [text_file(2 * 1024 * 1024)]})
    assert r.status_code == 400
    assert "the school&#x27;s evidence storage is full" in r.content.decode()
    assert not EvidenceItem.objects.exists() and stored_files(tiny_disk) == []

    filler = tiny_disk / "filler"
    filler.write_bytes(b"\x00" * (900 * 1024))
    r = client.post(f"/evidence/case/{case.pk}/add/", {**metadata(), "files": [text_file(300 * 1024)]})
    assert r.status_code == 400 and "storage is full" in r.content.decode()
    assert stored_files(tiny_disk) == [filler] and not EvidenceItem.objects.exists()

    filler.unlink()  # space is freed
    r = client.post(f"/evidence/case/{case.pk}/add/", {**metadata(), "files": [text_file(300 * 1024)]})
    assert r.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.size == 300 * 1024 and len(stored_files(tiny_disk)) == 1
