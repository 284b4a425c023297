"""The audit log at 1,000,000 events: the case page's "who has looked at this case", "who downloaded this
evidence item", and `manage.py verify_audit` over the whole chain, against a 5 s target.

Run: .venv/bin/python bench/bench_audit.py [--events 1000000] [--cases 5000]

It builds a throw-away SQLite database in a temporary folder (migrate, then the events through the ordinary chained
AuditEvent.objects.bulk_create, spread over 50 schools, their cases and evidence, oldest first) and times each
query as the pages run it. Baseline, in the same run: the same SQL with the table NOT INDEXED (a full scan), and,
for verify_audit, reading the same columns with no hashing (the floor for any walk of the chain).
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 5.0
SCHOOLS = 50
PEOPLE = 500
BATCH = 10_000


def timed(fn, runs: int) -> tuple[float, object]:
    """The median wall time of fn() over `runs` calls, in seconds, and its last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=5_000)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    var = tempfile.mkdtemp(prefix="socialsafe-bench-audit-")
    os.environ["SOCIALSAFE_VAR_DIR"] = var
    os.environ["DJANGO_SETTINGS_MODULE"] = "socialsafe.settings"
    os.environ.pop("DATABASE_URL", None)  # always the temporary SQLite database, never a real one

    import django

    django.setup()
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.timezone import now

    from socialsafe.accounts.models import User
    from socialsafe.audit.chain import GENESIS, attnames, link
    from socialsafe.audit.models import AuditEvent
    from socialsafe.schools.models import EducationAuthority, School

    print(f"Building {args.events:,} audit events in {var} …", flush=True)
    call_command("migrate", verbosity=0)
    authority = EducationAuthority.objects.create(name="Education Authority", slug="ea")
    schools = School.objects.bulk_create(
        [School(authority=authority, name=f"School {n}", slug=f"school-{n}") for n in range(SCHOOLS)]
    )
    people = User.objects.bulk_create(
        [User(email=f"person{n}@example.com", password=UNUSABLE_PASSWORD_PREFIX) for n in range(PEOPLE)]
    )
    rng = random.Random(1)
    items_per_case = 4
    start = now() - dt.timedelta(days=365)
    step = (365 * 24 * 3600) / args.events
    verbs = [  # roughly what a school's log holds: mostly people reading cases and their evidence
        ("incident.viewed", 40),
        ("evidence.viewed", 20),
        ("evidence.downloaded", 5),
        ("incident.updated", 15),
        ("incident.note_added", 10),
        ("letters.downloaded.pdf", 5),
        ("member.signed_in", 5),
    ]
    names, weights = zip(*verbs, strict=True)

    def event(n: int) -> tuple:
        case = rng.randrange(1, args.cases + 1)
        verb = rng.choices(names, weights)[0]
        if verb.startswith("evidence."):
            item = case * items_per_case + rng.randrange(items_per_case)
            target = ("evidence.evidenceitem", str(item), f"chat{item}.png ({item:012x})")
        elif verb == "member.signed_in":
            case, target = None, ("schools.member", str(rng.randrange(PEOPLE)), "A member")
        else:
            target = ("incidents.incident", str(case), f"GLE-2026-{case:04d}")
        school, actor = schools[(case or 0) % SCHOOLS].pk, people[rng.randrange(PEOPLE)].pk
        return (school, actor, verb, *target, case, {}, "192.0.2.1", start + dt.timedelta(seconds=n * step))

    # The million go in with executemany, hashed by the same socialsafe.audit.chain.link the models use (the ORM
    # costs more per row than the hash: its own rate is measured below, on rows appended to the same chain).
    columns = ", ".join(attnames(AuditEvent, AuditEvent.CHAIN_FIELDS))
    insert = f"INSERT INTO audit_auditevent ({columns}, prev_hash, hash) VALUES ({', '.join(['%s'] * 12)})"  # noqa: S608
    orm = min(10_000, args.events // 10)
    prev = GENESIS
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB: two unique indexes of random hashes to grow
    t0 = time.perf_counter()
    for first in range(0, args.events - orm, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, args.events - orm)):
            values = event(n)
            hash_ = link(prev, values)
            *head, data, ip, at = values
            batch.append((*head, json.dumps(data), ip, at.replace(tzinfo=None), prev, hash_))
            prev = hash_
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, batch)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    for first in range(args.events - orm, args.events, 1_000):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(**dict(zip(attnames(AuditEvent, AuditEvent.CHAIN_FIELDS), event(n), strict=True)))
                for n in range(first, min(first + 1_000, args.events))
            ]
        )
    through_orm = time.perf_counter() - t0
    size = Path(connection.settings_dict["NAME"]).stat().st_size / 2**20

    def looked_at(case_id: int):
        # incidents.views.detail: "who has looked at this case"
        return (
            AuditEvent.objects.filter(case_id=case_id, verb="incident.viewed")
            .select_related("actor")
            .order_by("-at")[:20]
        )

    def downloaded(item_id: int):
        return (
            AuditEvent.objects.filter(
                target_type="evidence.evidenceitem", target_id=str(item_id), verb="evidence.downloaded"
            )
            .select_related("actor")
            .order_by("-at")
        )

    def scan(qs):
        sql, params = qs.query.sql_with_params()
        sql = sql.replace('FROM "audit_auditevent"', 'FROM "audit_auditevent" NOT INDEXED', 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def plan(qs) -> str:
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "; ".join(row[-1] for row in cursor.fetchall())

    cases = [rng.randrange(1, args.cases + 1) for _ in range(200)]
    items = [c * items_per_case + rng.randrange(items_per_case) for c in cases]
    rows = []
    for label, query, keys in [
        ("who has looked at this case", looked_at, cases),
        ("who downloaded this item", downloaded, items),
    ]:
        it = iter(keys)
        indexed, _ = timed(lambda q=query, i=it: list(q(next(i))), runs=len(keys))
        it = iter(keys)
        full, _ = timed(lambda q=query, i=it: scan(q(next(i))), runs=5)
        rows.append((label, indexed, full, statistics.mean(len(list(query(k))) for k in keys), plan(query(keys[0]))))

    out = io.StringIO()
    verify, _ = timed(lambda: call_command("verify_audit", stdout=out), runs=1)

    def floor():
        n = 0
        for _ in (
            AuditEvent._base_manager.order_by("pk")
            .values_list(
                "pk",
                "prev_hash",
                "hash",
                "school_id",
                "actor_id",
                "verb",
                "target_type",
                "target_id",
                "target_repr",
                "case_id",
                "data",
                "ip_address",
                "at",
            )
            .iterator(chunk_size=10_000)
        ):
            n += 1
        return n

    read, _ = timed(floor, runs=1)

    print(
        f"Audit log of {args.events:,} events over {SCHOOLS} schools and {args.cases:,} cases, on {os.cpu_count()} cores"
    )
    print(
        f"built in {build + through_orm:.1f} s, {size:,.0f} MiB: {args.events - orm:,} by executemany "
        f"({(args.events - orm) / build:,.0f} events/s, hashing included), then {orm:,} through the chained "
        f"AuditEvent.objects.bulk_create ({orm / through_orm:,.0f} events/s)"
    )
    print(f"{'':30}{'SocialSafe (indexed)':>22}{'baseline (full scan)':>22}{'target':>10}")
    for label, indexed, full, n, how in rows:
        print(f"{label + ' (ms)':30}{indexed * 1000:>22.2f}{full * 1000:>22.1f}{TARGET_SECONDS * 1000:>10.0f}")
        print(f"  {n:.1f} rows shown on average; plan: {how}")
    print(f"{'verify_audit, whole chain (s)':30}{verify:>22.1f}{read:>22.1f}{'–':>10}")
    print("  (baseline: reading the same columns without hashing)")
    print("  " + out.getvalue().strip().replace("\n", "\n  "))
    connection.close()
    shutil.rmtree(var)
    return 0 if max(indexed for _, indexed, _, _, _ in rows) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
