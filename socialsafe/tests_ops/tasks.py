"""A task for the worker test: it writes one row per run, so a task run twice shows as two rows."""

import os
import time

from django.db import connection
from django.tasks import task

RUNS_TABLE = "tests_ops_task_run"


@task(takes_context=True)
def record_run(context, n: int) -> int:
    # Long enough that both workers are busy at once; short enough for 100 runs in a few seconds.
    time.sleep(0.03)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RUNS_TABLE} (task_id, n, pid) VALUES (%s, %s, %s)",  # noqa: S608 (a constant)
            [str(context.task_result.id), n, os.getpid()],
        )
    return n
