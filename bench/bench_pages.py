"""The pages under load: gunicorn (gunicorn.conf.py) and 20 users with no think time, each page beside the sign-in page.

Two ways to run it (see bench/README.md):

    # PostgreSQL at Education Authority size: a database seeded by `manage.py seed_authority`, or a copy of one made
    # here from a template database (CREATE DATABASE … TEMPLATE, which needs nobody connected to the template).
    .venv/bin/python bench/bench_pages.py --database-url postgres://ssdev:ssdev@127.0.0.1:5432/ssdev_pages \\
        --template ssdev_ea [--seconds 60] [--users 20] [--workers N]
    # SQLite with the demo school: seeded afresh into a temporary folder (about a minute), or copied from --sqlite.
    .venv/bin/python bench/bench_pages.py --demo [--sqlite var/socialsafe.sqlite3]

What runs: collectstatic into a temporary folder, then gunicorn with the repository's gunicorn.conf.py (DEBUG off,
WhiteNoise's manifest storage, --workers processes) on a free local port, then --users threads, each a keep-alive
http.client connection that requests one page over and over with no pause: first for --warm-up seconds, not counted
(first connections, templates compiled), then for --seconds, counted. Users are shared out over the pages in turn, so
each page has two or three; a page's throughput is compared per user. The pages: the Principal's home, the case list, a case search, a case page, the actions list, the concerns
inbox, the premises bars register, the Education Authority officer's view, and the sign-in page (anonymous).

Signing in: the seeded Education Authority's people have no password (seed_authority gives them none), so each user
gets a session made directly in the database, marked as having passed the second factor with a recovery-code device
made for the purpose (as bench_reports.py and the tests' force_login do). The Principal is the one of the school with
the most cases, the officer that school's authority's. The run therefore writes sessions, one StaticDevice per
person, and whatever the pages write: point it at a copy (--template, --demo), never at real data.

Targets (issue 17), per page against the sign-in page in the same run: 0 errors, throughput at least half the sign-in
page's, p95 no more than 3 times the sign-in page's; the absolute p95 is printed (goal under 150 ms on an idle
machine). The client runs on the same machine as the server and takes some of its CPU.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
GOAL_P95_MS = 150


@dataclass
class Page:
    label: str
    path: str
    cookie: str | None  # the session cookie ("sessionid=…") of the person who asks for it; None: anonymous
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    users: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="(default: $DATABASE_URL)")
    parser.add_argument("--template", help="Make --database-url's database as a copy of this one first (PostgreSQL).")
    parser.add_argument("--drop", action="store_true", help="With --template: drop the copy afterwards.")
    parser.add_argument("--demo", action="store_true", help="SQLite with the demo school, in a temporary folder.")
    parser.add_argument("--sqlite", type=Path, help="With --demo: copy this seeded SQLite file instead of seeding.")
    parser.add_argument("--keep-demo", type=Path, help="With --demo: keep a copy of the freshly seeded file here.")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warm-up", type=float, default=10, help="seconds of load not counted first (default 10)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's, 2 per core + 1)")
    parser.add_argument("--school", help="The slug of the school whose Principal signs in (default: most cases).")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE for the server (default 60)")
    args = parser.parse_args()
    if args.seconds <= 0 or args.users < 1:
        parser.error("--seconds must be above 0 and --users at least 1")
    if not args.demo and not args.database_url:
        parser.error("give --database-url (or set DATABASE_URL) for PostgreSQL, or --demo for SQLite")
    if args.sqlite and not args.demo:
        parser.error("--sqlite goes with --demo")

    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {
        **os.environ,
        "SOCIALSAFE_VAR_DIR": str(work),  # its own secret key, static files and evidence folder
        "STATIC_ROOT": str(work / "static"),
        "DEBUG": "false",
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        "GUNICORN_ACCESS_LOG": "",  # 20 users' lines would cost the server CPU the pages need
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "socialsafe.settings",
    }
    env.pop("LOG_FORMAT", None)
    try:
        if args.demo:
            env["DATABASE_URL"] = f"sqlite:///{work / 'demo.sqlite3'}"
            if args.sqlite:
                shutil.copyfile(args.sqlite, work / "demo.sqlite3")
            else:
                print("Seeding the demo school into a temporary SQLite file…", flush=True)
                manage(env, "prepare_demo")  # what `make run` does: migrate, then every part of the demo
                if args.keep_demo:
                    shutil.copyfile(work / "demo.sqlite3", args.keep_demo)
                    print(f"Kept a copy of the seeded file: {args.keep_demo} (give it to --sqlite next time).")
        else:
            env["DATABASE_URL"] = args.database_url
            if args.template:
                copy_database(args.database_url, args.template)
            print("Applying any migrations the database lacks…", flush=True)
            manage(env, "migrate", "--noinput", "-v0")
        return run(args, env, work)
    finally:
        if args.template and args.drop:
            drop_database(args.database_url)
        shutil.rmtree(work, ignore_errors=True)


def manage(env: dict, *argv: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *[a for a in argv if a]], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def _admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), name


def copy_database(url: str, template: str) -> None:
    from psycopg import errors, sql

    conn, name = _admin_connection(url)
    with conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Using the existing database {name} (not copied again from {template}).")
            return
        print(f"Copying {template} to {name}…", flush=True)
        try:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        except errors.ObjectInUse:
            raise SystemExit(
                f"Cannot copy {template}: someone is connected to it. Try again when they are not."
            ) from None


def drop_database(url: str) -> None:
    from psycopg import sql

    conn, name = _admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def sessions_and_pages(env: dict, school_slug: str | None, users: int) -> tuple[str, list[Page]]:
    """In a child process (Django set up on the bench's database): a session per user, and the pages' paths."""
    code = f"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from socialsafe.accounts.testing import signed_in_session_key
from socialsafe.incidents.models import Incident
from socialsafe.schools.models import AuthorityOfficer, MemberRole, Pupil, School
from socialsafe.schools.roles import Role

slug = {school_slug!r}
school = School.objects.get(slug=slug) if slug else School.objects.annotate(n=Count("incidents")).order_by("-n", "id").first()
if school is None:
    sys.exit("The database has no schools.")
head = MemberRole.objects.filter(role=Role.PRINCIPAL, member__school=school, member__is_active=True).select_related("member__user").first()
officer = AuthorityOfficer.objects.filter(authority=school.authority_id).select_related("user").first()
if head is None or officer is None:
    sys.exit(f"{{school.slug}} has no Principal or its authority no officer.")

def session(user):
    key = signed_in_session_key(user, device_name="Signed in by bench_pages")
    return f"{{settings.SESSION_COOKIE_NAME}}={{key}}"

case = Incident.objects.filter(school=school).order_by("-reported_at", "-id").first()
pupil = Pupil.objects.filter(school=school).order_by("id").first()
term = (pupil.last_name if pupil else "a")[:4]
print(json.dumps({{
    "about": f"{{connection.vendor}} {{connection.settings_dict['NAME']}}: {{School.objects.count():,}} schools, "
             f"{{Incident.objects.count():,}} cases; {{school.name}} ({{school.slug}}): "
             f"{{Incident.objects.filter(school=school).count():,}} cases",
    "principal": [session(head.member.user) for _ in range({users})],
    "officer": [session(officer.user) for _ in range({users})],
    "paths": {{
        "home": reverse("home"), "list": reverse("incidents:list"), "search": reverse("incidents:list") + "?q=" + term,
        "case": reverse("incidents:detail", kwargs={{"pk": case.pk}}) if case else None,
        "actions": reverse("incidents:actions"), "inbox": reverse("concerns:inbox"),
        "premises": reverse("registers:premises"), "authority": reverse("schools:authority"),
        "sign_in": reverse("accounts:login"),
    }},
}}))
"""
    import json

    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"Could not sign the users in:\n{out.stderr.strip()[-2000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    p = data["paths"]
    if p["case"] is None:
        raise SystemExit("The school has no cases to open.")
    pages = [
        Page("Sign-in page, anonymous (baseline)", p["sign_in"], None),
        Page("Principal's home", p["home"], "principal"),
        Page("Case list", p["list"], "principal"),
        Page(f"Case search ({p['search'].split('?')[1]})", p["search"], "principal"),
        Page("A case page", p["case"], "principal"),
        Page("Actions", p["actions"], "principal"),
        Page("Concerns inbox", p["inbox"], "principal"),
        Page("Registers: premises bars", p["premises"], "principal"),
        Page("Education Authority view (officer)", p["authority"], "officer"),
    ]
    for page in pages:
        page.cookie = page.cookie and data[page.cookie]  # the list of sessions; each user takes its own below
    return data["about"], pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with status {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s")


def user(port: int, page: Page, cookie: str | None, window: list[float], stop: threading.Event, lock) -> None:
    """Ask for the page again as soon as it answers; only requests started and ended inside `window` count."""
    headers = {"Cookie": cookie} if cookie else {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            conn.request("GET", page.path, headers=headers)
            response = conn.getresponse()
            response.read()
            error = None if response.status == 200 else f"{response.status} {response.getheader('Location', '')}"
            if response.will_close:
                conn.close()  # a sync worker closes after each answer; http.client opens a new one next time
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            conn.close()
        t1 = time.perf_counter()
        if not (window[0] <= t0 and t1 <= window[1]):
            continue  # warming up (first connections, templates compiled), or still open when the time was up
        with lock:
            if error:
                page.errors.append(error)
            else:
                page.times.append(t1 - t0)


def run(args, env: dict, work: Path) -> int:
    print("Collecting static files…", flush=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    # The demo's own school, not one of the small schools seed_demo_authority adds with more cases.
    about, pages = sessions_and_pages(env, args.school or ("glenmore" if args.demo else None), args.users)
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "SITE_URL": f"http://127.0.0.1:{port}"}
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        wait_until_serving(port, server)
        workers = env.get("GUNICORN_WORKERS") or "gunicorn.conf.py's"
        print(f"Database: {about}.")
        print(
            f"gunicorn: {workers} workers on 127.0.0.1:{port}; {args.users} users, {args.warm_up:g} s of warm-up, "
            f"then {args.seconds:g} s counted…",
            flush=True,
        )
        stop, lock = threading.Event(), threading.Lock()
        window = [time.perf_counter() + args.warm_up, time.perf_counter() + args.warm_up + args.seconds]
        threads = []
        for i in range(args.users):
            page = pages[i % len(pages)]
            cookie = page.cookie[i] if page.cookie else None
            page.users += 1
            threads.append(threading.Thread(target=user, args=(port, page, cookie, window, stop, lock), daemon=True))
        for t in threads:
            t.start()
        time.sleep(max(0.0, window[1] - time.perf_counter()))
        stop.set()
        elapsed = args.seconds
        for t in threads:
            t.join(timeout=35)
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    errors_in_log = [line for line in (work / "gunicorn.log").read_text().splitlines() if "[ERROR]" in line]
    return report(pages, elapsed, args, errors_in_log)


def stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def report(pages: list[Page], elapsed: float, args, errors_in_log: list[str]) -> int:
    base = pages[0]
    if not base.times:
        print("The sign-in page answered nothing: no baseline.", base.errors[:3])
        for page in pages:
            print(f"  {page.label}: {len(page.times)} answers, {len(page.errors)} errors {page.errors[:1]}")
        return 1
    base_rate = len(base.times) / elapsed / base.users
    base_p95 = stats(base.times)[1]
    print()
    print(f"{args.users} users, no think time, {elapsed:g} s counted; throughput compared per user (users per page).")
    head = f"{'':38}{'users':>6}{'requests':>9}{'errors':>7}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'× p95':>7}{'× req/s':>8}"
    print(head + "  verdict")
    failed = 0
    for page in pages:
        if not page.times:
            print(f"{page.label:38}{page.users:>6}{0:>9}{len(page.errors):>7}  nothing answered: {page.errors[:1]}")
            failed += 1
            continue
        p50, p95 = stats(page.times)
        rate = len(page.times) / elapsed
        rate_ratio, p95_ratio = rate / page.users / base_rate, p95 / base_p95
        misses = []
        if page.errors:
            misses.append(f"{len(page.errors)} errors ({page.errors[0]})")
        if page is not base and rate_ratio < 0.5:
            misses.append("throughput under ½ the sign-in page's")
        if page is not base and p95_ratio > 3:
            misses.append("p95 over 3× the sign-in page's")
        verdict = "PASS" if not misses else "FAIL: " + "; ".join(misses)
        failed += bool(misses)
        goal = "" if p95 < GOAL_P95_MS else f" (p95 over the {GOAL_P95_MS} ms goal)"
        print(
            f"{page.label:38}{page.users:>6}{len(page.times):>9}{len(page.errors):>7}{rate:>7.1f}{p50:>8.0f}{p95:>8.0f}"
            f"{p95_ratio:>7.1f}{rate_ratio:>8.2f}  {verdict}{goal}"
        )
    total = sum(len(p.times) for p in pages)
    print(f"All pages: {total:,} requests, {total / elapsed:.1f} req/s.")
    if errors_in_log:
        print(f"gunicorn logged {len(errors_in_log)} errors, the first: {errors_in_log[0]}")
    print("Every page meets the targets." if not failed else f"{failed} page(s) miss the targets.")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
