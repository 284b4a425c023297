"""Every writer of the three logs chains its rows: each row points at the hash of the one before it."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from socialsafe.audit.chain import GENESIS, chain_existing, chain_verify
from socialsafe.audit.models import AuditEvent
from socialsafe.audit.services import audit_record
from socialsafe.audit.tests.conftest import LOGS, drop_triggers
from socialsafe.lib.tests.clock import ago

pytestmark = pytest.mark.django_db

each_log = pytest.mark.parametrize(("model", "table", "noun"), LOGS, ids=[t for _, t, _ in LOGS])


def chain_of(model) -> list[tuple[str, str]]:
    return list(model._base_manager.order_by("pk").values_list("prev_hash", "hash"))


@each_log
def test_it_links_each_row_to_the_one_before(rows, model, table, noun):
    links = chain_of(model)
    assert links[0][0] == GENESIS
    assert [prev for prev, _ in links[1:]] == [h for _, h in links[:-1]]
    assert len({prev for prev, _ in links}) == len(links)  # no two rows share a prev_hash
    assert all(len(h) == 64 for _, h in links)


def test_bulk_create_chains_its_rows_in_order(principal):
    audit_record(actor=principal.user, verb="first.one", school=principal.school)
    AuditEvent.objects.bulk_create(
        [AuditEvent(school=principal.school, verb=f"bulk.{i}", data={"i": i}) for i in range(5)], batch_size=2
    )
    links = chain_of(AuditEvent)
    assert len(links) == 6
    assert [prev for prev, _ in links[1:]] == [h for _, h in links[:-1]]
    assert chain_verify(AuditEvent).intact


def test_bulk_create_may_not_skip_rows(principal):
    with pytest.raises(ValueError, match="cannot skip or overwrite"):
        AuditEvent.objects.bulk_create([AuditEvent(verb="x.y")], ignore_conflicts=True)


def test_it_hashes_what_the_database_gives_back(principal, rf):
    # Values the database normalises on the way in (an IPv6 address, a time in another zone) hash the same after.
    belfast_now = ago(minutes=5).astimezone(ZoneInfo("Europe/London"))
    request = rf.get("/", REMOTE_ADDR="2001:0db8:0000:0000:0000:0000:0000:0001")
    audit_record(actor=principal.user, verb="x.y", school=principal.school, request=request, data={"é": [1, 2.5]})
    AuditEvent.objects.create(verb="x.z", at=belfast_now.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))))
    assert chain_verify(AuditEvent).intact


def test_several_appends_in_a_row_have_distinct_prev_hashes(principal):
    for i in range(20):
        audit_record(actor=principal.user, verb=f"x.{i}", school=principal.school)
    links = chain_of(AuditEvent)
    assert len({prev for prev, _ in links}) == 20
    assert chain_verify(AuditEvent).intact


def test_the_data_migration_chains_rows_already_there(rows):
    # As 0006_chain_existing does for rows written before the chain existed (here, rows given junk hashes).
    drop_triggers("audit_auditevent")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET prev_hash = 'old' || id, hash = 'junk' || id")
    assert not chain_verify(AuditEvent).intact
    chain_existing(AuditEvent, AuditEvent.CHAIN_FIELDS, batch=2)
    report = chain_verify(AuditEvent)
    assert (report.rows, report.problem_count) == (3, 0)


@pytest.mark.django_db(transaction=True)
def test_writers_in_parallel_never_fork_the_chain(principal):
    # Several web processes append at once on PostgreSQL; the advisory lock makes them take turns.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself; the lock is PostgreSQL's")
    errors = []

    def write(n: int) -> None:
        try:
            for i in range(15):
                audit_record(actor=None, verb=f"writer{n}.{i}", school=principal.school)
        except Exception as e:  # reported below, in the test's own thread
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    links = chain_of(AuditEvent)
    assert len(links) == 90
    assert len({prev for prev, _ in links}) == 90
    assert chain_verify(AuditEvent).problem_count == 0
