"""Two `db_worker` processes on one PostgreSQL database share 100 tasks and run each exactly once.

django-tasks-db claims a task in one transaction: `SELECT … WHERE status = 'READY' … FOR UPDATE SKIP LOCKED LIMIT 1`,
then `UPDATE … SET status = 'RUNNING'`, then commit. A second worker skips the row while it is locked, and once the
claim is committed the row no longer matches `READY` (PostgreSQL checks the condition again on the row it locks), so
no two workers can claim one task. The test shows it with real processes.
"""

import time

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from socialsafe.tests_ops.live import NOT_POSTGRES, ON_POSTGRES, manage_py, process_env, spawn, stop, wait_until
from socialsafe.tests_ops.tasks import RUNS_TABLE, record_run

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ON_POSTGRES, reason=NOT_POSTGRES)]

TASKS = 100
WORKERS = ("worker-a", "worker-b")


@pytest.fixture
def runs_table(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (task_id text NOT NULL, n integer NOT NULL, pid integer NOT NULL)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RUNS_TABLE}")


def runs() -> list[tuple[str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT task_id, n, pid FROM {RUNS_TABLE}")  # noqa: S608 (a constant)
        return cursor.fetchall()


def test_two_workers_run_every_task_once(runs_table, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = process_env(tmp_path)
    logs = {w: tmp_path / f"{w}.log" for w in WORKERS}
    workers = [
        spawn(env, *manage_py("db_worker", "--interval", "0.05", "--worker-id", w), log=logs[w]) for w in WORKERS
    ]
    try:
        # Both must be polling before the tasks arrive, or the first one up could take them all.
        wait_until(
            lambda: all("Starting worker" in log.read_text() for log in logs.values()),
            timeout=120,
            what="both workers to start",
        )
        time.sleep(1)  # each sleeps up to a second before its first poll (django-tasks-db's start-up jitter)
        enqueued = {str(record_run.enqueue(n).id) for n in range(TASKS)}
        wait_until(
            lambda: DBTaskResult.objects.finished().count() == TASKS or any(w.poll() is not None for w in workers),
            timeout=120,
            what=f"{TASKS} tasks to finish",
        )
        assert all(w.poll() is None for w in workers), [log.read_text()[-3000:] for log in logs.values()]
    finally:
        for w in workers:
            stop(w)

    done = runs()
    assert len(done) == TASKS
    assert {task_id for task_id, _n, _pid in done} == enqueued  # 100 distinct tasks, each run once
    assert sorted(n for _id, n, _pid in done) == list(range(TASKS))
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert [status for status, _ in results] == ["SUCCESSFUL"] * TASKS
    assert all(len(ids) == 1 for _, ids in results)  # claimed once, by one worker
    by_worker = {w: sum(ids == [w] for _, ids in results) for w in WORKERS}
    assert all(by_worker.values()), by_worker  # both took their share
    assert len({pid for _id, _n, pid in done}) == 2
    print(f"{TASKS} tasks, each run once: {by_worker}")
