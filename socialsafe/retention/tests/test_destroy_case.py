"""A case past its date is destroyed with every derivative, leaves a content-free record, and a held one is kept."""

import json

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.models import EvidenceItem
from socialsafe.incidents.models import Incident
from socialsafe.registers.models import TeachingAccount
from socialsafe.retention import destruction
from socialsafe.retention.destruction import UnderLegalHold, collect, destroy_case
from socialsafe.retention.models import DestructionRecord
from socialsafe.retention.services import hold_set
from socialsafe.retention.tests.conftest import PUPIL_FIRST, PUPIL_LAST, SECRET_TEXT, files_on_disk, table_counts

pytestmark = pytest.mark.django_db


def test_it_removes_every_row_and_file_of_the_case(full_case, principal, case, django_capture_on_commit_callbacks):
    found = collect(Incident, {full_case.pk})
    expected = {m._meta.label_lower: len(pks) for m, pks in found.rows.items() if pks}
    # One of every derivative is there to be removed.
    for label in [
        "incidents.action",
        "incidents.timelineentry",
        "incidents.exclusion",
        "incidents.takedownstep",
        "evidence.evidenceitem",
        "evidence.custodyevent",
        "evidence.bundle",
        "evidence.bundle_items",
        "letters.letter",
        "registers.premisesban",
        "registers.ictban",
        "moderation.scoredtext",
        "moderation.flag",
        "concerns.concern",
        "concerns.concernmessage",
        "retention.legalhold",
    ]:
        assert expected.get(label, 0) >= 1, label
    about_case = AuditEvent.objects.filter(case_id=full_case.pk).count()
    assert about_case > 0
    before, files_before = table_counts(), files_on_disk()
    shared = EvidenceItem.objects.get(incident=case).storage_name

    with django_capture_on_commit_callbacks(execute=True):
        record = destroy_case(incident=full_case, by=None)

    after, files_after = table_counts(), files_on_disk()
    for label, n in expected.items():
        assert before[label] - after[label] == n, label
        assert record.counts[label] == n
    assert not Incident.objects.filter(pk=full_case.pk).exists()
    assert not any(pks for m, pks in collect(Incident, {full_case.pk}).rows.items() if m is not Incident)
    assert not AuditEvent.objects.filter(case_id=full_case.pk).exists()
    # Nothing else went: the other case, its evidence, the teaching account (unlinked), the people.
    assert Incident.objects.filter(pk=case.pk).exists()
    assert TeachingAccount.objects.get().conduct_case_id is None
    for label in ("schools.pupil", "schools.guardian", "accounts.user", "incidents.incident"):
        assert before[label] - after[label] == (1 if label == "incidents.incident" else 0)
    # The letter's PDF and Word files, the bundle's ZIP and the case's own evidence file are gone; the evidence
    # file another case holds too is kept.
    removed = files_before - files_after
    assert len(removed) == 4 == record.counts["files"] - 1
    assert any(path.endswith(shared) for path in files_after)
    assert not files_after - files_before


def test_its_destruction_record_holds_no_personal_data(full_case, principal, django_capture_on_commit_callbacks):
    reference, summary = full_case.reference, full_case.summary
    with django_capture_on_commit_callbacks(execute=True):
        record = destroy_case(incident=full_case, by=principal.user)
    event = AuditEvent.objects.get(verb="retention.destroyed")
    text = json.dumps([model_to_dict(record), model_to_dict(event)], default=str)
    for word in (PUPIL_FIRST, PUPIL_LAST, SECRET_TEXT, reference, summary, "Poster", "Quigley", "Solicitor"):
        assert word not in text
    assert record.record_class == "case_pupil" and record.record_id == full_case.pk
    assert record.by == principal.user and record.school == full_case.school
    assert record.rule.startswith("Case naming a pupil: the youngest named pupil's date of birth")
    assert event.case_id is None


def test_it_keeps_a_case_under_legal_hold(full_case, principal):
    hold_set(incident=full_case, by=principal.user, reason="Litigation")
    before = table_counts()
    with pytest.raises(UnderLegalHold):
        destroy_case(incident=full_case, by=None)
    assert table_counts() == before


def test_a_failure_half_way_leaves_everything_in_place(full_case, monkeypatch, django_capture_on_commit_callbacks):
    before, files_before = table_counts(), files_on_disk()
    real, calls = destruction.delete_rows, []

    def fail_on_the_fifth_table(model, pks):
        calls.append(model)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(model, pks)

    monkeypatch.setattr(destruction, "delete_rows", fail_on_the_fifth_table)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        destroy_case(incident=full_case, by=None)
    assert len(calls) == 5
    assert table_counts() == before
    assert files_on_disk() == files_before
    assert not DestructionRecord.objects.exists()


def test_verify_audit_accepts_the_destruction_and_nothing_else(full_case, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        destroy_case(incident=full_case, by=None)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "chain broken" not in out and "destroyed under the retention schedule" in out

    # An unsanctioned raw DELETE, even through the same window, leaves a gap no destruction record describes.
    from django.db import connection, transaction

    from socialsafe.audit.triggers import destruction_window

    victim = AuditEvent.objects.order_by("pk")[1]
    with transaction.atomic(), destruction_window(), connection.cursor() as cursor:
        cursor.execute('DELETE FROM "audit_auditevent" WHERE id = %s', [victim.pk])
    with pytest.raises(SystemExit):
        call_command("verify_audit")
    assert "chain broken" in capsys.readouterr().err
