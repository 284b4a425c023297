"""The Education Authority's view: counts per school, small ones hidden, no name, case or text; sorted, paginated,
searched, exported; only the officer's own authority; the same number of queries for 3 schools or 30."""

import csv
import datetime as dt
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate, make_aware

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import Concern, ConcernStatus
from socialsafe.incidents.choices import (
    ActionKind,
    ActionStatus,
    BullyingJudgement,
    BullyingOutcome,
    InterventionLevel,
    TakedownStage,
    TargetKind,
)
from socialsafe.incidents.models import Action, BullyingRecord, Status, TakedownStep
from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.lib.tests.clock import ago, days_ago, days_ahead
from socialsafe.registers.models import PremisesBan
from socialsafe.reports.authority import authority_report, period_for, total_text
from socialsafe.reports.suppress import suppress
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import MemberFactory, OfficerFactory, PupilFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/school/authority/"
CSV = "/school/authority/export.csv"


def cases(school, n, **kw):
    kw.setdefault("reported_at", ago(hours=1))
    return [IncidentFactory(school=school, **kw) for _ in range(n)]


def overdue(school, n):
    owner = MemberFactory(school=school, roles=[Role.PRINCIPAL])
    case = IncidentFactory(school=school)
    for _ in range(n):
        Action.objects.create(
            incident=case, kind=ActionKind.MEETING, title="Meet", owner=owner, due_on=days_ago(2), status="open"
        )


def rows_of(response):
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    return {line[0]: line for line in lines}


@pytest.fixture
def neighbour(school):
    """Another school of the same authority."""
    return SchoolFactory(authority=school.authority, name="Ballybrae Primary School", slug="ballybrae")


# --- What the officer sees ---
def test_it_shows_each_schools_count_and_hides_small_ones(client, officer, school, neighbour):
    cases(school, 6)
    cases(neighbour, 2)
    client.force_login(officer.user)
    r = client.get(PAGE, {"period": "year"})
    assert r.status_code == 200
    report = r.context["report"]
    counts = {row.name: row.counts["cases"].text for row in report.rows}
    assert counts == {school.name: "6", neighbour.name: "fewer than 5"}
    # The total must not give the hidden 2 away (8 - 6): it is the range the hidden school allows.
    assert report.totals[0] == "7 to 10"
    html = r.content.decode()
    assert "&lt;5" in html and "7\u00a0to\u00a010" in html and ">8<" not in html


def test_a_total_is_exact_when_no_count_is_hidden():
    assert total_text([suppress(6), suppress(0), suppress(7)]) == "13"
    assert total_text([suppress(0), suppress(0)]) == "0"
    assert total_text([suppress(2)]) == "fewer than 5"
    assert total_text([suppress(1), suppress(3)]) == "2 to 8"


def test_it_counts_every_figure(school, neighbour):
    pupils = [PupilFactory(school=school) for _ in range(5)]
    for pupil in pupils:  # five pupils, each the subject of two cases: five repeat pupils
        cases(school, 2, target_kind=TargetKind.PUPIL, target_pupil=pupil)
    open_now = cases(school, 5, status=Status.TRIAGED)
    overdue(school, 5)
    owner = MemberFactory(school=school, roles=[Role.PRINCIPAL])
    for case in open_now:
        BullyingRecord.objects.create(
            incident=case,
            judgement=BullyingJudgement.BULLYING,
            methods=["verbal"],
            motivations=["appearance", "race"] if case is open_now[0] else ["appearance"],
            level=InterventionLevel.LEVEL_2,
            outcome=BullyingOutcome.RESOLVED,
            recorded_by=owner.user,
        )
        Action.objects.create(
            incident=case,
            kind=ActionKind.REFERRAL_PSNI,
            title="PSNI",
            owner=owner,
            due_on=localdate(),
            status=ActionStatus.DONE,
            completed_at=ago(hours=1),
        )
        TakedownStep.objects.create(incident=case, stage=TakedownStage.REMOVED, on=localdate(), by=owner.user)
        PremisesBan.objects.create(
            school=school,
            incident=case,
            person_name="X",
            reason="x",
            starts_on=days_ago(3),
            ends_on=days_ahead(120),
            review_on=days_ahead(60),
            created_by=owner.user,
        )
    for _ in range(5):
        Concern.objects.create(
            school=school,
            status=ConcernStatus.NEW,
            name="A parent",
            email="a@example.com",
            topic="other",
            what_happened="x",
            wanted_outcome="y",
            status_token=uuid.uuid4().hex,
        )
    report = authority_report(authority_ids=[school.authority_id], period=period_for("year"))
    mine = next(r for r in report.rows if r.id == school.pk)
    assert {k: c.value for k, c in mine.counts.items()} == {
        "cases": 10 + 5 + 1,  # the repeat cases, the open ones and the one that holds the overdue actions
        "open": 16,
        "overdue": 5,
        "bullying": 5,
        "escalations": 5,
        "removals": 5,
        "bars": 5,
        "concerns": 5,
        "repeat": 5,
    }
    assert mine.pupils == 5 and mine.staff == 2
    assert mine.motivation == "Appearance"  # race counts 1: never named for a school
    assert dict((label, n.text) for label, n in report.motivations) == {"Appearance": "5", "Race": "fewer than 5"}
    other = next(r for r in report.rows if r.id == neighbour.pk)
    assert all(c.value == 0 for c in other.cells()) and other.motivation == ""


def test_it_counts_a_case_in_the_term_it_was_opened(client, officer, school):
    this, previous = period_for("term"), period_for("previous")
    assert previous.end < this.start
    at_start = make_aware(dt.datetime.combine(previous.start, dt.time(10)))
    cases(school, 5, reported_at=at_start)
    client.force_login(officer.user)
    before = client.get(PAGE, {"period": "previous"}).context["report"].rows[0]
    now = client.get(PAGE, {"period": "term"}).context["report"].rows[0]
    assert before.counts["cases"].value == 5 and now.counts["cases"].value == 0


def test_the_terms_are_those_of_the_northern_ireland_school_year():
    y = localdate().year
    autumn = period_for("term", dt.date(y, 11, 20))
    assert (autumn.start, autumn.end) == (dt.date(y, 9, 1), dt.date(y, 12, 31)) and "Autumn" in autumn.label
    spring = period_for("previous", dt.date(y, 5, 2))
    assert (spring.start, spring.end) == (dt.date(y, 1, 1), dt.date(y, 3, 31))
    assert period_for("previous", dt.date(y, 2, 2)).start == dt.date(y - 1, 9, 1)
    assert period_for("term", dt.date(y, 8, 1)).start == dt.date(y, 4, 1)  # the summer holidays: the Summer term
    year = period_for("year", dt.date(y, 3, 1))
    assert year.end == dt.date(y, 3, 1) and (year.end - year.start).days == 364
    assert period_for("junk", dt.date(y, 10, 1)).key == "term"


# --- Schools that may need support ---
def test_it_points_out_a_school_well_above_the_median_and_never_a_hidden_count(client, officer, school, neighbour):
    quiet = [SchoolFactory(authority=school.authority, name=f"Carnlough {i} Primary School") for i in range(3)]
    overdue(school, 6)
    overdue(neighbour, 4)  # also above the median (0), but hidden: it must not be pointed out
    client.force_login(officer.user)
    r = client.get(PAGE)
    flagged = [row.name for row in r.context["flagged"]]
    assert flagged == [school.name]
    assert r.context["report"].thresholds["overdue"] == 5 and len(quiet) == 3  # the median is 0
    assert "twice the median" in r.content.decode()


def test_the_threshold_is_twice_the_median(school):
    others = [SchoolFactory(authority=school.authority) for _ in range(4)]
    for s in others:
        overdue(s, 5)
    overdue(school, 9)  # the median is 5: 9 is not twice it
    report = authority_report(authority_ids=[school.authority_id], period=period_for("term"))
    assert report.thresholds["overdue"] == 10
    assert not [r for r in report.rows if r.flags]


# --- Sorting, pages, search ---
def test_it_sorts_by_a_column_and_keeps_hidden_counts_in_one_band(client, officer, school):
    a = SchoolFactory(authority=school.authority, name="Aghadowey Primary School")
    b = SchoolFactory(authority=school.authority, name="Bushmills Primary School")
    cases(school, 7)
    cases(a, 4)
    cases(b, 1)
    client.force_login(officer.user)
    names = [r.name for r in client.get(PAGE, {"period": "year", "sort": "-cases"}).context["page"].object_list]
    # 4 and 1 are both "fewer than 5": in name order, so the order does not tell them apart.
    assert names == [school.name, a.name, b.name]
    names = [r.name for r in client.get(PAGE, {"period": "year", "sort": "cases"}).context["page"].object_list]
    assert names == [a.name, b.name, school.name]
    assert 'aria-sort="descending"' in client.get(PAGE, {"sort": "-cases"}).content.decode()


def test_it_refuses_a_sort_or_period_it_does_not_know(client, officer, school):
    client.force_login(officer.user)
    for bad in ({"sort": "summary"}, {"sort": "-reference"}, {"period": "1999"}, {"q": "x" * 101}):
        r = client.get(PAGE, bad)
        assert r.status_code == 400, bad
        assert r.context["params"]["sort"] == "name"
        assert client.get(CSV, bad).status_code == 200  # the CSV falls back to the defaults too


def test_it_shows_fifty_schools_a_page(client, officer, school):
    for i in range(50):
        SchoolFactory(authority=school.authority, name=f"Zz School {i:02d}")
    client.force_login(officer.user)
    first = client.get(PAGE).context["page"]
    assert len(first.object_list) == 50 and first.paginator.num_pages == 2
    second = client.get(PAGE, {"page": 2}).context["page"]
    assert [r.name for r in second.object_list] == ["Zz School 49"]


def test_it_finds_a_school_by_name(client, officer, school, neighbour):
    client.force_login(officer.user)
    r = client.get(PAGE, {"q": " GLEN "})
    assert [row.name for row in r.context["report"].rows] == [school.name]
    assert neighbour.name not in r.content.decode()
    assert client.get(PAGE, {"q": "glen\x00"}).status_code == 400


# --- The CSV ---
def test_it_exports_every_page_with_the_same_suppression_and_audits_it(client, officer, school, neighbour):
    for i in range(55):
        SchoolFactory(authority=school.authority, name=f"Zz School {i:02d}")
    cases(school, 6)
    cases(neighbour, 3)
    client.force_login(officer.user)
    r = client.get(CSV, {"period": "year", "sort": "-cases"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r["Content-Disposition"].startswith('attachment; filename="schools-year-')
    lines = list(csv.reader(io.StringIO(r.content.decode())))
    assert lines[1][:4] == ["School", "Pupils", "Staff and governors", "Cases opened"]
    assert len(lines) == 2 + 57 + 1  # the period, the headings, every school on every page, the total
    assert lines[2][0] == school.name and lines[2][3] == "6"
    assert lines[3][0] == neighbour.name and lines[3][3] == "fewer than 5"
    assert lines[-1][0] == "Total" and lines[-1][3] == "7 to 10"
    assert len(lines[-1]) == len(lines[1])  # the total row is as wide as the heading
    event = AuditEvent.objects.get(verb="authority.exported")
    assert event.actor == officer.user and event.data["period"] == "year" and event.data["schools"] == 57
    # Asking twice gives the same file and one audit row each.
    again = client.get(CSV, {"period": "year", "sort": "-cases"})
    assert again.content == r.content and AuditEvent.objects.filter(verb="authority.exported").count() == 2


def test_the_csv_keeps_a_school_name_from_running_as_a_formula(client, officer, school):
    SchoolFactory(authority=school.authority, name='=HYPERLINK("http://evil.example","x")')
    client.force_login(officer.user)
    rows = rows_of(client.get(CSV))
    assert '\'=HYPERLINK("http://evil.example","x")' in rows


def test_the_csv_follows_the_search(client, officer, school, neighbour):
    client.force_login(officer.user)
    rows = rows_of(client.get(CSV, {"q": "bally"}))
    assert neighbour.name in rows and school.name not in rows


# --- Who may see it ---
def test_an_officer_of_another_authority_sees_nothing_of_this_one(client, school, other_school):
    cases(school, 7)
    stranger = OfficerFactory(authority=other_school.authority, user=UserFactory())
    client.force_login(stranger.user)
    r = client.get(PAGE, {"period": "year"})
    assert [row.name for row in r.context["report"].rows] == [other_school.name]
    assert school.name not in r.content.decode()
    assert school.name not in client.get(CSV, {"period": "year"}).content.decode()


@pytest.mark.parametrize("who", ["principal", "chair", "teacher"])
def test_school_people_are_refused_the_page_and_the_csv(client, request, who):
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403
    assert not AuditEvent.objects.filter(verb="authority.exported").exists()


def test_it_answers_only_get(client, officer):
    client.force_login(officer.user)
    assert client.post(PAGE).status_code == 405
    assert client.post(CSV).status_code == 405


# --- Speed: a fixed number of queries, whatever the number of schools ---
def _schools_with_data(authority, n):
    for i in range(n):
        s = SchoolFactory(authority=authority)
        PupilFactory(school=s)
        MemberFactory(school=s, roles=[Role.STAFF])
        cases(s, 1 + i % 6)
        if i % 3 == 0:
            overdue(s, 2)


def test_the_page_costs_the_same_queries_for_3_schools_or_30(client, officer, school, django_assert_max_num_queries):
    _schools_with_data(school.authority, 2)
    client.force_login(officer.user)
    client.get(PAGE)  # the session and the like, once
    with CaptureQueriesContext(connection) as three:
        client.get(PAGE, {"period": "year", "sort": "-overdue"})
    with CaptureQueriesContext(connection) as three_csv:
        client.get(CSV, {"period": "year"})
    _schools_with_data(school.authority, 27)
    with django_assert_max_num_queries(len(three)):
        r = client.get(PAGE, {"period": "year", "sort": "-overdue"})
    assert len(r.context["report"].rows) == 30
    with django_assert_max_num_queries(len(three_csv)):
        assert len(rows_of(client.get(CSV, {"period": "year"}))) == 30 + 3
    assert len(three) <= 20  # signing in, then one query per figure
