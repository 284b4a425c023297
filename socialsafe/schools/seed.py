"""An Education Authority-sized database for the benchmarks: `manage.py seed_authority --schools N`.

About 270 pupils per school (300,000 for the default 1,100 schools), their classes, staff with roles, parents and
carers, 200,000 cases over the last two years (some routed to the Governors), 1,000,000 timeline entries, actions
(some overdue), takedown steps, statutory bullying records, premises bars, teaching accounts and parents' concerns.
All of it fictional and made from a fixed random seed, so two runs with the same N give the same figures.

Rows are made in Python and written in bulk: COPY on PostgreSQL, executemany on SQLite (small N only). Ids are given
here (so that rows can point at each other without reading them back) and the sequences are reset at the end.
The timeline's hash chain is NOT a real chain: prev_hash and hash get unique made-up values (md5 of the id), so
`manage.py verify_audit` will not verify a seeded database. It is for timing pages, never for the tests' data.
"""

import datetime as dt
import hashlib
import itertools
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.timezone import localdate, now

from socialsafe.accounts.models import User
from socialsafe.concerns.models import Concern, ConcernCounter, ConcernStatus, Topic
from socialsafe.incidents.choices import (
    ActionKind,
    ActionStatus,
    BullyingJudgement,
    BullyingMethod,
    BullyingMotivation,
    BullyingOutcome,
    Entry,
    Intervention,
    InterventionLevel,
    Kind,
    Outcome,
    Platform,
    ResponsibleKind,
    Route,
    Status,
    TakedownStage,
    TargetKind,
)
from socialsafe.incidents.models import (
    Action,
    BullyingRecord,
    Incident,
    ReferenceCounter,
    TakedownStep,
    TimelineEntry,
)
from socialsafe.registers.models import AccountStatus, PremisesBan, TeachingAccount
from socialsafe.schools.models import (
    AuthorityOfficer,
    EducationAuthority,
    Guardian,
    GuardianLink,
    Member,
    MemberRole,
    Pupil,
    Relationship,
    School,
    SchoolClass,
)
from socialsafe.schools.roles import Role

SQLITE_MAX_SCHOOLS = 5
PUPILS_PER_SCHOOL = 270
CASES_PER_SCHOOL = 200_000 / 1_100
TIMELINE_PER_CASE = 5  # on average: 1,000,000 for 200,000 cases
DAYS = 730  # cases over the last two years
OFFICER_EMAIL = "officer@ea.example.org"
FIRST_NAMES = (
    "Aoife Ciara Niamh Orla Saoirse Grace Emily Sophie Ella Erin Lucy Hannah Jack James Noah Charlie Oisin Cian Conor "
    "Darragh Rory Adam Harry Thomas Finn Liam Ben Sean Max Eva Chloe Amelia Isla Mia Ruby Olivia Anna Kate"
).split()
LAST_NAMES = (
    "Murphy Kelly Wilson Campbell Smith Brown Robinson Thompson Johnston Quinn Doherty Moore Martin Stewart Bell "
    "McLaughlin Graham Hamilton Boyle Clarke Walsh Kerr Scott McCann Hughes Patterson Reid Gallagher Ferguson Young"
).split()
# How often each kind of case comes up: a primary school sees mostly pupils' cyber-bullying and phones.
KIND_WEIGHTS = {
    Kind.PUPIL_CYBERBULLYING: 34,
    Kind.IMPROPER_CONTACT: 5,
    Kind.STAFF_ABUSE: 10,
    Kind.MALICIOUS_COMMENTS: 12,
    Kind.PUPIL_IMAGES: 8,
    Kind.PUPIL_PHONE: 13,
    Kind.PUPIL_JOIN_STAFF: 3,
    Kind.FIREWALL: 5,
    Kind.STAFF_CONDUCT: 3,
    Kind.ILLEGAL: 2,
    Kind.OTHER: 5,
}
ONLINE_PLATFORMS = [p for p in Platform if p not in (Platform.NONE, Platform.SCHOOL)]
PUPIL_KINDS = {Kind.PUPIL_CYBERBULLYING, Kind.IMPROPER_CONTACT, Kind.PUPIL_IMAGES, Kind.PUPIL_PHONE, Kind.FIREWALL}
ONLINE_BULLYING_METHODS = [
    BullyingMethod.ONLINE_SOCIAL,
    BullyingMethod.ONLINE_MESSAGING,
    BullyingMethod.ONLINE_GAMING,
    BullyingMethod.ONLINE_IMAGES,
]
ACTION_KINDS = [
    ActionKind.EVIDENCE,
    ActionKind.PARENTS_INFORMED,
    ActionKind.MEETING,
    ActionKind.REMOVAL_REQUEST,
    ActionKind.PLATFORM_REPORT,
    ActionKind.ANTI_BULLYING,
    ActionKind.SANCTION,
    ActionKind.REFERRAL_PSNI,
    ActionKind.REFERRAL_EA_LEGAL,
    ActionKind.STAFF_SUPPORT,
]
# Staff of each school, in this order: the Principal first. (role, job title)
STAFF = [
    (Role.PRINCIPAL, "Principal"),
    (Role.VICE_PRINCIPAL, "Vice-Principal"),
    (Role.DESIGNATED_TEACHER, "Designated teacher"),
    (Role.ICT_COORDINATOR, "ICT co-ordinator"),
    (Role.OFFICE, "Office manager"),
    (Role.CHAIR_OF_GOVERNORS, "Chair of the Board of Governors"),
    (Role.GOVERNOR, "Governor"),
]
CLASSES = ["P1", "P2", "P3", "P4A", "P4B", "P5", "P6A", "P6B", "P7", "P7B"]  # ten classes, one teacher each
PRINCIPAL, VICE, DESIGNATED, ICT, OFFICE, CHAIR, GOVERNOR = range(len(STAFF))


class SeedRefused(Exception):
    """The database is not one this command may fill."""


@dataclass
class Seeded:
    schools: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    principal_email: str = ""
    officer_email: str = OFFICER_EMAIL


def check_database(schools: int, *, force: bool) -> None:
    """Refuse SQLite beyond a handful of schools, and any database that already has schools unless forced."""
    if connection.vendor == "sqlite" and schools > SQLITE_MAX_SCHOOLS:
        raise SeedRefused(
            f"SQLite is for at most {SQLITE_MAX_SCHOOLS} schools here: set DATABASE_URL to a PostgreSQL database."
        )
    if connection.vendor not in ("sqlite", "postgresql"):
        raise SeedRefused(f"No bulk loader for {connection.vendor}.")
    if School.objects.exists() and not force:
        raise SeedRefused(
            "This database already has schools: seed a fresh, migrated database (or pass --force to add to it)."
        )


class Writer:
    """Writes rows of one model in bulk, filling every column the caller does not give with the field's default."""

    def __init__(self, progress: Callable[[str], None]):
        self.progress = progress
        self.counts: dict[str, int] = {}

    @staticmethod
    def next_id(model: type[models.Model]) -> int:
        return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    @staticmethod
    def _defaults(model: type[models.Model], with_id: bool) -> tuple[list[str], list[str], list[object]]:
        attnames, columns, defaults = [], [], []
        for f in model._meta.concrete_fields:
            if f.primary_key and not with_id:
                continue  # the database numbers them
            attnames.append(f.attname)
            columns.append(f.column)
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif isinstance(f, (models.CharField, models.TextField, models.FileField)):  # a file field: its name
                value = ""
            else:
                value = None  # the caller must give it
            if isinstance(f, models.JSONField):
                value = json.dumps(value)
            defaults.append(value)
        return attnames, columns, defaults

    def write(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        attnames, columns, defaults = self._defaults(model, with_id="id" in first)
        pairs = list(zip(attnames, defaults, strict=True))
        table = model._meta.db_table
        started, n = time.monotonic(), 0
        tuples = (tuple(row.get(a, d) for a, d in pairs) for row in itertools.chain((first,), rows))
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                    for t in tuples:
                        copy.write_row(t)
                        n += 1
            else:
                # Table and column names come from the models, never from input; the values are parameters.
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})"  # noqa: S608
                batch: list[tuple] = []
                for t in tuples:
                    batch.append(tuple(_sqlite_value(v) for v in t))
                    if len(batch) == 5_000:
                        cursor.executemany(sql, batch)
                        n, batch = n + len(batch), []
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + n
        self.progress(f"  {model._meta.verbose_name_plural}: {n:,} rows in {time.monotonic() - started:.1f} s")
        return n


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class SchoolIds:
    """The ids given to one school's rows, so that later rows can point at them."""

    id: int
    slug: str
    users: list[int]  # one per member, in member order
    members: list[int]  # STAFF order, then the class teachers
    classes: list[int]
    pupils: range
    guardians: range  # guardian i is the parent of pupil i


def seed_authority(
    schools: int = 1_100,
    *,
    force: bool = False,
    seed: int = 14,
    progress: Callable[[str], None] = print,
) -> Seeded:
    """Fill the database with an authority of `schools` schools. One transaction: all of it or none."""
    check_database(schools, force=force)
    started = time.monotonic()
    rng = random.Random(seed)
    writer = Writer(progress)
    today, moment = localdate(), now()
    with transaction.atomic():
        authority = EducationAuthority.objects.create(
            name="Education Authority (seeded)", slug=f"ea-seeded-{School.objects.count()}"
        )
        officer, _ = User.objects.get_or_create(
            email=OFFICER_EMAIL, defaults={"full_name": "Erin Officer", "password": UNUSABLE_PASSWORD_PREFIX}
        )
        AuthorityOfficer.objects.create(authority=authority, user=officer, job_title="Schools' online safety officer")

        progress(f"Schools, classes, staff, pupils and parents for {schools:,} schools …")
        plan = _people(writer, authority, schools, rng, moment)
        progress(f"Cases, their timelines, actions, takedown steps and bullying records (about {_cases(schools):,}) …")
        _cases_and_more(writer, plan, rng, today, moment)
        progress("Premises bars, teaching accounts and parents' concerns …")
        _registers_and_concerns(writer, plan, rng, today, moment)
        progress("Resetting id sequences …")
        models_written = [
            User,
            School,
            SchoolClass,
            Member,
            MemberRole,
            Pupil,
            Guardian,
            GuardianLink,
            Incident,
            TimelineEntry,
            Action,
            TakedownStep,
            BullyingRecord,
            ReferenceCounter,
            PremisesBan,
            TeachingAccount,
            Concern,
            ConcernCounter,
        ]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        progress("ANALYZE …")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = Seeded(
        schools=schools,
        counts=writer.counts,
        seconds=time.monotonic() - started,
        principal_email=_email("principal", plan[0].slug),
    )
    return result


def _cases(schools: int) -> int:
    return round(schools * CASES_PER_SCHOOL)


def _email(who: str, slug: str) -> str:
    return f"{who}@{slug}.example.org"


def _people(writer: Writer, authority, n_schools: int, rng: random.Random, moment) -> list[SchoolIds]:
    school_id, user_id, member_id = writer.next_id(School), writer.next_id(User), writer.next_id(Member)
    class_id, pupil_id, guardian_id = writer.next_id(SchoolClass), writer.next_id(Pupil), writer.next_id(Guardian)
    start = school_id
    plan: list[SchoolIds] = []
    for i in range(n_schools):
        slug = f"seeded-{start + i:04d}"
        staff = len(STAFF) + len(CLASSES)
        pupils = rng.randint(PUPILS_PER_SCHOOL - 120, PUPILS_PER_SCHOOL + 120)
        plan.append(
            SchoolIds(
                id=school_id,
                slug=slug,
                users=list(range(user_id, user_id + staff)),
                members=list(range(member_id, member_id + staff)),
                classes=list(range(class_id, class_id + len(CLASSES))),
                pupils=range(pupil_id, pupil_id + pupils),
                guardians=range(guardian_id, guardian_id + pupils),
            )
        )
        school_id, user_id, member_id = school_id + 1, user_id + staff, member_id + staff
        class_id, pupil_id, guardian_id = class_id + len(CLASSES), pupil_id + pupils, guardian_id + pupils
    towns = "Antrim Armagh Ballymena Bangor Belfast Coleraine Derry Downpatrick Enniskillen Lisburn Newry Omagh".split()
    writer.write(
        School,
        (
            {
                "id": s.id,
                "authority_id": authority.pk,
                "name": f"{towns[n % len(towns)]} Primary School {n + 1:04d}",
                "slug": s.slug,
                "address": f"{n + 1} School Road, {towns[n % len(towns)]}",
                "email": f"info@{s.slug}.example.org",
            }
            for n, s in enumerate(plan)
        ),
    )

    def staff_rows() -> Iterator[tuple[SchoolIds, int, str, str, str]]:
        for s in plan:
            for k in range(len(s.members)):
                role, job = STAFF[k] if k < len(STAFF) else (Role.CLASS_TEACHER, f"{CLASSES[k - len(STAFF)]} teacher")
                yield s, k, role, job, rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)

    staff = list(staff_rows())
    who = {PRINCIPAL: "principal", DESIGNATED: "designated", CHAIR: "chair"}
    writer.write(
        User,
        (
            {
                "id": s.users[k],
                "email": _email(who.get(k, f"staff{k}"), s.slug),
                "full_name": name,
                "password": UNUSABLE_PASSWORD_PREFIX,
                "date_joined": moment,
            }
            for s, k, role, job, name in staff
        ),
    )
    writer.write(
        Member,
        (
            {
                "id": s.members[k],
                "school_id": s.id,
                "user_id": s.users[k],
                "first_name": name.split()[0],
                "last_name": name.split()[1],
                "job_title": job,
            }
            for s, k, role, job, name in staff
        ),
    )
    # The class teachers teach; the vice-principal is the deputy designated teacher too.
    role_rows = [(s.members[k], role) for s, k, role, job, name in staff]
    role_rows += [(s.members[VICE], Role.DEPUTY_DESIGNATED_TEACHER) for s in plan]
    writer.write(MemberRole, ({"member_id": m, "role": r} for m, r in role_rows))
    writer.write(
        SchoolClass,
        (
            {
                "id": s.classes[c],
                "school_id": s.id,
                "name": name,
                "year_group": int(name[1]),
                "teacher_id": s.members[len(STAFF) + c],
            }
            for s in plan
            for c, name in enumerate(CLASSES)
        ),
    )
    born_base = dt.date.today().year - 5

    def pupil_rows() -> Iterator[dict]:
        for s in plan:
            for n, pid in enumerate(s.pupils):
                c = n * len(CLASSES) // len(s.pupils)
                year = int(CLASSES[c][1])
                yield {
                    "id": pid,
                    "school_id": s.id,
                    "reference": f"P{pid:07d}",
                    "first_name": FIRST_NAMES[pid % len(FIRST_NAMES)],
                    "last_name": LAST_NAMES[(pid // 7) % len(LAST_NAMES)],
                    "date_of_birth": dt.date(born_base - year, 1 + pid % 12, 1 + pid % 28),
                    "school_class_id": s.classes[c],
                }

    writer.write(Pupil, pupil_rows())
    titles = ("Mrs", "Mr", "Ms", "")
    writer.write(
        Guardian,
        (
            {
                "id": gid,
                "school_id": s.id,
                "title": titles[gid % 4],
                "first_name": FIRST_NAMES[(gid * 7) % len(FIRST_NAMES)],
                "last_name": LAST_NAMES[(gid // 7) % len(LAST_NAMES)],
                "email": f"parent{gid}@example.net",
            }
            for s in plan
            for gid in s.guardians
        ),
    )
    relationships = (Relationship.MOTHER, Relationship.FATHER, Relationship.MOTHER, Relationship.CARER)
    writer.write(
        GuardianLink,
        (
            {"guardian_id": gid, "pupil_id": pid, "relationship": relationships[gid % 4]}
            for s in plan
            for gid, pid in zip(s.guardians, s.pupils, strict=True)
        ),
    )
    return plan


def _cases_and_more(writer: Writer, plan: list[SchoolIds], rng: random.Random, today: dt.date, moment) -> None:
    n_cases = _cases(len(plan))
    # Some schools have many more cases than others (the EA view points them out): a skewed weight per school.
    weights = [rng.lognormvariate(0, 0.6) for _ in plan]
    total = sum(weights)
    per_school = [int(n_cases * w / total) for w in weights]
    per_school[0] += n_cases - sum(per_school)
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    incident_id = writer.next_id(Incident)
    action_id, entry_id = writer.next_id(Action), writer.next_id(TimelineEntry)

    incidents: list[dict] = []
    actions: list[dict] = []
    entries: list[dict] = []
    takedowns: list[dict] = []
    records: list[dict] = []
    counters: dict[tuple[int, int], int] = {}
    for s, count in zip(plan, per_school, strict=True):
        ages = sorted((rng.random() * DAYS for _ in range(count)), reverse=True)  # oldest first: references rise
        for age in ages:
            kind = rng.choices(kinds, kind_weights)[0]
            reported_at = moment - dt.timedelta(days=age, minutes=rng.randint(0, 600))
            year = reported_at.year
            counters[(s.id, year)] = counters.get((s.id, year), 0) + 1
            row = _incident(s, kind, rng, reported_at, age)
            row["id"] = incident_id
            row["reference"] = f"{s.slug[:3].upper()}-{year}-{counters[(s.id, year)]:04d}"
            incidents.append(row)
            actors = [s.users[PRINCIPAL], s.users[DESIGNATED], row["reported_by_id"]]
            # The timeline: reported, then status changes, actions added and done, notes: 5 entries on average.
            n_entries = max(1, int(rng.expovariate(1 / TIMELINE_PER_CASE) + 0.5)) if age > 3 else rng.randint(1, 3)
            span = max(1.0, min(age, 60.0))
            for e in range(n_entries):
                at = reported_at + dt.timedelta(days=span * e / n_entries)
                kind_e = Entry.REPORTED if e == 0 else rng.choice(_ENTRY_KINDS)
                entries.append(
                    {
                        "id": entry_id,
                        "incident_id": incident_id,
                        "at": at,
                        "actor_id": actors[e % 3],
                        "kind": kind_e,
                        "text": "Case reported." if e == 0 else _ENTRY_TEXT[kind_e],
                        "prev_hash": _md5(f"prev-{entry_id}"),
                        "hash": _md5(f"hash-{entry_id}"),
                    }
                )
                entry_id += 1
            # Actions: two on average; an open case's actions are still to do, some of them overdue.
            for a in range(rng.choice((1, 2, 2, 3))):
                due = (reported_at + dt.timedelta(days=rng.randint(1, 21))).date()
                open_case = row["status"] != Status.CLOSED
                done = not open_case or rng.random() < 0.4
                owner = s.members[(PRINCIPAL, DESIGNATED, VICE, len(STAFF) + rng.randrange(len(CLASSES)))[a % 4]]
                if open_case and not done and rng.random() < 0.5:
                    due = today + dt.timedelta(days=rng.randint(-20, 14))  # overdue or due soon
                kind_a = rng.choice(ACTION_KINDS)
                actions.append(
                    {
                        "id": action_id,
                        "incident_id": incident_id,
                        "kind": kind_a,
                        "title": ActionKind(kind_a).label,
                        "owner_id": owner,
                        "due_on": due,
                        "status": ActionStatus.DONE if done else ActionStatus.OPEN,
                        "created_at": reported_at,
                        "completed_at": reported_at + dt.timedelta(days=rng.randint(0, 20)) if done else None,
                        "completed_by_id": s.users[PRINCIPAL] if done else None,
                    }
                )
                action_id += 1
            if row["platform"] in ONLINE_PLATFORMS and rng.random() < 0.3:
                takedowns.extend(_takedown(incident_id, s, rng, reported_at))
            if kind == Kind.PUPIL_CYBERBULLYING and row["status"] != Status.REPORTED and rng.random() < 0.8:
                records.append(_bullying_record(incident_id, s, rng, reported_at))
            incident_id += 1
        if len(entries) > 200_000:  # keep memory flat: write as we go
            _flush(writer, incidents, entries, actions, takedowns, records)
    _flush(writer, incidents, entries, actions, takedowns, records)
    writer.write(
        ReferenceCounter, ({"school_id": k[0], "year": k[1], "last": last} for k, last in sorted(counters.items()))
    )


def _flush(writer: Writer, *lists: list[dict]) -> None:
    for model, rows in zip((Incident, TimelineEntry, Action, TakedownStep, BullyingRecord), lists, strict=True):
        if rows:
            writer.write(model, rows)
            rows.clear()


_ENTRY_KINDS = [Entry.STATUS, Entry.ACTION_ADDED, Entry.ACTION_DONE, Entry.NOTE, Entry.FACT, Entry.VIEWED]
_ENTRY_TEXT = {
    Entry.STATUS: "Status changed.",
    Entry.ACTION_ADDED: "Action added.",
    Entry.ACTION_DONE: "Action done.",
    Entry.NOTE: "Spoke with the class teacher; parents to be invited in.",
    Entry.FACT: "Fact changed.",
    Entry.VIEWED: "Case viewed.",
}


def _incident(s: SchoolIds, kind: str, rng: random.Random, reported_at, age: float) -> dict:
    pupils = s.pupils
    row = {
        "school_id": s.id,
        "kind": kind,
        "summary": f"{Kind(kind).label} (seeded)",
        "description": "A fictional case made by seed_authority for the benchmarks.",
        "occurred_at": reported_at - dt.timedelta(hours=rng.randint(1, 72)),
        "out_of_hours": rng.random() < 0.4,
        "reported_by_id": s.users[rng.choice((PRINCIPAL, DESIGNATED, len(STAFF) + rng.randrange(len(CLASSES))))],
        "reported_at": reported_at,
        "handler_id": s.members[rng.choice((PRINCIPAL, DESIGNATED, VICE))],
        "platform": Platform.NONE if kind == Kind.PUPIL_PHONE else rng.choice(ONLINE_PLATFORMS),
        "target_kind": TargetKind.PUPIL,
        "responsible_kind": ResponsibleKind.UNKNOWN,
        "route": Route.SCHOOL,
    }
    if kind == Kind.FIREWALL:
        row["platform"] = Platform.SCHOOL
    if kind in PUPIL_KINDS:
        row["target_pupil_id"] = rng.choice(pupils)
        if kind in (Kind.PUPIL_CYBERBULLYING, Kind.PUPIL_PHONE, Kind.FIREWALL):
            row["responsible_kind"] = ResponsibleKind.PUPIL
            row["responsible_pupil_id"] = rng.choice(pupils)
        else:
            row["responsible_kind"] = ResponsibleKind.OUTSIDER
    elif kind in (Kind.STAFF_ABUSE, Kind.MALICIOUS_COMMENTS):
        target = rng.choice((TargetKind.STAFF, TargetKind.STAFF, TargetKind.PRINCIPAL, TargetKind.SCHOOL))
        row["target_kind"] = target
        if target == TargetKind.STAFF:
            row["target_member_id"] = s.members[len(STAFF) + rng.randrange(len(CLASSES))]
        elif target == TargetKind.PRINCIPAL:
            row["target_member_id"] = s.members[PRINCIPAL]
            row["route"] = Route.GOVERNORS
            row["handler_id"] = s.members[CHAIR]
        if rng.random() < 0.6:
            row["responsible_kind"] = ResponsibleKind.PARENT
            row["responsible_guardian_id"] = rng.choice(s.guardians)
    elif kind == Kind.STAFF_CONDUCT:
        row["target_kind"] = TargetKind.SCHOOL
        row["responsible_kind"] = ResponsibleKind.COLLEAGUE
        row["responsible_member_id"] = s.members[len(STAFF) + rng.randrange(len(CLASSES))]
        row["route"] = Route.SCHOOL
    elif kind == Kind.PUPIL_JOIN_STAFF:
        row["target_kind"] = TargetKind.STAFF
        row["target_member_id"] = s.members[len(STAFF) + rng.randrange(len(CLASSES))]
        row["responsible_kind"] = ResponsibleKind.PUPIL
        row["responsible_pupil_id"] = rng.choice(pupils)
    else:
        row["target_kind"] = TargetKind.SCHOOL
    # Older cases are mostly closed; the last month's mostly open.
    if (age > 45 and rng.random() < 0.93) or (age > 7 and rng.random() < 0.4):
        row["status"] = Status.CLOSED
        row["closed_at"] = reported_at + dt.timedelta(days=rng.randint(1, min(40, max(1, int(age)))))
        row["updated_at"] = row["closed_at"]
        row["outcome"] = rng.choice(list(Outcome))
    else:
        row["status"] = rng.choice(
            (Status.REPORTED, Status.TRIAGED, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.AWAITING_OUTCOME)
        )
        row["updated_at"] = reported_at
    return row


def _takedown(incident_id: int, s: SchoolIds, rng: random.Random, reported_at) -> list[dict]:
    on = reported_at.date()
    steps = [TakedownStage.ASKED_POSTER, TakedownStage.REPORTED_PLATFORM]
    if rng.random() < 0.3:
        steps.append(TakedownStage.HELPLINE)
    steps.append(TakedownStage.REMOVED if rng.random() < 0.7 else TakedownStage.NOT_REMOVED)
    rows = []
    for n, stage in enumerate(steps):
        day = on + dt.timedelta(days=n * rng.randint(1, 5))
        rows.append(
            {
                "incident_id": incident_id,
                "stage": stage,
                "on": day,
                "helpline": "rhc" if stage == TakedownStage.HELPLINE else "",
                "by_id": s.users[DESIGNATED],
                "at": reported_at + dt.timedelta(days=n),
            }
        )
    return rows


def _bullying_record(incident_id: int, s: SchoolIds, rng: random.Random, reported_at) -> dict:
    methods = rng.sample(ONLINE_BULLYING_METHODS, rng.randint(1, 2))
    if rng.random() < 0.3:
        methods.append(rng.choice((BullyingMethod.VERBAL, BullyingMethod.INDIRECT)))
    motivations = rng.sample(list(BullyingMotivation), 1 if rng.random() < 0.8 else 2)
    return {
        "incident_id": incident_id,
        "judgement": rng.choice(list(BullyingJudgement)),
        "methods": json.dumps(methods),
        "motivations": json.dumps(motivations),
        "level": rng.choice(list(InterventionLevel)),
        "interventions": json.dumps(rng.sample(list(Intervention), rng.randint(1, 3))),
        "outcome": rng.choice(list(BullyingOutcome)),
        "target_parents_informed_on": reported_at.date() + dt.timedelta(days=1),
        "responsible_parents_informed_on": reported_at.date() + dt.timedelta(days=2),
        "recorded_by_id": s.users[DESIGNATED],
        "recorded_at": reported_at + dt.timedelta(days=3),
        "updated_at": reported_at + dt.timedelta(days=3),
    }


def _registers_and_concerns(writer: Writer, plan: list[SchoolIds], rng: random.Random, today, moment) -> None:
    # A premises bar on about one in 100 cases where a parent was responsible: a few hundred per authority.
    parent_cases = Incident.objects.filter(
        school_id__in=[s.id for s in plan], responsible_kind=ResponsibleKind.PARENT
    ).values_list("id", "school_id", "responsible_guardian_id", "reported_at")
    by_school = {s.id: s for s in plan}
    bars = []
    for pk, school_id, guardian_id, reported_at in parent_cases.iterator(chunk_size=10_000):
        if rng.random() < 0.06:
            starts = reported_at.date() + dt.timedelta(days=3)
            ends = starts + dt.timedelta(days=rng.choice((130, 180, 365)))
            bars.append(
                {
                    "school_id": school_id,
                    "incident_id": pk,
                    "guardian_id": guardian_id,
                    "reason": "Abusive posts about staff (seeded).",
                    "starts_on": starts,
                    "ends_on": ends,
                    "review_on": starts + dt.timedelta(days=(ends - starts).days // 2),
                    "status": "active",
                    "created_by_id": by_school[school_id].users[PRINCIPAL],
                    "created_at": reported_at,
                }
            )
    writer.write(PremisesBan, bars)
    accounts = []
    for s in plan:
        for n in range(4):
            status = (AccountStatus.APPROVED, AccountStatus.APPROVED, AccountStatus.REQUESTED, AccountStatus.DECLINED)[
                n
            ]
            accounts.append(
                {
                    "school_id": s.id,
                    "official": n == 0,
                    "service": ("Facebook", "X", "YouTube", "Class blog")[n],
                    "name": f"{s.slug}-{n}",
                    "purpose": "Sharing the school's news with parents.",
                    "school_class_id": None if n == 0 else s.classes[n],
                    "audience": "Parents",
                    "moderation": "Comments are reviewed daily by the ICT co-ordinator.",
                    "requested_by_id": s.members[ICT],
                    "requested_at": moment - dt.timedelta(days=rng.randint(0, 300)),
                    "status": status,
                    "decided_by_id": None if status == AccountStatus.REQUESTED else s.users[PRINCIPAL],
                    "decided_at": None if status == AccountStatus.REQUESTED else moment,
                    "review_on": today + dt.timedelta(days=rng.randint(-10, 200))
                    if status == AccountStatus.APPROVED
                    else None,
                }
            )
    writer.write(TeachingAccount, accounts)
    # Parents' concerns: about 30 per school over two years; the recent ones still waiting for an answer.
    concern_id = writer.next_id(Concern)
    concerns, counters = [], {}
    for s in plan:
        for age in sorted((rng.random() * DAYS for _ in range(rng.randint(10, 45))), reverse=True):
            confirmed = moment - dt.timedelta(days=age)
            counters[(s.id, confirmed.year)] = counters.get((s.id, confirmed.year), 0) + 1
            if age < 20:
                status = rng.choice((ConcernStatus.NEW, ConcernStatus.ACKNOWLEDGED, ConcernStatus.ANSWERED))
            else:
                status = rng.choice((ConcernStatus.CLOSED, ConcernStatus.CLOSED, ConcernStatus.ANSWERED, "case"))
            answered = status != ConcernStatus.NEW
            concerns.append(
                {
                    "id": concern_id,
                    "school_id": s.id,
                    "reference": f"{s.slug[:3].upper()}-C-{confirmed.year}-{counters[(s.id, confirmed.year)]:04d}",
                    "status": status,
                    "name": "A parent (seeded)",
                    "email": f"concern{concern_id}@example.net",
                    "topic": rng.choice(list(Topic)),
                    "what_happened": "A fictional concern made by seed_authority.",
                    "wanted_outcome": "A reply.",
                    "status_token": _md5(f"concern-{concern_id}") * 2,
                    "created_at": confirmed,
                    "confirmed_at": confirmed,
                    "due_on": (confirmed + dt.timedelta(days=14)).date(),
                    "first_response_at": confirmed + dt.timedelta(days=rng.randint(0, 16)) if answered else None,
                    "closed_at": confirmed + dt.timedelta(days=20) if status == ConcernStatus.CLOSED else None,
                    "updated_at": confirmed,
                }
            )
            concern_id += 1
    writer.write(Concern, concerns)
    writer.write(
        ConcernCounter, ({"school_id": k[0], "year": k[1], "last": last} for k, last in sorted(counters.items()))
    )
