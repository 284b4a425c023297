"""The export of a pupil's records: ZIP contents, redaction of another family's child in the PDF and the JSON."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.letters.tests.helpers import pdf_text
from socialsafe.lib.crypto import is_encrypted
from socialsafe.subjectaccess.export import open_export
from socialsafe.subjectaccess.models import InvalidTransition, SarStatus
from socialsafe.subjectaccess.services import export_path, sar_export_produce, sar_move, sar_redaction_confirm
from socialsafe.subjectaccess.tests.helpers import data_of, zip_of

pytestmark = pytest.mark.django_db


def produce(sar, by, **choices):
    sar = sar_redaction_confirm(
        sar=sar, by=by, withheld_staff=choices.get("withheld_staff", []),
        include_evidence=choices.get("include_evidence", False),
    )  # fmt: skip
    return sar_export_produce(sar=sar, by=by)


def test_it_refuses_to_produce_before_the_redaction_is_confirmed(principal, pupil_request):
    with pytest.raises(InvalidTransition, match="Confirm the redaction"):
        sar_export_produce(sar=pupil_request, by=principal.user)


def test_it_writes_a_zip_with_pdf_json_and_csv_and_audits_its_hash(principal, pupil_request, settings):
    export = produce(pupil_request, principal.user)
    path = export_path(export)
    assert path.parent == settings.VAR_DIR / "exports"
    # On disk it is encrypted like the evidence it may copy; the recorded hash is that of the ZIP handed over.
    stored = path.read_bytes()
    assert is_encrypted(stored) and b"data.json" not in stored
    with open_export(path) as plain:
        assert hashlib.sha256(plain.read()).hexdigest() == export.sha256
    with zip_of(export) as zf:
        names = set(zf.namelist())
    assert {"report.pdf", "data.json", "csv/case.csv", "csv/timeline_entry.csv", "csv/pupil.csv"} <= names
    event = AuditEvent.objects.get(verb="subjectaccess.exported")
    assert event.actor == principal.user
    assert event.data["sha256"] == export.sha256
    assert event.target_id == str(pupil_request.pk)


def test_another_familys_child_is_replaced_in_the_pdf_and_the_json(principal, pupil_request):
    export = produce(pupil_request, principal.user)
    data = data_of(export)
    text = json.dumps(data, ensure_ascii=False)
    with zip_of(export) as zf:
        pdf = pdf_text(zf.read("report.pdf"))
        csv_text = zf.read("csv/case.csv").decode()
    for page in (text, pdf, csv_text):
        assert "Ciarán" not in page
        assert "Boyd" not in page  # the surname alone ("Boyd then added more") and the mother's name too
        assert "Aoife" in page  # the subject's own name stays
    case = next(r for r in data["records"] if r["type"] == "case")
    assert case["fields"]["responsible"] == "Pupil A"
    assert case["fields"]["description"].startswith("Pupil A posted that Aoife smells. Pupil A then added more")
    assert "Parent or carer A" in case["fields"]["description"]
    assert "shown as “Pupil A”" in pdf  # the cover page says what was redacted
    assert {"who": "Another pupil", "shown_as": "Pupil A"} in data["redaction"]


def test_a_member_of_staff_who_asked_is_not_named(principal, teacher, pupil_request, pupil_case):
    from socialsafe.incidents.services import note_add

    note_add(incident=pupil_case, by=teacher.user, text="I saw the messages on the tablet.")
    export = produce(pupil_request, principal.user, withheld_staff=[principal.member.pk])
    text = json.dumps(data_of(export), ensure_ascii=False)
    assert principal.member.last_name not in text  # the case's reporter and handler
    assert principal.user.full_name not in text  # as the timeline wrote it: "Reported by …"
    assert "a member of staff" in text
    assert teacher.member.display_name in text  # the other staff are named as they acted for the school


def test_evidence_images_are_withheld_unless_chosen(client, principal, pupil_request, pupil_case):
    client.force_login(principal.user)
    files = [SimpleUploadedFile("chat.png", screenshot("Ciarán Boyd: you smell"))]
    assert client.post(f"/evidence/case/{pupil_case.pk}/add/", {**metadata(), "files": files}).status_code == 302
    withheld = produce(pupil_request, principal.user)
    with zip_of(withheld) as zf:
        assert not [n for n in zf.namelist() if n.startswith("evidence/")]
        assert "Withheld pending manual review" in pdf_text(zf.read("report.pdf"))
    assert data_of(withheld)["files_withheld"] == ["chat.png (PNG image)"]
    included = produce(pupil_request, principal.user, include_evidence=True)
    with zip_of(included) as zf:
        (name,) = [n for n in zf.namelist() if n.startswith("evidence/")]
        assert zf.read(name) == screenshot("Ciarán Boyd: you smell")


def test_a_closed_request_gives_no_new_export(principal, pupil_request):
    sar_redaction_confirm(sar=pupil_request, by=principal.user, withheld_staff=[], include_evidence=False)
    sar_move(sar=pupil_request, by=principal.user, to=SarStatus.CLOSED)
    pupil_request.refresh_from_db()
    with pytest.raises(InvalidTransition):
        sar_export_produce(sar=pupil_request, by=principal.user)
