"""The home page's dashboard: what needs the Principal (or the Chair, or a designated teacher) today, and how the
school is doing. Read-only selectors.

Every case figure is counted over `whole_file_incidents`, so that each person's dashboard counts only the cases
whose file they see: the Principal never counts a case routed to the Governors, the Chair counts only those, a
designated teacher only pupils' cases. Each block is one query (an aggregate or a grouped count) filtered by school
first, so the number of queries does not grow with the number of cases. The figures are the school's own case work
and are not suppressed (suppression is for the reports that leave the school).
"""

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.timezone import localdate, localtime, make_aware

from socialsafe.concerns.models import AUDIENCE, Acknowledgement, Audience, Concern, ConcernStatus, PolicyVersion
from socialsafe.concerns.selectors import parent_acknowledged_elsewhere
from socialsafe.incidents.access import whole_file_incidents
from socialsafe.incidents.models import (
    Action,
    ActionKind,
    ActionStatus,
    Entry,
    Helpline,
    Kind,
    Platform,
    Status,
    TakedownStage,
    TakedownStep,
    TimelineEntry,
)
from socialsafe.registers.models import AccountStatus, IctBan, PremisesBan, TeachingAccount, ending_q, review_due_q
from socialsafe.reports.charts import Bar, Chart
from socialsafe.reports.terms import term_for
from socialsafe.schools.models import Guardian, Member, Pupil
from socialsafe.schools.roles import CHILD_PROTECTION, SENIOR, STAFF_ROLES, Perm, Role, allows

DASHBOARD_ROLES = SENIOR | CHILD_PROTECTION | {Role.CHAIR_OF_GOVERNORS}
WEEK = 7  # "due this week": today and the six days after
SOON = 2  # a parent's concern "near its reply date": due within two days

# Kinds of entry that are not a response to the case: the report itself and the system's own records.
NOT_A_RESPONSE = [Entry.REPORTED, Entry.VIEWED, Entry.NOTIFIED]
# Short names for the charts: the chart draws about 28 characters beside a bar (reports.charts), and the policy's
# own wording of a kind is longer. The case list that each bar links to shows the full wording.
SHORT_KIND = {
    Kind.PUPIL_CYBERBULLYING: "Cyber-bullying of a pupil",
    Kind.IMPROPER_CONTACT: "Improper contact",
    Kind.STAFF_ABUSE: "Abuse of staff",
    Kind.MALICIOUS_COMMENTS: "Malicious comments",
    Kind.PUPIL_IMAGES: "Pupils' images posted",
    Kind.PUPIL_PHONE: "Phone or social media",
    Kind.PUPIL_JOIN_STAFF: "Joining a staff account",
    Kind.FIREWALL: "Firewall breach",
    Kind.STAFF_CONDUCT: "Staff conduct",
    Kind.ILLEGAL: "Illegal content",
    Kind.OTHER: "Other",
}
SHORT_PLATFORM = {Platform.SCHOOL: "School website or email", Platform.NONE: "Not online"}
SHORT_HELPLINE = {"rhc": "Report Harmful Content", "posh": "POSH helpline"}
REFERRALS = {
    ActionKind.REFERRAL_PSNI: "PSNI",
    ActionKind.REFERRAL_EA_LEGAL: "EA Legal Department",
    ActionKind.REFERRAL_CPSS: "CPSS",
    ActionKind.PLATFORM_REPORT: "Platform reports",
}


def has_dashboard(roles: frozenset[str]) -> bool:
    return bool(roles & DASHBOARD_ROLES)


@dataclass(frozen=True)
class Period:
    key: str  # "term" or "12m"
    label: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def query(self) -> dict[str, str]:
        """The case list's own filter for this period."""
        return {"since": self.start.isoformat(), "until": self.end.isoformat()}


PERIODS = [("term", "This term"), ("12m", "The last 12 months")]


def period_for(key: str, *, today: dt.date | None = None) -> Period:
    """The period a GET parameter names; anything else is this term."""
    today = today or localdate()
    if key == "12m":
        start = today - dt.timedelta(days=364)  # 365 days with today, as the Education Authority's view counts them
        return Period("12m", "The last 12 months", start, today)
    term = term_for(today)
    return Period("term", term.label, term.start, min(term.end, today))


@dataclass
class Figure:
    label: str
    value: int
    url: str
    hint: str = ""
    urgent: bool = False


@dataclass
class OwnerRow:
    name: str
    overdue: int
    week: int
    overdue_url: str
    week_url: str


@dataclass
class NeedsYou:
    figures: list[Figure] = field(default_factory=list)
    owners: list[OwnerRow] = field(default_factory=list)


def _url(name: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def needs_you(*, user, school, roles: frozenset[str], today: dt.date | None = None) -> NeedsYou:
    """Today's figures: actions by owner, cases to triage, and (for the Principal) concerns, registers, consent."""
    today = today or localdate()
    cases = whole_file_incidents(user, school, roles)
    out = NeedsYou()
    week_end = today + dt.timedelta(days=WEEK - 1)
    open_actions = Action.objects.filter(
        incident__school=school, incident__in=cases.open().values("id"), status=ActionStatus.OPEN
    )
    rows = (
        open_actions.filter(due_on__lte=week_end)
        .values("owner_id", "owner__first_name", "owner__last_name")
        .annotate(overdue=Count("id", filter=Q(due_on__lt=today)), week=Count("id", filter=Q(due_on__gte=today)))
        .order_by("-overdue", "-week", "owner__last_name", "owner__first_name")
    )
    for r in rows:
        name = f"{r['owner__first_name']} {r['owner__last_name']}".strip()
        out.owners.append(
            OwnerRow(
                name=name,
                overdue=r["overdue"],
                week=r["week"],
                overdue_url=_url("incidents:actions", due="overdue", owner=r["owner_id"]),
                week_url=_url("incidents:actions", due="week", owner=r["owner_id"]),
            )
        )
    overdue = sum(r.overdue for r in out.owners)
    week = sum(r.week for r in out.owners)
    waiting = cases.filter(status=Status.REPORTED).count()
    out.figures += [
        Figure("Actions overdue", overdue, _url("incidents:actions", due="overdue"), urgent=overdue > 0),
        Figure("Actions due this week", week, _url("incidents:actions", due="week"), hint="Today and the next 6 days"),
        Figure("Cases waiting for triage", waiting, _url("incidents:list", status=Status.REPORTED), urgent=waiting > 0),
    ]
    if allows(roles, Perm.CONCERNS_INBOX):
        new = Q(status=ConcernStatus.NEW)
        c = Concern.objects.filter(school=school).aggregate(
            new=Count("id", filter=new),
            overdue=Count("id", filter=new & Q(due_on__lt=today)),
            soon=Count("id", filter=new & Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=SOON))),
            # A parent answered the school's reply and the school has not yet replied again.
            answered=Count("id", filter=Q(parent_answer_waiting_since__isnull=False)),
        )
        inbox = _url("concerns:inbox", status=ConcernStatus.NEW)
        out.figures += [
            Figure("Parents' concerns not yet answered", c["new"], inbox, urgent=c["overdue"] > 0),
            Figure(
                "Parents' answers waiting for a reply",
                c["answered"],
                _url("concerns:inbox", status="open"),
                hint="A parent answered the school's reply",
            ),
            Figure(
                "Concerns past or near their reply date",
                c["overdue"] + c["soon"],
                inbox,
                hint=f"{c['overdue']} past it, {c['soon']} due within {SOON} days",
                urgent=c["overdue"] > 0,
            ),
        ]
    if allows(roles, Perm.PREMISES_REGISTER):
        # The register's own definitions (registers.models), so that each figure's link lists what it counted.
        b = PremisesBan.objects.filter(school=school, incident__in=cases.values("id")).aggregate(
            review=Count("id", filter=review_due_q(today)), ending=Count("id", filter=ending_q(today))
        )
        out.figures += [
            Figure(
                "Premises bars due for review",
                b["review"],
                _url("registers:premises", due="review"),
                hint="Review date within 2 weeks or past",
            ),
            Figure(
                "Premises bars ending", b["ending"], _url("registers:premises", due="ending"), hint="Within 2 weeks"
            ),
        ]
    if allows(roles, Perm.APPROVE_TEACHING_ACCOUNTS):
        n = TeachingAccount.objects.filter(school=school, status=AccountStatus.REQUESTED).count()
        out.figures.append(Figure("Teaching accounts awaiting your approval", n, reverse("registers:accounts")))
    if allows(roles, Perm.MANAGE_POLICIES):
        out.figures.append(
            Figure("Policy acknowledgements outstanding", _acks_outstanding(school), reverse("concerns:policies"))
        )
    if allows(roles, Perm.VIEW_PHOTO_CONSENT):
        n = Pupil.objects.filter(school=school, left_on__isnull=True, photo_consents__isnull=True).count()
        out.figures.append(
            Figure("Pupils with no photo consent answer", n, _url("concerns:consent_list", show="unknown"))
        )
    return out


def _acks_outstanding(school) -> int:
    """Acknowledgements still owed on the current version of each document: one query.

    Each document's current version (its newest) with the number of acknowledgements it has, and the sizes of its
    audience (the parents of current pupils, the active staff) as subqueries of the same row.
    """
    newest = PolicyVersion.objects.filter(document=OuterRef("document")).order_by("-published_on", "-id")
    parents = Guardian.objects.filter(school=school, links__pupil__left_on__isnull=True).values("school")
    # Parents who acknowledged with a code (a letter or an email) and not also through their account.
    by_code = Guardian.objects.filter(school=school, links__pupil__left_on__isnull=True)
    elsewhere = parent_acknowledged_elsewhere(OuterRef("pk"), OuterRef(OuterRef("id")))
    if elsewhere is not None:
        by_account = Acknowledgement.objects.filter(version=OuterRef(OuterRef("id")), user=OuterRef("user"))
        by_code = by_code.filter(elsewhere).exclude(Exists(by_account))
    else:
        by_code = by_code.none()
    staff = Member.objects.filter(school=school, is_active=True, roles__role__in=STAFF_ROLES).values("school")
    versions = (
        PolicyVersion.objects.filter(document__school=school, id=Subquery(newest.values("id")[:1]))
        .annotate(
            done=Count("acknowledgements", distinct=True),
            by_code=Subquery(by_code.values("school").annotate(n=Count("id", distinct=True)).values("n")[:1]),
            parents=Subquery(parents.annotate(n=Count("id", distinct=True)).values("n")[:1]),
            staff=Subquery(staff.annotate(n=Count("id", distinct=True)).values("n")[:1]),
        )
        .values("document__kind", "done", "by_code", "parents", "staff")
    )
    owed = 0
    for v in versions:
        if AUDIENCE[v["document__kind"]] == Audience.PARENTS:
            owed += max((v["parents"] or 0) - v["done"] - (v["by_code"] or 0), 0)
        else:
            owed += max((v["staff"] or 0) - v["done"], 0)
    return owed


# --- How we are doing ---


@dataclass
class Trends:
    period: Period
    by_kind: Chart
    by_platform: Chart
    by_month: Chart
    referrals: Chart
    sanctions: Chart
    total: int
    first_response_hours: float | None
    responded: int
    removals: int
    removal_days: float | None
    not_removed: int


def _median(values: list) -> float | None:
    return statistics.median(values) if values else None


def _cases_url(period: Period, **query) -> str:
    return _url("incidents:list", **period.query, **query)


def trends(*, user, school, roles: frozenset[str], period: Period) -> Trends:
    """How the school is doing over the period: cases by kind, platform and month, response, removals, referrals."""
    cases = whole_file_incidents(user, school, roles)
    start = make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    in_period = cases.filter(reported_at__gte=start, reported_at__lt=end)
    # One read of the period's cases (a term's are a few hundred at most); kinds, platforms and months are counted
    # from it here rather than by three more queries over the same rows.
    listed = list(in_period.values_list("id", "kind", "platform", "reported_at", "reported_by_id"))
    kinds = Counter(row[1] for row in listed)
    by_kind = Chart(
        "chart-kind",
        "Cases by kind",
        [
            Bar(SHORT_KIND.get(kind, kind), n, _cases_url(period, kind=kind))
            for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        label_heading="Kind",
    )
    platforms = dict(Platform.choices)
    counted_platforms = Counter(row[2] for row in listed)
    by_platform = Chart(
        "chart-platform",
        "Cases by platform",
        [
            Bar(
                SHORT_PLATFORM.get(platform, platforms.get(platform, platform)),
                n,
                _cases_url(period, platform=platform),
            )
            for platform, n in sorted(counted_platforms.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        label_heading="Platform",
    )
    counted = Counter(localtime(row[3]).date().replace(day=1) for row in listed)
    bars, month = [], period.start.replace(day=1)
    while month <= period.end:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        since, until = max(month, period.start), min(following - dt.timedelta(days=1), period.end)
        url = _url("incidents:list", since=since.isoformat(), until=until.isoformat())
        bars.append(Bar(f"{month:%b %Y}", counted.get(month, 0), url))
        month = following
    by_month = Chart("chart-month", "Cases by month reported", bars, label_heading="Month")

    # Time to first response: from the report to the first entry on the case's timeline by someone other than the
    # reporter (triage, a note, an action, a fact) that is not a record of a view or a notification. The earliest
    # entry of each person on each case, then the earliest of those not by the reporter.
    reported = {row[0]: (row[3], row[4]) for row in listed}
    firsts: dict[int, dt.datetime] = {}
    earliest = (
        TimelineEntry.objects.filter(incident_id__in=list(reported), actor__isnull=False)
        .exclude(kind__in=NOT_A_RESPONSE)
        .values("incident_id", "actor_id")
        .annotate(first=Min("at"))
        .values_list("incident_id", "actor_id", "first")
    )
    for incident_id, actor_id, at in earliest:
        if actor_id != reported[incident_id][1] and (incident_id not in firsts or at < firsts[incident_id]):
            firsts[incident_id] = at
    waits = [(at - reported[incident_id][0]).total_seconds() / 3600 for incident_id, at in firsts.items()]

    # Removals: the case's first takedown step to the step that records the content removed.
    steps = (
        TakedownStep.objects.filter(incident__school=school, incident__in=cases.values("id"))
        .values("incident")
        .annotate(
            first=Min("on"),
            removed=Min("on", filter=Q(stage=TakedownStage.REMOVED)),
            refused=Min("on", filter=Q(stage=TakedownStage.NOT_REMOVED)),
        )
        .filter(Q(removed__range=(period.start, period.end)) | Q(refused__range=(period.start, period.end)))
        .values_list("first", "removed", "refused")
    )
    removal_days, not_removed = [], 0
    for first_on, removed_on, refused_on in steps:
        if removed_on and period.start <= removed_on <= period.end:
            removal_days.append((removed_on - first_on).days)
        elif refused_on:
            not_removed += 1

    # Referrals: actions of those kinds done in the period, and escalations to a UK helpline.
    done = Action.objects.filter(
        incident__school=school,
        incident__in=cases.values("id"),
        status=ActionStatus.DONE,
        completed_at__gte=start,
        completed_at__lt=end,
    )
    referred = dict(  # the referrals and the sanctions, in one query
        done.filter(kind__in=[*REFERRALS, ActionKind.SANCTION])
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    helplines = dict(
        TakedownStep.objects.filter(
            incident__school=school,
            incident__in=cases.values("id"),
            stage=TakedownStage.HELPLINE,
            on__range=(period.start, period.end),
        )
        .values("helpline")
        .annotate(n=Count("id"))
        .values_list("helpline", "n")
    )
    referral_bars = [Bar(label, referred.get(kind, 0)) for kind, label in REFERRALS.items()]
    referral_bars += [
        Bar(SHORT_HELPLINE.get(value, label), helplines.get(value, 0)) for value, label in Helpline.choices
    ]
    referrals = Chart("chart-referrals", "Referrals and reports", referral_bars, unit="referrals", label_heading="To")

    sanctions_done = referred.get(ActionKind.SANCTION, 0)
    bars_made = PremisesBan.objects.filter(
        school=school, incident__in=cases.values("id"), starts_on__range=(period.start, period.end)
    ).count()
    ict_made = IctBan.objects.filter(
        school=school, incident__in=cases.values("id"), starts_on__range=(period.start, period.end)
    ).count()
    sanctions = Chart(
        "chart-sanctions",
        "Sanctions",
        [
            Bar("Sanctions given", sanctions_done),
            Bar("Premises licences revoked", bars_made, reverse("registers:premises") if bars_made else ""),
            Bar("ICT bans", ict_made, reverse("registers:ict") if ict_made else ""),
        ],
        unit="sanctions",
        label_heading="Sanction",
    )
    return Trends(
        period=period,
        by_kind=by_kind,
        by_platform=by_platform,
        by_month=by_month,
        referrals=referrals,
        sanctions=sanctions,
        total=by_kind.total,
        first_response_hours=_median(waits),
        responded=len(waits),
        removals=len(removal_days),
        removal_days=_median(removal_days),
        not_removed=not_removed,
    )


def dashboard_for(*, user, school, roles: frozenset[str], period_key: str = "") -> dict:
    """Everything the dashboard shows, for the home page's context."""
    period = period_for(period_key)
    return {
        "needs": needs_you(user=user, school=school, roles=roles),
        "trends": trends(user=user, school=school, roles=roles, period=period),
        "periods": PERIODS,
        "scope": _scope_line(roles),
        "can_termly": allows(roles, Perm.GOVERNORS_REPORT_READ),
    }


def _scope_line(roles: frozenset[str]) -> str:
    if roles & SENIOR:
        return "The school's cases. Cases about the Principal go to the Governors and are not counted here."
    if Role.CHAIR_OF_GOVERNORS in roles:
        return "The cases routed to the Governors: those in which the Principal is the target."
    return "Pupils' cases, and the cases you handle."
