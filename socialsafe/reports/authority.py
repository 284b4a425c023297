"""The Education Authority's view: the Governors' figures for each of its schools, as counts and nothing else.

Read-only. Each figure is one GROUP BY school query over the authority's schools, whatever their number, so the
page costs the same dozen queries for 3 schools or 1,100; the rows are put together, sorted and flagged in Python.
No query here returns a name, a reference or a free text: only school ids, counts and motivation values.

Small numbers (socialsafe.reports.suppress): a count from 1 to 4 is "fewer than 5" in a school's row, in a total
and in the CSV. A total over rows some of which are hidden is given as the range those rows allow ("36 to 42"),
so that nobody can subtract the shown schools from the total to find a hidden one. Sorting puts every hidden count
in one band (between 0 and 5, by school name), so that the order does not tell 1 from 4 either.
"""

import datetime as dt
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils.timezone import get_current_timezone, localdate

from socialsafe.concerns.models import Concern
from socialsafe.incidents.choices import ActionKind, ActionStatus, BullyingMotivation, TakedownStage
from socialsafe.incidents.models import Action, BullyingRecord, Incident, TakedownStep
from socialsafe.registers.models import PremisesBan
from socialsafe.reports.suppress import FEWER, SMALLEST_SHOWN, suppress
from socialsafe.reports.suppress import Count as Shown
from socialsafe.reports.terms import previous_term, term_for
from socialsafe.schools.models import Member, Pupil, School


# --- The period: a term of the Northern Ireland school year (socialsafe.reports.terms), or the last 12 months ---
@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def text(self) -> str:
        return f"{self.start.day} {self.start:%b %Y} to {self.end.day} {self.end:%b %Y}"


PERIODS = {"term": "This term", "previous": "Previous term", "year": "Last 12 months"}


def period_for(key: str, today: dt.date | None = None) -> Period:
    """The period a report covers; an unknown key is this term (in July and August, the Summer term just ended)."""
    today = today or localdate()
    if key == "year":
        return Period("year", PERIODS["year"], today - dt.timedelta(days=364), today)
    key = "previous" if key == "previous" else "term"
    term = previous_term(term_for(today)) if key == "previous" else term_for(today)
    return Period(key, f"{PERIODS[key]}: {term.label}", term.start, term.end)


# --- The figures ---
@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    short: str  # the column heading
    means: str  # what it counts, for the key under the table
    now: bool = False  # counted as things stand today, whatever the period


FIGURES = [
    Figure("cases", "Cases opened", "Opened", "cases reported in the period"),
    Figure("open", "Open cases now", "Open now", "cases not yet closed, today", now=True),
    Figure("overdue", "Overdue actions now", "Overdue now", "actions still to do after their date, today", now=True),
    Figure(
        "bullying",
        "Statutory bullying records",
        "Bullying",
        "statutory records of bullying or alleged bullying (Addressing Bullying in Schools Act) of cases opened in the "
        "period",
    ),
    Figure(
        "escalations",
        "Cases escalated to the PSNI or EA Legal",
        "Escalated",
        "cases reported to the PSNI or referred to EA Legal in the period",
    ),
    Figure("removals", "Removals achieved", "Removed", "cases whose content was taken down in the period"),
    Figure(
        "bars",
        "Premises bars in force now",
        "Bars now",
        "parents' licences to enter the premises revoked, today",
        now=True,
    ),
    Figure("concerns", "Parents' concerns", "Concerns", "concerns raised by parents in the period"),
    Figure(
        "repeat",
        "Pupils with repeat cases",
        "Repeat pupils",
        "pupils who are the subject of two or more cases opened in the period",
    ),
]
FIGURE_KEYS = [f.key for f in FIGURES]
# The page shows the figures in two tables of a few columns each, so that each fits a screen and a printed page.
GROUPS = [
    ("Cases and actions", ["cases", "open", "overdue", "repeat", "escalations"]),
    ("Bullying, removals, premises bars and parents' concerns", ["bullying", "removals", "bars", "concerns"]),
]

# Schools that may need support: these figures, at least twice the authority's median and at least 5.
FLAG_FIGURES = ("overdue", "repeat")
FLAG_TIMES_MEDIAN = 2

BY_KEY = {f.key: f for f in FIGURES}
SORTS = ["name", "pupils", "staff", *FIGURE_KEYS, "support"]


@dataclass
class SchoolRow:
    id: int
    name: str
    pupils: int = 0
    staff: int = 0
    counts: dict[str, Shown] = field(default_factory=dict)
    motivation: str = ""  # the school's most frequent motivation, only when it counts 5 or more
    flags: list[str] = field(default_factory=list)  # labels of the figures that stand out

    def cells(self) -> list[Shown]:
        return [self.counts[k] for k in FIGURE_KEYS]

    @property
    def grouped(self) -> list[list[tuple[Figure, Shown]]]:
        return [[(BY_KEY[k], self.counts[k]) for k in keys] for _, keys in GROUPS]


@dataclass
class Report:
    period: Period
    rows: list[SchoolRow]  # filtered and sorted
    school_count: int  # all the officer's schools
    totals: list[str]
    thresholds: dict[str, int]
    motivations: list[tuple[str, Shown]]  # across all the officer's schools, most frequent first

    @property
    def grouped_totals(self) -> list[list[tuple[Figure, str]]]:
        # No-break spaces keep "36 to 42" on one line without making a phone's stacked label unbreakable.
        total = {k: t.replace(" ", "\u00a0") for k, t in zip(FIGURE_KEYS, self.totals, strict=True)}
        return [[(BY_KEY[k], total[k]) for k in keys] for _, keys in GROUPS]

    @property
    def pupils(self) -> int:
        return sum(r.pupils for r in self.rows)

    @property
    def staff(self) -> int:
        return sum(r.staff for r in self.rows)


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    zone = get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, zone)
    return start, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, zone)


def _by_school(qs: QuerySet, key: str = "school_id", n=None) -> dict[int, int]:
    """{school id: count} from one GROUP BY query."""
    # COUNT(*) needs no column but the school's: an index on the school (and the filter's columns) answers it alone.
    rows = qs.order_by().values(key).annotate(n=n or Count("*")).values_list(key, "n")
    return dict(rows)


def _per_school(qs: QuerySet) -> Coalesce:
    """A count subquery for each school's row: one short index scan per school (schools_pupil's
    pupil_current_school answers the pupils alone), cheaper than grouping 300,000 pupils and joining them back."""
    one = qs.filter(school=OuterRef("pk")).order_by().values("school").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(one), 0)


def _figures(scope: QuerySet, period: Period, today: dt.date) -> tuple[dict[str, dict[int, int]], dict]:
    """Every figure as {school id: count}, one query each, and each school's motivation counts."""
    start, end = _bounds(period)
    opened = Q(reported_at__gte=start, reported_at__lt=end)
    cases = Incident.objects.filter(school_id__in=scope)
    records = BullyingRecord.objects.filter(
        incident__school_id__in=scope, incident__reported_at__gte=start, incident__reported_at__lt=end
    )
    repeats = Counter(
        school
        for school, n in cases.filter(opened, target_pupil__isnull=False)
        .order_by()
        .values("school_id", "target_pupil_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
        if n > 1
    )
    figures = {
        "cases": _by_school(cases.filter(opened)),
        "open": _by_school(cases.open()),
        "overdue": _by_school(
            Action.objects.filter(incident__school_id__in=scope, status=ActionStatus.OPEN, due_on__lt=today),
            "incident__school_id",
        ),
        "escalations": _by_school(
            Action.objects.filter(
                incident__school_id__in=scope,
                kind__in=[ActionKind.REFERRAL_PSNI, ActionKind.REFERRAL_EA_LEGAL],
                status=ActionStatus.DONE,
                completed_at__gte=start,
                completed_at__lt=end,
            ),
            "incident__school_id",
            Count("incident_id", distinct=True),
        ),
        "removals": _by_school(
            TakedownStep.objects.filter(
                incident__school_id__in=scope, stage=TakedownStage.REMOVED, on__gte=period.start, on__lte=period.end
            ),
            "incident__school_id",
            Count("incident_id", distinct=True),
        ),
        "bars": _by_school(PremisesBan.objects.in_force(today).filter(school_id__in=scope)),
        "concerns": _by_school(
            Concern.objects.sent().filter(school_id__in=scope, created_at__gte=start, created_at__lt=end)
        ),
        "repeat": dict(repeats),
    }
    # One query gives both the statutory records per school and their motivations (a record may give several),
    # read as the JSON list's text: a value is found with its quotes ("other" is not "online_other", as in
    # selectors.bullying_records), without decoding thousands of lists.
    quoted = [(value, f'"{value}"') for value in BullyingMotivation.values]
    motivations: dict[int, Counter] = {}
    bullying: Counter = Counter()
    lists = records.order_by().annotate(text=Cast("motivations", TextField()))
    for school, text in lists.values_list("incident__school_id", "text"):
        bullying[school] += 1
        motivations.setdefault(school, Counter()).update(value for value, q in quoted if q in (text or ""))
    figures["bullying"] = dict(bullying)
    return figures, motivations


def _median(values: list[int]) -> float:
    return statistics.median(values) if values else 0


def total_text(cells: list[Shown]) -> str:
    """The total of a column as the page may show it: exact when every cell is shown, else the range it allows."""
    shown = sum(c.value for c in cells if c.shown)
    hidden = sum(1 for c in cells if not c.shown)
    if not hidden:
        return suppress(shown).text
    low, high = shown + hidden, shown + hidden * (SMALLEST_SHOWN - 1)
    if high < SMALLEST_SHOWN:
        return FEWER
    return f"{low} to {high}"


def sort_key(sort: str):
    """The key for `sort` (one of SORTS): hidden counts all sort as one band, between 0 and 5."""
    if sort == "name":
        return lambda r: (r.name.casefold(), r.id)
    if sort in ("pupils", "staff"):
        return lambda r: (getattr(r, sort), r.name.casefold(), r.id)
    if sort == "support":
        return lambda r: (len(r.flags), r.name.casefold(), r.id)
    return lambda r: (r.counts[sort].value if r.counts[sort].shown else 1, r.name.casefold(), r.id)


def _sorted(rows: list[SchoolRow], sort: str) -> list[SchoolRow]:
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in SORTS:
        key, descending = "name", False
    if not descending or key == "name":
        return sorted(rows, key=sort_key(key), reverse=descending)
    # Largest first, but schools that tie stay in name order.
    ordered = sorted(rows, key=lambda r: (r.name.casefold(), r.id))
    return sorted(ordered, key=lambda r: sort_key(key)(r)[0], reverse=True)


def authority_report(
    *, authority_ids: list[int], period: Period, query: str = "", sort: str = "name", today: dt.date | None = None
) -> Report:
    """The authority's schools, each with its counts for the period, filtered by name, sorted, flagged."""
    today = today or localdate()
    schools = School.objects.filter(authority_id__in=authority_ids)
    scope = schools.values("id")
    figures, motivations = _figures(scope, period, today)
    labels = dict(BullyingMotivation.choices)
    rows = []
    people = schools.annotate(
        n_pupils=_per_school(Pupil.objects.current()), n_staff=_per_school(Member.objects.filter(is_active=True))
    )
    for pk, name, pupils, staff in people.order_by("name", "id").values_list("id", "name", "n_pupils", "n_staff"):
        row = SchoolRow(id=pk, name=name, pupils=pupils, staff=staff)
        row.counts = {k: suppress(figures[k].get(pk, 0)) for k in FIGURE_KEYS}
        top = motivations.get(pk, Counter()).most_common(1)
        if top and top[0][1] >= SMALLEST_SHOWN:
            row.motivation = labels.get(top[0][0], top[0][0])
        rows.append(row)

    # The rule is worked out over all the officer's schools, so a search does not change who is pointed out; only a
    # shown count (5 or more) is ever pointed out, so the flag cannot reveal a hidden one.
    thresholds = {}
    for key in FLAG_FIGURES:
        median = _median([r.counts[key].value for r in rows])
        thresholds[key] = max(SMALLEST_SHOWN, math.ceil(FLAG_TIMES_MEDIAN * median))
    flag_labels = {f.key: f.label for f in FIGURES}
    for row in rows:
        row.flags = [
            flag_labels[k] for k in FLAG_FIGURES if row.counts[k].shown and row.counts[k].value >= thresholds[k]
        ]

    # The authority's motivations over all its schools (not the searched ones: two searches must not differ by one
    # school's small count).
    everywhere = Counter()
    for counter in motivations.values():
        everywhere.update(counter)
    top_motivations = [(labels.get(v, v), suppress(n)) for v, n in everywhere.most_common(5)]

    school_count = len(rows)
    words = query.strip().casefold()
    if words:
        rows = [r for r in rows if words in r.name.casefold()]
    rows = _sorted(rows, sort)
    totals = [total_text([r.counts[k] for r in rows]) for k in FIGURE_KEYS]
    return Report(period, rows, school_count, totals, thresholds, top_motivations)
