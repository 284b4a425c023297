import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import task
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult

from socialsafe.ops.models import WorkerHeartbeat
from socialsafe.ops.services import heartbeat_beat

# db_worker closes a connection it finds inside a transaction (close_old_connections): no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)


@task
def heartbeats_seen() -> list[str]:
    return list(WorkerHeartbeat.objects.values_list("worker_id", flat=True))


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_it_runs_tasks_with_its_heartbeat_recorded_and_removes_it_when_it_stops(database_tasks):
    result = heartbeats_seen.enqueue()
    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "worker-a", verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).return_value == ["worker-a"]  # alive while it ran the task
    assert not WorkerHeartbeat.objects.exists()  # stopped: /healthz no longer counts it


def test_it_sweeps_the_rows_of_workers_that_died_long_ago(database_tasks, time_machine):
    killed = heartbeat_beat(worker_id="killed", host="app-1", pid=1, started=now())
    time_machine.move_to(killed.beat + dt.timedelta(hours=25))
    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "worker-b", verbosity=0)
    assert not WorkerHeartbeat.objects.exists()


def test_it_refuses_a_backend_that_is_not_the_database():
    # The tests' own TASKS run tasks at once, in the request: there is no queue for a worker to read.
    with pytest.raises(CommandError, match="not a database backend"):
        call_command("worker", "--batch")
