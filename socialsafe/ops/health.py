"""The checks behind /healthz. Each answers "ok" or a short reason; none writes anything."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.timezone import now

from socialsafe.ops.models import WorkerHeartbeat
from socialsafe.ops.services import STALE_AFTER

OK = "ok"
# Loading every migration file takes a tenth of a second or more. Once this process has seen them all applied it
# stops asking: migrations are applied before a new release's processes start (docs/deploy.md), not under them.
_all_applied = False


def database_check() -> str:
    """Is the database reachable?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return OK


def migrations_check() -> str:
    """Has every migration this code knows of been applied to the database?"""
    global _all_applied
    if _all_applied:
        return OK
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        return f"{len(unapplied)} unapplied"
    _all_applied = True
    return OK


def worker_check() -> str:
    """Has some task worker said it is alive within the last minute?"""
    newest = WorkerHeartbeat.objects.order_by("-beat").values_list("beat", flat=True).first()
    if newest is None:
        return "no worker"
    if now() - newest > STALE_AFTER:
        return "stale"
    return OK


def health() -> dict[str, str]:
    """Every check's answer. Without a database the other two cannot be asked."""
    answer = {"database": database_check()}
    if answer["database"] != OK:
        return {**answer, "migrations": "not checked", "worker": "not checked"}
    try:
        return {**answer, "migrations": migrations_check(), "worker": worker_check()}
    except DatabaseError:  # the database went away between the checks
        return {"database": "unreachable", "migrations": "not checked", "worker": "not checked"}
