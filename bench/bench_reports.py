"""The reports at Education Authority size: the Principal's dashboard, the Governors' termly report PDF and the
EA officer's view, each timed beside a plain page of the same app in the same run, against the issue's targets.

Run, against a PostgreSQL database filled by `manage.py seed_authority` (about 1,100 schools, 200,000 cases,
1,000,000 timeline entries; a few minutes):

    createdb ssdev_ea && DATABASE_URL=postgres://ssdev:ssdev@127.0.0.1:5432/ssdev_ea .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py seed_authority
    DATABASE_URL=… .venv/bin/python bench/bench_reports.py [--runs 20] [--school SLUG]

Each page is requested in-process through Django's test Client (no network, no web server: what is timed is the
view, its queries and its template), signed in as the Principal of one school (by default the seeded school with
the most cases) or as the Education Authority officer. force_login stands for a whole sign-in: the session is
marked as having passed a second factor with a recovery-code device made for the purpose, as the tests do.
A page whose URL does not exist yet is reported as "not built". Each page is requested twice first (warm-up), then
`--runs` times; p50, p95 and the slowest are printed. The run writes what the pages write (their audit records),
one termly report per run, and one StaticDevice per signed-in user: use a seeded database, never a real one.
"""

import argparse
import os
import statistics
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

TARGETS_MS = {"dashboard": 150, "termly_pdf": 2_000, "authority": 500}


class FormFields(HTMLParser):
    """The fields of the page's POST form to `action`, as a browser would send them untouched."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.fields: dict[str, str] = {}
        self._in_form = self._done = False
        self._select: str | None = None
        self._select_first: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post" and a.get("action") == self.action:
            self._in_form = True
        if not self._in_form or (not a.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.fields.setdefault(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select, self._select_first = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None and value:
                self._select_first = value
            if "selected" in a:
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.fields.setdefault(self._select, self._select_first or "")
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def stats(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--school", help="The slug of the school whose Principal signs in (default: most cases).")
    parser.add_argument("--any-database", action="store_true", help="Run on SQLite too (a smoke run, not a figure).")
    parser.add_argument(
        "--explain", action="store_true", help="Also EXPLAIN ANALYZE the report queries' shapes and flag full scans."
    )
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "socialsafe.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import NoReverseMatch, reverse

    from socialsafe.accounts.testing import signed_in_session_key
    from socialsafe.incidents.models import Incident, TimelineEntry
    from socialsafe.schools.models import AuthorityOfficer, MemberRole, School
    from socialsafe.schools.roles import Role

    if connection.vendor != "postgresql" and not args.any_database:
        print("bench_reports measures an Education Authority-sized PostgreSQL database: set DATABASE_URL to one")
        print("seeded by `manage.py seed_authority` (or pass --any-database for a smoke run).")
        return 2
    # The test Client's host name is allowed; templates are not instrumented (setup_test_environment would copy every
    # template's context for the tests to read, a cost no real request pays).
    override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()

    if args.school:
        school = School.objects.get(slug=args.school)
    else:
        school = School.objects.annotate(n=Count("incidents")).order_by("-n", "id").first()
    if school is None:
        print("The database has no schools: run `manage.py seed_authority` first.")
        return 2
    principal = (
        MemberRole.objects.filter(role=Role.PRINCIPAL, member__school=school, member__is_active=True)
        .select_related("member__user")
        .first()
    )
    officer = AuthorityOfficer.objects.filter(authority=school.authority_id).select_related("user").first()
    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}: {School.objects.count():,} schools, "
        f"{Incident.objects.count():,} cases, {TimelineEntry.objects.count():,} timeline entries."
    )
    print(f"School: {school.name} ({school.slug}), {Incident.objects.filter(school=school).count():,} cases.")

    def signed_in(user) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session_key(
            user, device_name="Signed in by bench_reports"
        )
        return client

    anonymous = Client()
    head = signed_in(principal.member.user) if principal else None
    ea = signed_in(officer.user) if officer else None

    def url(name: str, **kwargs) -> str | None:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    def get(client: Client, path: str):
        return lambda: client.get(path)

    def termly_produce():
        """GET the form (not timed: a fresh once-only token each time), then time the POST that produces it."""
        page = head.get(url("reports:termly"))
        form = FormFields(url("reports:termly"))
        form.feed(page.content.decode())
        t0 = time.perf_counter()
        response = head.post(url("reports:termly"), form.fields)
        elapsed = time.perf_counter() - t0
        if response.status_code != 302:
            raise RuntimeError(f"the POST answered {response.status_code}, not a redirect to the report")
        pk = int(response["Location"].rstrip("/").split("/")[-1])
        state["report"] = pk
        return elapsed

    state: dict[str, int] = {}
    pages = [
        ("Sign-in page, anonymous (baseline)", None, anonymous, "accounts:login", None),
        ("School overview (Principal)", None, head, "schools:overview", None),
        ("Principal's dashboard", "dashboard", head, "home", None),
        ("Termly report: produce (POST)", None, head, "reports:termly", termly_produce),
        ("Termly report: the PDF (GET)", None, head, "reports:termly_pdf", "pdf"),
        ("Education Authority view", "authority", ea, "schools:authority", None),
    ]
    results: list[tuple[str, str | None, tuple[float, float, float] | str]] = []
    for label, target, client, name, how in pages:
        if client is None:
            results.append((label, target, "no such user in this database"))
            continue
        if how == "pdf":
            path = url(name, pk=state["report"]) if "report" in state else None
            if path is None:
                results.append((label, target, "not built" if url(name, pk=1) is None else "no report produced"))
                continue
        else:
            path = url(name)
        if path is None:
            results.append((label, target, "not built"))
            continue
        times: list[float] = []
        try:
            for n in range(args.runs + 2):
                if callable(how):
                    elapsed = how()
                else:
                    t0 = time.perf_counter()
                    response = client.get(path)
                    elapsed = time.perf_counter() - t0
                    if response.status_code != 200:
                        raise RuntimeError(f"answered {response.status_code}")
                if n >= 2:
                    times.append(elapsed)
        except Exception as error:  # a page being built may fail: say so and go on to the next
            message = " ".join(str(error).split())
            results.append((label, target, f"failed: {type(error).__name__}: {message}"[:160]))
            continue
        results.append((label, target, stats(times)))
        print(f"  {label}: done", flush=True)

    if args.explain and principal and connection.vendor == "postgresql":
        explain(school, principal.member.user)
    baseline = results[0][2]
    print()
    print(f"{args.runs} requests each after 2 warm-up requests, in-process (Django test Client), times in ms.")
    print(f"{'':40}{'p50':>9}{'p95':>9}{'max':>9}{'× sign-in p50':>15}{'target':>9}")
    produce = pdf = None
    for label, target, figures in results:
        goal = f"{TARGETS_MS[target]:>9,}" if target else f"{'–':>9}"
        if isinstance(figures, str):
            print(f"{label:40}{figures}")
            continue
        p50, p95, top = figures
        ratio = f"{p50 / baseline[0]:>15.1f}" if not isinstance(baseline, str) else f"{'–':>15}"
        print(f"{label:40}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}{ratio}{goal}")
        produce = figures if label.startswith("Termly report: produce") else produce
        pdf = figures if label.startswith("Termly report: the PDF") else pdf
    if produce and pdf:
        p95 = produce[1] + pdf[1]
        verdict = "meets" if p95 < TARGETS_MS["termly_pdf"] else "MISSES"
        print(
            f"{'Termly report PDF, produce + download':40}{produce[0] + pdf[0]:>9.1f}{p95:>9.1f}{'':>9}{'':>15}"
            f"{TARGETS_MS['termly_pdf']:>9,}   (p95 sum: {verdict} the target)"
        )
    for label, target, figures in results:
        if target and target != "termly_pdf" and not isinstance(figures, str):
            verdict = "meets" if figures[1] < TARGETS_MS[target] else "MISSES"
            print(f"  {label}: p95 {figures[1]:.0f} ms {verdict} the {TARGETS_MS[target]} ms target")
    return 0


def explain(school, principal) -> None:
    """The shapes of the queries the case search and the dashboard (one school) and the EA view (every school, one
    term) run."""
    import datetime as dt

    from django.db.models import Count, OuterRef, Subquery
    from django.utils.timezone import localdate, now

    from socialsafe.incidents import selectors
    from socialsafe.incidents.access import visible_incidents, whole_file_incidents
    from socialsafe.incidents.choices import ActionKind, ActionStatus, TakedownStage
    from socialsafe.incidents.models import Action, BullyingRecord, Incident, TakedownStep, TimelineEntry
    from socialsafe.schools.models import School

    today, end = localdate(), now()
    start = end - dt.timedelta(days=91)  # about a term
    roles = frozenset({"principal"})
    cases = whole_file_incidents(principal, school, roles)
    in_term = cases.filter(reported_at__gte=start, reported_at__lt=end)
    scope = School.objects.filter(authority_id=school.authority_id).values("id")
    every = Incident.objects.filter(school_id__in=scope)
    first = TimelineEntry.objects.filter(incident=OuterRef("pk"), actor__isnull=False).order_by("at").values("at")[:1]
    # The case list's search for one word, as the Principal runs it: its first page, and the count for its pager.
    found = selectors.incidents_filter(
        visible_incidents(principal, school, roles), user=principal, school=school, whole_file=cases, q="bullying"
    )
    queries = {
        "case search for one word: the first page": found.select_related("handler").order_by("-reported_at")[:25],
        "case search for one word: the count": found.order_by().values("id"),
        "dashboard: the term's cases by kind": in_term.order_by().values("kind").annotate(n=Count("id")),
        "dashboard: actions overdue or due this week by owner": Action.objects.filter(
            incident__school=school,
            incident__in=cases.open().values("id"),
            status=ActionStatus.OPEN,
            due_on__lte=today + dt.timedelta(days=7),
        )
        .order_by()
        .values("owner_id")
        .annotate(n=Count("id")),
        "dashboard: time to first response": in_term.annotate(first=Subquery(first)).values_list(
            "reported_at", "first"
        ),
        "dashboard: takedown steps": TakedownStep.objects.filter(incident__in=cases).order_by().values("incident_id"),
        "EA: the term's cases per school": every.filter(reported_at__gte=start, reported_at__lt=end)
        .order_by()
        .values("school_id")
        .annotate(n=Count("id")),
        "EA: open cases per school": every.open().order_by().values("school_id").annotate(n=Count("id")),
        "EA: overdue actions per school": Action.objects.filter(
            incident__school_id__in=scope, status=ActionStatus.OPEN, due_on__lt=today
        )
        .order_by()
        .values("incident__school_id")
        .annotate(n=Count("id")),
        "EA: escalations done in the term per school": Action.objects.filter(
            incident__school_id__in=scope,
            kind__in=[ActionKind.REFERRAL_PSNI, ActionKind.REFERRAL_EA_LEGAL],
            status=ActionStatus.DONE,
            completed_at__gte=start,
        )
        .order_by()
        .values("incident__school_id")
        .annotate(n=Count("incident_id", distinct=True)),
        "EA: removals in the term per school": TakedownStep.objects.filter(
            incident__school_id__in=scope, stage=TakedownStage.REMOVED, on__gte=start.date()
        )
        .order_by()
        .values("incident__school_id")
        .annotate(n=Count("incident_id", distinct=True)),
        "EA: bullying records in the term per school": BullyingRecord.objects.filter(
            incident__school_id__in=scope, incident__reported_at__gte=start
        )
        .order_by()
        .values_list("incident__school_id", "motivations"),
    }
    print()
    print("EXPLAIN ANALYZE (PostgreSQL): execution time, and any full scan of a table over 10,000 rows")
    big = {"incidents_incident", "incidents_timelineentry", "incidents_action", "incidents_takedownstep"}
    big |= {"incidents_bullyingrecord", "schools_pupil", "schools_guardian", "schools_guardianlink", "schools_member"}
    for label, qs in queries.items():
        plan = qs.explain(analyze=True)
        ms = next((line.split(":")[1].strip() for line in plan.splitlines() if "Execution Time" in line), "?")
        scans = sorted({t for t in big for line in plan.splitlines() if "Seq Scan on " + t in line})
        print(f"  {label:55} {ms:>12}   {'full scan of ' + ', '.join(scans) if scans else 'indexes only'}")


if __name__ == "__main__":
    sys.exit(main())
