"""Every case exports its chronology as a PDF and a CSV, for those who see its whole file, and the referral bundle
carries it."""

import csv
import io
import zipfile

import pytest
from django.utils.timezone import localtime

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.services import bundle_create
from socialsafe.incidents.models import ActionKind
from socialsafe.incidents.services import Completion, action_complete, incident_triage, note_add
from socialsafe.incidents.tests.test_done_by_records import upload
from socialsafe.letters.tests.helpers import issue_invitation, pdf_text
from socialsafe.lib.tests.clock import days_ago, iso

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(client, principal, case):
    incident_triage(incident=case, by=principal.user, facts={"content_threatening": True})
    case.refresh_from_db()
    client.force_login(principal.user)
    upload(client, case)
    issue_invitation(case, by=principal.user, note_taker=principal.member)
    psni = case.actions.get(kind=ActionKind.REFERRAL_PSNI)
    action_complete(
        action=psni,
        by=principal.user,
        completion=Completion(record={"done_on": iso(days_ago(1)), "reference": "CW/77/26"}, summary="reported."),
        confirmed_by_name="Ruth Patterson",
    )
    note_add(incident=case, by=principal.user, text="=cmd|' /C calc'!A0 rang the parent")
    return case


def test_the_pdf_lists_every_step_with_its_time(client, principal, worked):
    r = client.get(f"/incidents/{worked.pk}/chronology.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert f'filename="{worked.reference}-chronology.pdf"' in r["Content-Disposition"]
    text = pdf_text(r.content)
    assert f"Chronology of case {worked.reference}" in text and "Private and confidential" in text
    for entry in worked.timeline.exclude(kind="viewed"):
        assert f"{localtime(entry.at):%H:%M}" in text
    assert "Ruth Patterson" in text and "CW/77/26" in text
    assert worked.evidence_items.get().sha256 in text.replace(" ", "")
    assert AuditEvent.objects.filter(verb="incident.chronology_downloaded", data__format="pdf").count() == 1


def test_the_csv_has_a_row_per_step_and_no_formula(client, principal, worked):
    r = client.get(f"/incidents/{worked.pk}/chronology.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["Case", "Date", "Time", "Who", "What", "Details"]
    assert len(rows) - 1 == worked.timeline.exclude(kind="viewed").count()
    note = next(row for row in rows if "rang the parent" in row[5])
    assert note[5].startswith("'=")


def test_only_those_who_see_the_whole_file_get_it(client, teacher, office, outsider, worked):
    client.force_login(teacher.user)  # the teacher is the target: the case is hidden from them
    assert client.get(f"/incidents/{worked.pk}/chronology.pdf").status_code == 404
    client.force_login(outsider.user)
    assert client.get(f"/incidents/{worked.pk}/chronology.csv").status_code == 404
    client.force_login(office.user)
    assert client.get(f"/incidents/{worked.pk}/chronology.pdf").status_code in (403, 404)
    assert client.post(f"/incidents/{worked.pk}/chronology.pdf").status_code in (403, 404, 405)
    assert client.get(f"/incidents/{worked.pk}/chronology.xls").status_code == 404


def test_the_referral_bundle_carries_the_chronology(principal, worked):
    bundle = bundle_create(incident=worked, by=principal.user, recipient="PSNI", signed_off_by="Ruth Patterson")
    from socialsafe.evidence.storage import evidence_storage

    with evidence_storage().open(bundle.storage_name, "rb") as f, zipfile.ZipFile(f) as zf:
        assert "chronology.pdf" in zf.namelist()
        assert "CW/77/26" in pdf_text(zf.read("chronology.pdf"))
