"""A pytest plugin (named in the root conftest) that lets Django empty an in-memory SQLite test database.

Django's flush between TransactionTestCase and live_server tests sends DELETE FROM each table; the append-only
triggers (socialsafe.audit.triggers) refuse that unless the database is in memory and `audit_flush_guard` has a
row. This puts the row there for the flush only, in the flush's own transaction, so every test still meets the
triggers as production does. It changes nothing on PostgreSQL (TRUNCATE fires no row trigger) or on a file.
"""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_append_only_triggers():
    # Imported here: the root conftest loads this plugin before pytest-django has set Django up.
    from django.db import transaction
    from django.db.backends.sqlite3.base import DatabaseOperations

    from socialsafe.audit.triggers import GUARD

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [GUARD])
            guarded = cursor.fetchone()[0] == 1
            if guarded:
                cursor.execute('INSERT INTO "audit_flush_guard" DEFAULT VALUES')
            flush(self, sql_list)
            if guarded:
                cursor.execute('DELETE FROM "audit_flush_guard"')

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = flush
