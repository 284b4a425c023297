"""The database itself refuses to change or delete a row of the three logs, whoever asks."""

import sqlite3

import pytest
from django.db import IntegrityError, connection, transaction

from socialsafe.audit.tests.conftest import LOGS
from socialsafe.audit.triggers import _sqlite, append_only_installed

pytestmark = pytest.mark.django_db

each_log = pytest.mark.parametrize(("model", "table", "noun"), LOGS, ids=[t for _, t, _ in LOGS])


@each_log
def test_it_has_the_triggers_in_place(model, table, noun):
    # A migration that rebuilds the table on SQLite drops them; it must reinstall them (socialsafe.audit.triggers).
    assert append_only_installed(table, connection=connection)


@each_log
def test_it_refuses_a_raw_update(rows, model, table, noun):
    pk = rows[model][0].pk
    refused = pytest.raises(IntegrityError, match=f"{noun} are append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "at" = "at" WHERE id = %s', [pk])  # noqa: S608


@each_log
def test_it_refuses_a_raw_delete(rows, model, table, noun):
    refused = pytest.raises(IntegrityError, match=f"{noun} are append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608
    assert model._base_manager.count() == 3


@each_log
def test_it_refuses_the_base_managers_update_and_delete(rows, model, table, noun):
    with pytest.raises(IntegrityError, match=f"{noun} are append-only"), transaction.atomic():
        model._base_manager.filter(pk=rows[model][0].pk).update(at=rows[model][1].at)
    with pytest.raises(IntegrityError, match=f"{noun} are append-only"), transaction.atomic():
        model._base_manager.all().delete()
    assert model._base_manager.count() == 3


def test_the_flush_exception_cannot_unlock_a_database_on_disk(tmp_path):
    # The test-only way round the DELETE trigger needs an in-memory database: a guard row does nothing on a file.
    db = sqlite3.connect(tmp_path / "real.sqlite3")
    db.execute("CREATE TABLE audit_flush_guard (id INTEGER PRIMARY KEY)")
    db.execute("CREATE TABLE audit_destruction_guard (id INTEGER PRIMARY KEY)")  # every real database has it, empty
    db.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, v TEXT)")
    for sql in _sqlite("log", "audit events"):
        db.execute(sql)
    db.execute("INSERT INTO log (v) VALUES ('x')")
    db.execute("INSERT INTO audit_flush_guard DEFAULT VALUES")
    with pytest.raises(sqlite3.IntegrityError, match="audit events are append-only"):
        db.execute("DELETE FROM log")
    db.close()


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_still_empties_the_logs(principal):
    # Between transactional tests Django empties every table (DELETE on SQLite, TRUNCATE on PostgreSQL).
    from socialsafe.audit.models import AuditEvent
    from socialsafe.audit.services import audit_record

    audit_record(actor=principal.user, verb="x.y", school=principal.school)
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_with_empty_logs():
    from socialsafe.audit.models import AuditEvent

    assert AuditEvent.objects.count() == 0
