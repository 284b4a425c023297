"""The Governors' termly report: its figures, read from the school's records and already anonymised.

Every figure leaves here as it may be printed: 0, a count of 5 or more, or "fewer than 5" (reports.suppress), so
that the stored snapshot, the page and the PDF can hold no small number that points at a child. The report holds
labels of categories and counts, never a name or a case's own words.

Which cases are counted (`scope`):
- SCHOOL, the version the Principal or Vice-Principal produces: the cases the school handles. The cases taken to
  the Governors because the Principal is their subject are left out, so that the Principal cannot learn of one
  from a figure (one more case than last week on the Principal's own report would be enough).
- BOARD, the version the Chair of Governors produces: every case of the school, the Governors' own included.
  Only the Chair and the governors read it (reports.access).

A case belongs to the period in which it was reported (`reported_at`, in the school's time zone). Queries are
aggregates, a few per section, whatever the size of the school.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.timezone import get_current_timezone, localdate

from socialsafe.incidents.choices import (
    ONLINE_METHODS,
    ActionKind,
    ActionStatus,
    BullyingJudgement,
    BullyingMethod,
    BullyingMotivation,
    Kind,
    Platform,
    ResponsibleKind,
    Route,
    TakedownStage,
    TargetKind,
)
from socialsafe.incidents.models import Action, BullyingRecord, Incident, TakedownStep
from socialsafe.reports.suppress import FEWER, change, suppress
from socialsafe.reports.terms import Term, previous_term

SCHOOL, BOARD = "school", "board"
SCOPES = {
    SCHOOL: "The school's cases (cases taken to the Governors are not counted in this version)",
    BOARD: "Every case of the school, including those taken to the Governors",
}
ESCALATIONS = (
    ActionKind.REFERRAL_PSNI,
    ActionKind.REFERRAL_EA_LEGAL,
    ActionKind.REFERRAL_CPSS,
    ActionKind.PLATFORM_REPORT,
)
NOT_SHOWN = "not shown (small numbers)"
HIDDEN = "not shown"  # a figure of 5 or more hidden so that a smaller one cannot be worked out from the total
LONGEST_RANGE_DAYS = 366


@dataclass(frozen=True)
class Period:
    """What a report covers: a term, or a range of days (both ends included)."""

    start: dt.date
    end: dt.date
    label: str
    term: Term | None = None

    @classmethod
    def of_term(cls, term: Term) -> "Period":
        return cls(term.start, term.end, term.label, term)

    @classmethod
    def of_range(cls, start: dt.date, end: dt.date) -> "Period":
        return cls(start, end, f"{start:%-d %b %Y} to {end:%-d %b %Y}")

    @classmethod
    def from_parameters(cls, parameters: dict) -> "Period":
        """The period a stored report's parameters name (ValueError for anything else)."""
        if "term" in parameters:
            return cls.of_term(Term.from_key(parameters["term"]))
        return cls.of_range(dt.date.fromisoformat(parameters["start"]), dt.date.fromisoformat(parameters["end"]))

    @property
    def parameters(self) -> dict:
        if self.term is not None:
            return {"term": self.term.key}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def previous(self) -> "Period":
        """The period to compare with: the term before, or as many days just before the range."""
        if self.term is not None:
            return Period.of_term(previous_term(self.term))
        days = (self.end - self.start).days + 1
        return Period.of_range(self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The first moment of the period and the first after it, in the school's time zone."""
        zone = get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, zone),
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, zone),
        )


def figure(n: int) -> int | str:
    """A count as the report may hold it: 0, 5 or more, or "fewer than 5"."""
    c = suppress(n)
    return c.value if c.shown else FEWER


def percentage(part: int, whole: int) -> str:
    """A share as a percentage, shown only when neither those counted nor the others are 1 to 4 people."""
    if whole == 0:
        return "none to count"
    if not (suppress(whole).shown and suppress(part).shown and suppress(whole - part).shown):
        return NOT_SHOWN
    return f"{round(100 * part / whole)}%"


def _rows(counts: dict, choices, *, keep_zero: bool) -> list[list]:
    """[label, figure] in the order of the choices; categories with none left out unless keep_zero."""
    return [[c.label, figure(counts.get(c.value, 0))] for c in choices if keep_zero or counts.get(c.value, 0)]


def _protected(rows: list[list]) -> list[list]:
    """A list whose figures add up to a total that is printed: where exactly one is "fewer than 5", the total less
    the others would give it away, so the smallest figure shown is hidden too."""
    if [value for _, value in rows].count(FEWER) != 1:
        return rows
    shown = [row for row in rows if isinstance(row[1], int) and row[1] > 0]
    if shown:
        min(shown, key=lambda row: row[1])[1] = HIDDEN
    return rows


def _grouped(qs, field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("id")).order_by()}


def _cases(school, scope: str, period: Period):
    start, after = period.bounds()
    qs = Incident.objects.filter(school=school, reported_at__gte=start, reported_at__lt=after)
    return qs.filter(route=Route.SCHOOL) if scope == SCHOOL else qs


def _school_cases(school, scope: str):
    qs = Incident.objects.filter(school=school)
    return qs.filter(route=Route.SCHOOL) if scope == SCHOOL else qs


def _totals(school, scope: str, period: Period) -> dict[str, int]:
    """The raw counts that the trends compare (never stored: only their suppressed figures are)."""
    cases = _cases(school, scope, period)
    return {
        "cases": cases.count(),
        "bullying": BullyingRecord.objects.filter(incident__in=cases.values("id")).count(),
        "escalations": _escalations(school, scope, period).count(),
        "removed": _takedowns(school, scope, period).filter(stage=TakedownStage.REMOVED).count(),
        "concerns": _concerns(school, period).count(),
    }


def _escalations(school, scope: str, period: Period):
    start, after = period.bounds()
    return Action.objects.filter(
        incident__in=_school_cases(school, scope).values("id"),
        kind__in=ESCALATIONS,
        status=ActionStatus.DONE,
        completed_at__gte=start,
        completed_at__lt=after,
    )


def _takedowns(school, scope: str, period: Period):
    return TakedownStep.objects.filter(
        incident__in=_school_cases(school, scope).values("id"),
        stage__in=[TakedownStage.REMOVED, TakedownStage.NOT_REMOVED],
        on__gte=period.start,
        on__lte=period.end,
    )


def _concerns(school, period: Period):
    from socialsafe.concerns.models import Concern

    start, after = period.bounds()
    return Concern.objects.sent().filter(school=school, confirmed_at__gte=start, confirmed_at__lt=after)


def _bullying(cases) -> dict:
    records = BullyingRecord.objects.filter(incident__in=cases.values("id")).values_list(
        "judgement", "methods", "motivations"
    )
    judgements, methods, motivations, online = Counter(), Counter(), Counter(), 0
    for judgement, record_methods, record_motivations in records:  # one query; the lists are JSON
        judgements[judgement] += 1
        methods.update(set(record_methods or []))
        motivations.update(set(record_motivations or []))
        online += bool(set(record_methods or []) & ONLINE_METHODS)
    total = sum(judgements.values())
    by_judgement = _protected(_rows(judgements, BullyingJudgement, keep_zero=True))
    # The summary repeats two of the table's figures: as the table shows them, so that what the table hides to
    # protect a small number is not printed beside it.
    shown = {label: value for label, value in by_judgement}
    return {
        "total": figure(total),
        "bullying": shown[BullyingJudgement.BULLYING.label],
        "alleged": shown[BullyingJudgement.UNRESOLVED.label],
        "online": figure(online) if suppress(total - online).shown else HIDDEN,
        "by_judgement": by_judgement,
        "by_method": _rows(methods, BullyingMethod, keep_zero=False),
        "by_motivation": _rows(motivations, BullyingMotivation, keep_zero=True),
    }


def _sanctions(school, scope: str, period: Period) -> dict:
    from socialsafe.registers.models import IctBan, PremisesBan, PremisesStatus

    cases = _school_cases(school, scope).values("id")
    start, _ = period.bounds()
    bars = PremisesBan.objects.filter(
        school=school, incident__in=cases, starts_on__lte=period.end, ends_on__gte=period.start
    ).filter(Q(status=PremisesStatus.ACTIVE) | Q(lifted_on__gte=period.start))
    bans = IctBan.objects.filter(school=school, incident__in=cases, starts_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    )
    bans = bans.filter(Q(reinstated_at__isnull=True) | Q(reinstated_at__gte=start))
    return {"premises_bars": figure(bars.count()), "ict_bans": figure(bans.count())}


def _concern_figures(school, period: Period) -> dict:
    from socialsafe.concerns.models import Topic

    concerns = _concerns(school, period)
    pairs = list(
        concerns.filter(first_response_at__isnull=False).values_list("confirmed_at", "first_response_at", "due_on")
    )
    answered = len(pairs)
    on_time = sum(1 for _, first, due in pairs if due is None or first.astimezone(get_current_timezone()).date() <= due)
    if suppress(answered).shown and answered:
        seconds = sum(((first - confirmed).total_seconds() for confirmed, first, _ in pairs), 0.0) / answered
        average = _duration(seconds)
    else:
        average = NOT_SHOWN if answered else "none answered"
    received = concerns.count()
    # A figure whose difference from another printed figure is 1 to 4 would give that small number away.
    apart = suppress(received - answered).shown
    return {
        "received": figure(received),
        "answered": figure(answered) if apart else HIDDEN,
        "answered_on_time": (
            figure(on_time) if suppress(answered - on_time).shown and suppress(received - on_time).shown else HIDDEN
        ),
        "average_first_response": average,
        "by_topic": _protected(_rows(_grouped(concerns, "topic"), Topic, keep_zero=False)),
    }


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return "under an hour"
    if seconds < 86400:
        hours = round(seconds / 3600)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{seconds / 86400:.1f} days"


def _coverage(school, as_of: dt.date) -> list[list]:
    """[what, percentage] for each policy document's current version, and for photo consent, on `as_of`."""
    from socialsafe.concerns.models import Acknowledgement, Audience, PhotoConsent, PolicyDocument, PolicyVersion
    from socialsafe.schools.models import Guardian, Member, Pupil
    from socialsafe.schools.roles import STAFF_ROLES

    zone = get_current_timezone()
    after = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, zone)
    on_roll = Pupil.objects.filter(school=school).filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of))
    # Everyone asked to acknowledge: every parent of a pupil on roll and every active member of staff, with an account
    # or not yet (as the policies page counts them).
    parents = Guardian.objects.filter(school=school, links__pupil__in=on_roll).distinct()
    staff = Member.objects.filter(school=school, is_active=True, roles__role__in=STAFF_ROLES).distinct()
    rows = []
    latest = PolicyVersion.objects.filter(document=OuterRef("pk"), published_on__lte=as_of).order_by(
        "-published_on", "-id"
    )
    documents = PolicyDocument.objects.filter(school=school).annotate(version_id=Subquery(latest.values("id")[:1]))
    for document in documents.order_by("kind"):  # three documents at most
        if document.version_id is None:
            continue
        audience = parents if document.audience == Audience.PARENTS else staff
        whole = audience.count()
        users = audience.exclude(user_id__isnull=True).values("user_id")
        acknowledged = Acknowledgement.objects.filter(version_id=document.version_id, user_id__in=users, at__lt=after)
        rows.append([f"{document.get_kind_display()}: acknowledged", percentage(acknowledged.count(), whole)])
    answers = PhotoConsent.objects.filter(pupil=OuterRef("pk"), at__lt=after).order_by("-at", "-id")
    # The annotations are named apart from the aggregates: PostgreSQL refuses an aggregate that reuses one's name.
    consent = on_roll.annotate(
        has_answer=Exists(answers), may_use=Subquery(answers.values("may_publish")[:1])
    ).aggregate(
        pupils=Count("id"), answered=Count("id", filter=Q(has_answer=True)), may=Count("id", filter=Q(may_use=True))
    )
    rows.append(["Photo consent: parents have answered", percentage(consent["answered"], consent["pupils"])])
    rows.append(["Photo consent: images may be published", percentage(consent["may"], consent["pupils"])])
    return rows


def termly_figures(*, school, scope: str, period: Period) -> dict:
    """Every figure of the report, anonymised: a plain dict that can be stored as JSON and printed as it is."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope: {scope!r}")
    today = localdate()
    as_of = min(period.end, today)
    cases = _cases(school, scope, period)
    escalations = _grouped(_escalations(school, scope, period), "kind")
    takedowns = _grouped(_takedowns(school, scope, period), "stage")
    now_totals = _totals(school, scope, period)
    previous = period.previous()
    before = _totals(school, scope, previous)
    trend_labels = {
        "cases": "Cases reported",
        "bullying": "Statutory bullying records",
        "escalations": "Escalations and referrals",
        "removed": "Posts removed",
        "concerns": "Parents' concerns received",
    }
    return {
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "as_of": as_of.isoformat(),
            "previous": previous.label,
        },
        "scope": scope,
        "incidents": {
            "total": figure(now_totals["cases"]),
            "by_kind": _protected(_rows(_grouped(cases, "kind"), Kind, keep_zero=False)),
            "by_platform": _protected(_rows(_grouped(cases, "platform"), Platform, keep_zero=False)),
            "by_target": _protected(_rows(_grouped(cases, "target_kind"), _targets(scope), keep_zero=True)),
            "by_responsible": _protected(_rows(_grouped(cases, "responsible_kind"), ResponsibleKind, keep_zero=True)),
        },
        "bullying": _bullying(cases),
        "escalations": {
            "total": figure(sum(escalations.values())),
            "by_kind": _protected([[ActionKind(k).label, figure(escalations.get(k, 0))] for k in ESCALATIONS]),
        },
        "takedowns": {
            "removed": figure(takedowns.get(TakedownStage.REMOVED, 0)),
            "not_removed": figure(takedowns.get(TakedownStage.NOT_REMOVED, 0)),
        },
        "sanctions": _sanctions(school, scope, period),
        "concerns": _concern_figures(school, period),
        "coverage": _coverage(school, as_of),
        "trends": [
            [label, figure(now_totals[key]), figure(before[key]), change(now_totals[key], before[key])]
            for key, label in trend_labels.items()
        ],
    }


def _targets(scope: str) -> list:
    """The kinds of target listed: the School version has no "The Principal" row (those cases go to the Governors)."""
    return [t for t in TargetKind if scope == BOARD or t != TargetKind.PRINCIPAL]


def figures_of(snapshot: dict):
    """Every count and percentage in a snapshot (not the labels): what the tests check is never a small number."""
    for section in ("incidents", "bullying", "escalations", "takedowns", "sanctions", "concerns"):
        for key, value in snapshot[section].items():
            if isinstance(value, list):
                yield from (row[1] for row in value)
            elif key != "average_first_response":
                yield value
    yield from (row[1] for row in snapshot["coverage"])
    for row in snapshot["trends"]:
        yield from row[1:3]


def _bar(label: str, value: int | str):
    from socialsafe.reports.charts import Bar

    @dataclass(frozen=True)
    class Hidden(Bar):
        def text(self, suppressed: bool) -> str:
            return HIDDEN

    if value == HIDDEN:
        return Hidden(label, 1)  # drawn without a bar, "not shown" beside it
    # A stored "fewer than 5" is drawn as the smallest suppressed count: no bar, and "fewer than 5" beside it.
    return Bar(label, value if isinstance(value, int) else 1)


def termly_charts(snapshot: dict) -> dict:
    """The report's charts, drawn from its stored figures (never from the live records)."""
    from socialsafe.reports.charts import Chart

    def chart(id_, title, rows, unit="cases", heading=""):
        bars = [_bar(label, value) for label, value in rows]
        return Chart(id_, title, bars, unit=unit, suppressed=True, label_heading=heading)

    i, b = snapshot["incidents"], snapshot["bullying"]
    return {
        "kind": chart("termly-kind", "Cases by kind", i["by_kind"], heading="Kind"),
        "platform": chart("termly-platform", "Cases by platform", i["by_platform"], heading="Platform"),
        "target": chart("termly-target", "Cases by who was targeted", i["by_target"], heading="Target"),
        "responsible": chart(
            "termly-responsible", "Cases by who was responsible", i["by_responsible"], heading="Responsible"
        ),
        "judgement": chart("termly-judgement", "Bullying records by judgement", b["by_judgement"], "records"),
        "method": chart("termly-method", "Bullying by method", b["by_method"], "records", "Method"),
        "motivation": chart("termly-motivation", "Bullying by motivation", b["by_motivation"], "records", "Motivation"),
        "escalations": chart(
            "termly-escalations", "Escalations and referrals made", snapshot["escalations"]["by_kind"], "actions"
        ),
    }


def termly_dates(snapshot: dict) -> dict[str, dt.date]:
    """The period's dates of a stored snapshot, as dates for the templates."""
    p = snapshot["period"]
    return {k: dt.date.fromisoformat(p[k]) for k in ("start", "end", "as_of")}
