"""Hash chains over the three append-only logs: audit events, a case's timeline and the evidence chain of custody.

Each row stores `prev_hash`, the `hash` of the row before it in its table (in id order), and its own `hash`:
sha256 of `prev_hash`, a newline and a canonical JSON list of its content fields (CHAIN_FIELDS on the model). A row
changed in place no longer matches its hash; a row deleted leaves the next row pointing at a hash nobody has; rows
swapped point at the wrong neighbours. `manage.py verify_audit` walks the chains.

One chain per table, not per school: one walk proves the whole table, a row cannot be moved between chains, and the
cost (appends to a table are serialised) is small for a school's volume of writes. On PostgreSQL several web
processes append at once, so an append first takes a transaction-scoped advisory lock on the table's chain; on
SQLite writers are already serialised (settings use IMMEDIATE transactions, and a deferred writer that read a stale
head gets SQLITE_BUSY rather than forking the chain). Unique indexes on `prev_hash` and `hash` refuse a fork even
from a writer that skipped the lock.

The id is not hashed (it is not known before the insert); order is proved by the links instead.

Rows may leave a log only through a sanctioned destruction (socialsafe.retention.destruction), which keeps the
(prev_hash, hash) of every row it removes and no content. A gap is accepted when those kept links lead, one by one,
from the hash the walk expected to the prev_hash the next row holds: exactly the rows destroyed, in order, and no
others. Apps above this one register where such links are kept with `register_gap_source`.
"""

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connections, models, router, transaction
from django.utils import timezone

GENESIS = ""  # the prev_hash of a table's first row
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def plain(value):
    """A value as the hash sees it: datetimes as UTC with microseconds, whatever the zone they came in."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())  # as Django would store it
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def link(prev_hash: str, values: Iterable) -> str:
    """The hash of a row with these content values, following the row whose hash is `prev_hash`."""
    body = _ENCODER.encode([plain(v) for v in values])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def attnames(model: type[models.Model], names: Sequence[str]) -> list[str]:
    """The database attribute names of the chained fields (school_id for school)."""
    return [model._meta.get_field(n).attname for n in names]


@functools.cache
def _converters(model: type[models.Model], names: tuple[str, ...]) -> list:
    out = []
    for name in names:
        f = model._meta.get_field(name)
        # to_python normalises as the database will: an IPv6 address, a datetime given as text, an id as "12".
        convert = f.target_field.to_python if f.is_relation else f.to_python
        out.append((f.attname, None if isinstance(f, models.JSONField) else convert))
    return out


def row_values(obj: models.Model, names: Sequence[str]) -> list:
    """An unsaved row's content values, converted as the database will give them back."""
    values = []
    for attname, convert in _converters(type(obj), tuple(names)):
        value = getattr(obj, attname)
        values.append(value if value is None or convert is None else convert(value))
    return values


def lock_key(model: type[models.Model]) -> int:
    """A stable 64-bit advisory-lock key for a table's chain."""
    return int.from_bytes(hashlib.sha256(f"chain:{model._meta.db_table}".encode()).digest()[:8], "big", signed=True)


def chain_extend(model: type[models.Model], objs: Sequence[models.Model], *, using: str) -> None:
    """Set prev_hash and hash on unsaved rows, in order, after the table's last row.

    Call it inside the atomic block that inserts them: the lock it takes on PostgreSQL lasts until that commits.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("Chained rows must be appended inside transaction.atomic().")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(model)])
    prev = model._base_manager.using(using).order_by("-pk").values_list("hash", flat=True).first() or GENESIS
    for obj in objs:
        obj.prev_hash = prev
        obj.hash = prev = link(prev, row_values(obj, model.CHAIN_FIELDS))


def chained_bulk_create(queryset: models.QuerySet, objs, *args, **kwargs):
    """bulk_create for a hash-chained table: the rows are chained in the order given, under the chain's lock."""
    if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
        raise ValueError("A chained log cannot skip or overwrite rows.")
    objs = list(objs)
    with transaction.atomic(using=queryset.db):
        chain_extend(queryset.model, objs, using=queryset.db)
        return models.QuerySet.bulk_create(queryset, objs, *args, **kwargs)


def chained_save(obj: models.Model, save, *args, **kwargs) -> None:
    """Insert a new row of a hash-chained table, chained after the last one under the chain's lock."""
    using = kwargs.get("using") or router.db_for_write(type(obj), instance=obj)
    with transaction.atomic(using=using):
        chain_extend(type(obj), [obj], using=using)
        save(*args, **kwargs)


GapSource = Callable[[str], Iterable[tuple[str, str]]]
_GAP_SOURCES: list[GapSource] = []


def register_gap_source(source: GapSource) -> None:
    """Add a function that gives, for a table name, the (prev_hash, hash) links of its rows destroyed by sanction."""
    if source not in _GAP_SOURCES:
        _GAP_SOURCES.append(source)


def sanctioned_links(table: str) -> dict[str, str]:
    """prev_hash -> hash of every sanctioned removed row of the table."""
    return {prev: hash_ for source in _GAP_SOURCES for prev, hash_ in source(table)}


def _bridged(expected: str, prev_hash: str, links: dict[str, str]) -> int:
    """How many removed rows lead from `expected` to `prev_hash` (0 when the kept links do not bridge the gap)."""
    steps, at = 0, expected
    while at != prev_hash:
        if at not in links or steps > len(links):
            return 0
        at, steps = links[at], steps + 1
    return steps


@dataclass
class ChainReport:
    """What a walk of one table's chain found: (row id, what is wrong) for the first problems, and how many."""

    label: str
    rows: int = 0
    head: str = GENESIS
    problems: list[tuple[int, str]] = field(default_factory=list)
    problem_count: int = 0
    triggers: bool = True
    destroyed: int = 0  # rows removed by a sanctioned destruction, whose gaps were accepted

    @property
    def intact(self) -> bool:
        return self.problem_count == 0 and self.triggers

    def add(self, pk: int, problem: str, limit: int) -> None:
        self.problem_count += 1
        if len(self.problems) < limit:
            self.problems.append((pk, problem))


def chain_verify(model: type[models.Model], *, using: str = "default", limit: int = 20) -> ChainReport:
    """Walk a table's chain in id order, recomputing every hash; it streams, so memory stays flat."""
    from socialsafe.audit.triggers import append_only_installed

    report = ChainReport(label=str(model._meta.verbose_name_plural).capitalize())
    report.triggers = append_only_installed(model._meta.db_table, connection=connections[using])
    rows = model._base_manager.using(using).order_by("pk")
    expected = GENESIS
    links = sanctioned_links(model._meta.db_table)
    columns = rows.values_list("pk", "prev_hash", "hash", *attnames(model, model.CHAIN_FIELDS))
    for pk, prev_hash, hash_, *values in columns.iterator(chunk_size=10_000):
        report.rows += 1
        if link(prev_hash, values) != hash_:
            report.add(pk, "altered (its content no longer matches its hash)", limit)
        if prev_hash != expected:
            bridged = _bridged(expected, prev_hash, links) if links else 0
            if bridged:
                report.destroyed += bridged
            else:
                report.add(pk, _misplaced(rows, prev_hash), limit)
        expected = hash_
    report.head = expected
    return report


def _misplaced(rows: models.QuerySet, prev_hash: str) -> str:
    if prev_hash == GENESIS:
        return "out of order (it claims to be the first row)"
    follows = rows.filter(hash=prev_hash).values_list("pk", flat=True).first()
    if follows is None:
        return "the row before it is missing (deleted, or its hash rewritten)"
    return f"out of order (it follows row {follows}, not the row before it)"


def chain_existing(model: type[models.Model], names: Sequence[str], *, batch: int = 1000) -> None:
    """Chain the rows already in a table, in id order (for the data migration that brings in the chain).

    `model` is the migration's historical model; `names` is the migration's own copy of the chained fields.
    """
    columns = attnames(model, names)
    prev, last = GENESIS, 0
    while rows := list(model._base_manager.filter(pk__gt=last).order_by("pk").values_list("pk", *columns)[:batch]):
        chained = []
        for pk, *values in rows:
            hash_ = link(prev, values)
            chained.append(model(pk=pk, prev_hash=prev, hash=hash_))
            prev, last = hash_, pk
        model._base_manager.bulk_update(chained, ["prev_hash", "hash"])
