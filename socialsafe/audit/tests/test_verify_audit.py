"""manage.py verify_audit walks the hash chain of each log and says where it is broken."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.conftest import LOGS, drop_triggers

pytestmark = pytest.mark.django_db

each_log = pytest.mark.parametrize(("model", "table", "noun"), LOGS, ids=[t for _, t, _ in LOGS])


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_finds_a_fresh_log_intact(rows):
    code, out, err = verify()
    assert code == 0, err
    assert "Audit events: 3 rows, chain intact" in out
    assert "Timeline entries: 3 rows, chain intact" in out
    assert "Custody events: 3 rows, chain intact" in out


def test_it_finds_empty_logs_intact(db):
    code, out, _ = verify()
    assert code == 0
    assert "Audit events: 0 rows, chain intact (empty)" in out


@each_log
def test_it_reports_a_row_altered_behind_its_back(rows, model, table, noun):
    drop_triggers(table)
    victim = rows[model][1]
    execute(f'UPDATE "{table}" SET "at" = %s WHERE id = %s', [rows[model][0].at, victim.pk])  # noqa: S608
    code, _, err = verify()
    assert code == 1
    assert f"{noun.capitalize()}: 3 rows, chain broken at row {victim.pk}: altered" in err
    assert "triggers are missing" in err


@each_log
def test_it_reports_a_row_deleted(rows, model, table, noun):
    drop_triggers(table)
    gone, after = rows[model][1], rows[model][2]
    execute(f'DELETE FROM "{table}" WHERE id = %s', [gone.pk])  # noqa: S608
    code, _, err = verify()
    assert code == 1
    assert f"2 rows, chain broken at row {after.pk}: the row before it is missing" in err


def test_it_reports_the_first_row_deleted(rows):
    drop_triggers("audit_auditevent")
    first, second = rows[AuditEvent][:2]
    execute('DELETE FROM "audit_auditevent" WHERE id = %s', [first.pk])
    code, _, err = verify()
    assert code == 1
    assert f"Audit events: 2 rows, chain broken at row {second.pk}: the row before it is missing" in err


def test_it_reports_rows_swapped(rows):
    drop_triggers("audit_auditevent")
    a, b, c = rows[AuditEvent]
    spare = c.pk + 100
    for old, new in [(a.pk, spare), (b.pk, a.pk), (spare, b.pk)]:
        execute('UPDATE "audit_auditevent" SET id = %s WHERE id = %s', [new, old])
    code, _, err = verify()
    assert code == 1
    assert f"chain broken at row {a.pk}: out of order (it follows row {b.pk}" in err


def test_it_reports_missing_triggers_even_with_the_chain_intact(rows):
    drop_triggers("evidence_custodyevent")
    code, out, err = verify()
    assert code == 1
    assert "Audit events: 3 rows, chain intact" in out
    assert "Custody events: the append-only triggers are missing or disabled" in err
