import datetime as dt

import pytest
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from socialsafe.ops import health
from socialsafe.ops.models import WorkerHeartbeat
from socialsafe.ops.services import heartbeat_beat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _migrations_asked_afresh(monkeypatch):
    # The view keeps "all applied" for the life of the process; each test starts from a process that has not asked.
    monkeypatch.setattr(health, "_all_applied", False)


@pytest.fixture
def worker():
    return heartbeat_beat(worker_id="w1", host="app-1", pid=4321, started=now())


def test_it_is_healthy(client, worker):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"database": "ok", "migrations": "ok", "worker": "ok"}
    assert "no-cache" in r["Cache-Control"] and "max-age=0" in r["Cache-Control"]


def test_it_needs_no_sign_in_and_says_nothing_about_the_worker(client, worker):
    body = client.get("/healthz").content.decode()
    assert "app-1" not in body and "4321" not in body and "w1" not in body


def test_it_fails_without_a_worker(client):
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"database": "ok", "migrations": "ok", "worker": "no worker"}


def test_it_fails_when_the_heartbeat_is_over_a_minute_old(client, worker, time_machine):
    time_machine.move_to(worker.beat + dt.timedelta(seconds=59))
    assert client.get("/healthz").status_code == 200
    time_machine.move_to(worker.beat + dt.timedelta(seconds=61))
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["worker"] == "stale"


def test_it_is_healthy_with_one_live_worker_among_dead_ones(client, worker, time_machine):
    time_machine.move_to(worker.beat + dt.timedelta(minutes=5))
    heartbeat_beat(worker_id="w2", host="app-2", pid=99, started=now())
    assert client.get("/healthz").status_code == 200


def test_it_fails_with_an_unapplied_migration(client, worker):
    # The database as it was before this app's migration ran: the code knows a migration the database lacks.
    MigrationRecorder.Migration.objects.filter(app="ops", name="0001_worker_heartbeat").delete()
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"database": "ok", "migrations": "1 unapplied", "worker": "ok"}


def test_it_remembers_migrations_applied_without_asking_again(client, worker, django_assert_max_num_queries):
    assert client.get("/healthz").status_code == 200
    with django_assert_max_num_queries(2):  # SELECT 1 and the newest heartbeat: not the migrations table again
        assert client.get("/healthz").status_code == 200


def test_it_fails_when_the_database_is_unreachable(client, worker, tmp_path):
    # A real connection that cannot connect: the same backend, pointed at a database that is not there.
    real = connections["default"]
    if real.vendor == "postgresql":
        broken_settings = {**real.settings_dict, "PORT": "1", "OPTIONS": {**real.settings_dict["OPTIONS"]}}
    else:
        broken_settings = {**real.settings_dict, "NAME": str(tmp_path / "missing" / "db.sqlite3")}
    broken = type(real)(broken_settings, "default")
    connections["default"] = broken
    try:
        r = client.get("/healthz")
    finally:
        broken.close()
        connections["default"] = real
    assert r.status_code == 503
    assert r.json() == {"database": "unreachable", "migrations": "not checked", "worker": "not checked"}


def test_it_writes_nothing(client, worker):
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
        client.get("/healthz")
    statements = [q["sql"].lstrip().split()[0].upper() for q in queries.captured_queries]
    assert statements and set(statements) == {"SELECT"}, statements
    assert WorkerHeartbeat.objects.get().beat == worker.beat


def test_it_takes_only_get(client, worker):
    assert client.post("/healthz").status_code == 405
