"""Database triggers that make the three logs append-only in the database itself, not only in the ORM.

An UPDATE or DELETE on audit events, timeline entries or custody events is refused by the database, whoever sends
it (a base manager, raw SQL, the sqlite3 shell, psql): "audit events are append-only". Migrations install them
with `append_only(table, noun)`.

Tests need one way round them. Between TransactionTestCase and live_server tests Django empties every table: on
PostgreSQL with TRUNCATE, which fires no row trigger, so nothing is needed there. On SQLite it sends DELETE FROM
each table, so the SQLite DELETE trigger stands aside only when both
  - the database is in memory (`pragma_database_list` gives the main database no file), which only a test
    database is: a real one is a file, so no flag anyone sets can unlock it, and
  - the guard table `audit_flush_guard` has a row, which `socialsafe.audit.testing` inserts around the flush and
    removes in the same transaction.
UPDATE is never allowed.

Retention needs one sanctioned way to destroy rows, on any database: `destruction_window()` inserts a row into
`audit_destruction_guard` and removes it again inside the destroying transaction, and the DELETE triggers let rows
through only while such a row exists. Nobody else ever sees it (it is never committed), and a deletion through it
still leaves a gap in the hash chain, which verify_audit accepts only where a destruction record kept the removed
rows' links. On PostgreSQL TRUNCATE stays possible for the tables' owner; the hash chain
(socialsafe.audit.chain) and the chain head `verify_audit` prints are what reveal it.

SQLite drops a table's triggers when a migration rebuilds the table (most ALTERs of a field do): such a migration
must run `append_only(...)` again after its schema change. `test_append_only` fails if a trigger is missing.
"""

from contextlib import contextmanager

from django.db import connections, migrations

GUARD = "audit_flush_guard"
DESTRUCTION_GUARD = "audit_destruction_guard"


def _sqlite(table: str, noun: str) -> list[str]:
    in_memory = "(SELECT file FROM pragma_database_list WHERE name = 'main') = ''"
    flushing = "EXISTS (SELECT 1 FROM audit_flush_guard)"
    destroying = "EXISTS (SELECT 1 FROM audit_destruction_guard)"
    refuse = f"SELECT RAISE(ABORT, '{noun} are append-only');"
    return [
        f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" BEGIN {refuse} END',
        f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" '
        f"WHEN NOT (({in_memory} AND {flushing}) OR {destroying}) BEGIN {refuse} END",
    ]


def _postgresql(table: str, noun: str) -> list[str]:
    # SQLSTATE 23000 (integrity constraint violation), so both databases raise django.db.IntegrityError.
    return [
        # The table and noun are the migrations' own constants, never input.
        f'CREATE OR REPLACE FUNCTION "{table}_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '  # noqa: S608
        "IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_destruction_guard) THEN RETURN OLD; END IF; "
        f"RAISE EXCEPTION '{noun} are append-only' USING ERRCODE = '23000'; END $$",
        f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
        f'FOR EACH ROW EXECUTE FUNCTION "{table}_append_only"()',
    ]


def _drop(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"',
            f'DROP FUNCTION IF EXISTS "{table}_append_only"()',
        ]
    return [f'DROP TRIGGER IF EXISTS "{table}_no_update"', f'DROP TRIGGER IF EXISTS "{table}_no_delete"']


def append_only(table: str, noun: str) -> migrations.RunPython:
    """A migration operation that installs the triggers on `table` (and drops them when reversed)."""

    def install(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"No append-only triggers for {vendor}.")
        for sql in (_sqlite if vendor == "sqlite" else _postgresql)(table, noun):
            schema_editor.execute(sql)

    def drop(apps, schema_editor):
        for sql in _drop(schema_editor.connection.vendor, table):
            schema_editor.execute(sql)

    return migrations.RunPython(install, drop)


def reinstall_append_only(table: str, noun: str) -> migrations.RunPython:
    """A migration operation that replaces the triggers on `table` with the current ones (the same on reversal)."""

    def replace(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in _drop(vendor, table) + (_sqlite if vendor == "sqlite" else _postgresql)(table, noun):
            schema_editor.execute(sql)

    return migrations.RunPython(replace, replace)


def destruction_guard() -> migrations.RunPython:
    """A migration operation that creates the guard table the DELETE triggers let a sanctioned destruction through."""

    def create(apps, schema_editor):
        schema_editor.execute(f'CREATE TABLE "{DESTRUCTION_GUARD}" (id INTEGER PRIMARY KEY)')

    def drop(apps, schema_editor):
        schema_editor.execute(f'DROP TABLE IF EXISTS "{DESTRUCTION_GUARD}"')

    return migrations.RunPython(create, drop)


@contextmanager
def destruction_window(*, using: str = "default"):
    """Let the append-only logs' rows be deleted inside this block, which must be inside the destroying atomic block.

    Only socialsafe.retention.destruction opens it, after recording the removed rows' links.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("A destruction must run inside transaction.atomic().")
    with connection.cursor() as cursor:
        cursor.execute('INSERT INTO "audit_destruction_guard" (id) VALUES (1)')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute('DELETE FROM "audit_destruction_guard"')


def flush_guard() -> migrations.RunPython:
    """A migration operation that creates the (SQLite-only) guard table the DELETE triggers consult."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f'CREATE TABLE "{GUARD}" (id INTEGER PRIMARY KEY)')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f'DROP TABLE IF EXISTS "{GUARD}"')

    return migrations.RunPython(create, drop)


def append_only_installed(table: str, *, connection) -> bool:
    """Whether the append-only triggers on `table` are in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s AND tgenabled <> 'D'",
                [f'"{table}"', f"{table}_append_only"],
            )
            return cursor.fetchone()[0] == 1
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name IN (%s, %s)",
                [table, f"{table}_no_update", f"{table}_no_delete"],
            )
            return cursor.fetchone()[0] == 2
    return False
