import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.incidents.models import Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.lib import crypto

# A byte string that appears in the plaintext of every file the tests store, to look for on disk.
MARKER = b"Meet me behind the gym, Glenmore P7"


@pytest.fixture(autouse=True)
def keys(settings, tmp_path, monkeypatch):
    """This test's own key ring, in its own var/ (var/data_keys is generated there on first use)."""
    monkeypatch.delenv(crypto.KEYS_ENV, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    crypto.reset_keyring()
    yield tmp_path / "var"
    crypto.reset_keyring()


def upload(client, case, name: str, data: bytes):
    return client.post(
        f"/evidence/case/{case.pk}/add/", {**metadata(), "files": [SimpleUploadedFile(name, data)]}, follow=False
    )


@pytest.fixture
def chat() -> bytes:
    return b"20/11/2026, 19:31 - Mum of twins: " + MARKER + b"\n" + b"another line of the export\n" * 5000


@pytest.fixture
def stored(client, principal, case, chat, note_taker):
    """A text export, a screenshot, a referral bundle and an issued letter: one of every kind of file kept."""
    client.force_login(principal.user)
    assert upload(client, case, "chat.txt", chat).status_code == 302
    assert upload(client, case, "shot.png", screenshot()).status_code == 302
    r = client.post(f"/evidence/case/{case.pk}/bundle/", {"recipient": "PSNI", "signed_off_by": "Ruth Patterson"})
    assert r.status_code == 302
    letter = issue_invitation(case, by=principal.user, note_taker=note_taker)
    return {"case": case, "letter": letter}


@pytest.fixture
def case(school, teacher, principal, abusive_parent):
    """A parent's threatening, abusive comments about a colleague: the facts a letter's merge fields need."""
    fields = report_fields(
        kind=Kind.STAFF_ABUSE,
        platform=Platform.WHATSAPP,
        target_kind=TargetKind.STAFF,
        target_member=teacher.member,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=abusive_parent,
        content_threatening=True,
        content_abusive=True,
    )
    return incident_report(school=school, by=principal.user, fields=fields)


@pytest.fixture
def note_taker(vice_principal):
    member = vice_principal.member
    member.title, member.first_name, member.last_name, member.job_title = "Mr", "David", "Irvine", "Vice-Principal"
    member.save()
    return member
