"""The Governors' termly report: produced once by a POST, stored with its figures and PDF, read back by GETs."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.choices import BullyingJudgement, BullyingMethod, BullyingMotivation, Route
from socialsafe.incidents.models import BullyingRecord, Exclusion, Kind, TargetKind
from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.reports.models import ReportRun, ReportScope
from socialsafe.reports.suppress import FEWER
from socialsafe.reports.termly import BOARD, HIDDEN, SCHOOL, Period, figures_of, termly_charts, termly_figures
from socialsafe.reports.terms import term_for

pytestmark = pytest.mark.django_db

URL = "/reports/termly/"


def this_term() -> str:
    return term_for(localdate()).key


def cases(school, n, **fields):
    return [IncidentFactory(school=school, **fields) for _ in range(n)]


def produce(client, **data):
    data = {"period": "term", "term": this_term()} | data
    return client.post(URL, data)


def test_it_produces_the_report_once_and_stores_its_figures_and_pdf(client, fixed_clock, principal):
    cases(principal.school, 6, kind=Kind.PUPIL_CYBERBULLYING)
    cases(principal.school, 2, kind=Kind.STAFF_ABUSE)
    cases(principal.school, 1, kind=Kind.FIREWALL)
    client.force_login(principal.user)
    r = produce(client)
    run = ReportRun.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("reports:termly_detail", args=[run.pk])
    assert run.scope == ReportScope.SCHOOL and run.parameters == {"term": this_term()}
    assert run.produced_by == principal.user and run.produced_as == "the Principal"
    kinds = dict(run.figures["incidents"]["by_kind"])
    assert kinds[Kind.PUPIL_CYBERBULLYING.label] == 6
    assert kinds[Kind.STAFF_ABUSE.label] == FEWER  # 2 cases: never printed as a number
    assert run.figures["incidents"]["total"] == 9
    assert bytes(run.pdf).startswith(b"%PDF") and run.pdf_matches
    event = AuditEvent.objects.get(verb="reports.termly_produced")
    assert event.school == principal.school and event.data["sha256"] == run.pdf_sha256


def test_it_shows_and_downloads_what_was_stored_and_computes_nothing(client, fixed_clock, principal):
    client.force_login(principal.user)
    produce(client)
    run = ReportRun.objects.get()
    cases(principal.school, 7)  # new records after production: the stored report does not change
    r = client.get(reverse("reports:termly_detail", args=[run.pk]))
    assert r.status_code == 200
    assert "Confidential: for the Board of Governors" in r.text
    assert r.context["f"]["incidents"]["total"] == 0
    r = client.get(reverse("reports:termly_pdf", args=[run.pk]))
    assert r["Content-Type"] == "application/pdf"
    assert hashlib.sha256(r.content).hexdigest() == run.pdf_sha256
    assert ReportRun.objects.count() == 1
    verbs = list(AuditEvent.objects.filter(verb__startswith="reports.").values_list("verb", flat=True))
    assert sorted(verbs) == ["reports.termly_downloaded", "reports.termly_produced", "reports.termly_viewed"]


def test_it_reproduces_the_same_figures_from_the_same_parameters(client, fixed_clock, principal):
    cases(principal.school, 5, kind=Kind.PUPIL_PHONE)
    client.force_login(principal.user)
    produce(client)
    first = ReportRun.objects.get()
    r = client.post(URL, {"period": "term", "term": first.parameters["term"]})  # "produce it again"
    second = ReportRun.objects.exclude(pk=first.pk).get()
    assert r.status_code == 302
    assert second.figures == first.figures
    cases(principal.school, 5, kind=Kind.PUPIL_PHONE)  # the data change: so do the figures
    produce(client)
    third = ReportRun.objects.order_by("-id").first()
    assert third.figures["incidents"]["total"] == 10 != first.figures["incidents"]["total"]


def test_a_date_range_is_stored_as_its_dates(client, fixed_clock, principal):
    client.force_login(principal.user)
    start, end = localdate() - dt.timedelta(days=30), localdate()
    r = client.post(URL, {"period": "range", "start": start.isoformat(), "end": end.isoformat()})
    assert r.status_code == 302
    run = ReportRun.objects.get()
    assert run.parameters == {"start": start.isoformat(), "end": end.isoformat()}
    assert run.figures["period"]["previous"] == Period.of_range(start, end).previous().label


def test_a_double_submit_produces_one_report(client, fixed_clock, principal):
    client.force_login(principal.user)
    token = "ab" * 16
    data = {"period": "term", "term": this_term(), "submission": token}
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert ReportRun.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"period": "range", "start": "{today}", "end": "{yesterday}"}, "end"),  # the end before the start
        ({"period": "range", "start": "{two_years_ago}", "end": "{today}"}, "end"),  # over a year
        ({"period": "range", "start": "{tomorrow}", "end": "{tomorrow}"}, "start"),  # not begun
        ({"period": "range", "start": "", "end": "{today}"}, "start"),
        ({"period": "range", "start": "31/02/2026", "end": "{today}"}, "start"),
        ({"period": "term", "term": "2026-winter"}, "term"),  # no such term
        ({"period": "term", "term": "next-year"}, "term"),
        ({"period": "term", "term": "{next_year}-autumn"}, "term"),  # not begun
        ({"period": "term", "term": ""}, "term"),
        ({"period": "fortnight"}, "period"),
    ],
)
def test_it_refuses_bad_input(client, fixed_clock, principal, data, field):
    today = localdate()
    values = {
        "today": today,
        "yesterday": today - dt.timedelta(days=1),
        "tomorrow": today + dt.timedelta(days=1),
        "two_years_ago": today - dt.timedelta(days=730),
        "next_year": today.year + 1,
    }
    client.force_login(principal.user)
    r = client.post(URL, {k: v.format(**values) for k, v in data.items()})
    assert r.status_code == 400
    assert field in r.context["form"].errors
    assert not ReportRun.objects.exists()
    assert 'class="govuk-error-summary' in r.text


def test_it_takes_only_get_and_post(client, principal):
    client.force_login(principal.user)
    assert client.put(URL).status_code == 405
    run_url = reverse("reports:termly_pdf", args=[1])
    assert client.post(run_url).status_code == 405


# --- The Governors' cases: the Principal's version leaves them out; the Chair's counts them ---


@pytest.fixture
def governors_cases(fixed_clock, school):
    return cases(school, 5, route=Route.GOVERNORS, target_kind=TargetKind.PRINCIPAL, kind=Kind.STAFF_ABUSE)


def test_the_principals_version_does_not_count_the_governors_cases(client, principal, chair, governors_cases):
    client.force_login(principal.user)
    produce(client)
    school_run = ReportRun.objects.get()
    assert school_run.figures["incidents"]["total"] == 0
    assert TargetKind.PRINCIPAL.label not in dict(school_run.figures["incidents"]["by_target"])
    client.force_login(chair.user)
    produce(client)
    board_run = ReportRun.objects.get(scope=ReportScope.BOARD)
    assert board_run.produced_as == "the Chair of Governors"
    assert board_run.figures["incidents"]["total"] == 5
    assert dict(board_run.figures["incidents"]["by_target"])[TargetKind.PRINCIPAL.label] == 5
    page = client.get(reverse("reports:termly_detail", args=[school_run.pk]))
    assert "Cases in which the Principal is the subject are taken to the Governors" in page.text


def _run(school, by, scope):
    period = Period.of_term(term_for(localdate()))
    return ReportRun.objects.create(
        school=school,
        scope=scope,
        parameters=period.parameters,
        label=period.label,
        produced_by=by,
        produced_as="x",
        figures=termly_figures(school=school, scope=scope, period=period),
        pdf=b"%PDF-",
        pdf_sha256=hashlib.sha256(b"%PDF-").hexdigest(),
    )


@pytest.fixture
def runs(fixed_clock, principal, chair):
    return {SCHOOL: _run(principal.school, principal.user, SCHOOL), BOARD: _run(chair.school, chair.user, BOARD)}


# Who reads which version: the school's for the senior staff, the Chair and the governors; the Board's for the
# Chair and the governors only. Teachers, parents and other schools read neither.
READS = {
    "principal": {SCHOOL},
    "vice_principal": {SCHOOL},
    "chair": {SCHOOL, BOARD},
    "governor": {SCHOOL, BOARD},
}


@pytest.mark.parametrize("who", ["principal", "vice_principal", "chair", "governor"])
def test_each_reader_sees_the_versions_they_may(client, request, runs, who):
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    listed = client.get(URL)
    assert listed.status_code == 200
    for scope, run in runs.items():
        for name in ("reports:termly_detail", "reports:termly_pdf"):
            answer = client.get(reverse(name, args=[run.pk])).status_code
            assert answer == (200 if scope in READS[who] else 404), (who, scope, name)
        assert (reverse("reports:termly_detail", args=[run.pk]) in listed.text) == (scope in READS[who])


@pytest.mark.parametrize("who", ["teacher", "designated_teacher", "office", "staff", "parent"])
def test_others_in_the_school_are_refused(client, request, runs, who):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(URL).status_code == 403
    assert produce(client).status_code == 403
    assert client.get(reverse("reports:termly_detail", args=[runs[SCHOOL].pk])).status_code == 403
    assert client.get(reverse("reports:termly_pdf", args=[runs[SCHOOL].pk])).status_code == 403


def test_a_governor_reads_but_does_not_produce(client, fixed_clock, governor):
    client.force_login(governor.user)
    assert 'id="produce"' not in client.get(URL).text
    assert produce(client).status_code == 403
    assert not ReportRun.objects.exists()


def test_another_schools_principal_sees_none_of_them(client, runs, outsider):
    client.force_login(outsider.user)
    assert "Autumn" not in client.get(URL).text.split("Reports produced")[1]
    for run in runs.values():
        assert client.get(reverse("reports:termly_detail", args=[run.pk])).status_code == 404
        assert client.get(reverse("reports:termly_pdf", args=[run.pk])).status_code == 404


def test_a_governor_named_in_a_governors_case_does_not_see_the_boards_version(client, runs, governor, school):
    case = IncidentFactory(school=school, route=Route.GOVERNORS, target_kind=TargetKind.PRINCIPAL)
    Exclusion.objects.create(incident=case, user=governor.user, reason="Named as responsible")
    client.force_login(governor.user)
    assert client.get(reverse("reports:termly_detail", args=[runs[BOARD].pk])).status_code == 404
    assert client.get(reverse("reports:termly_detail", args=[runs[SCHOOL].pk])).status_code == 200


# --- The figures ---


def test_bullying_figures_count_methods_and_motivations(fixed_clock, principal):
    period = Period.of_term(term_for(localdate()))
    for n in range(6):
        incident = IncidentFactory(school=principal.school, kind=Kind.PUPIL_CYBERBULLYING)
        BullyingRecord.objects.create(
            incident=incident,
            judgement=BullyingJudgement.BULLYING if n < 5 else BullyingJudgement.UNRESOLVED,
            methods=[BullyingMethod.ONLINE_MESSAGING, BullyingMethod.VERBAL],
            motivations=[BullyingMotivation.APPEARANCE] + ([BullyingMotivation.RACE] if n < 2 else []),
            level="2",
            outcome="resolved",
            recorded_by=principal.user,
        )
    b = termly_figures(school=principal.school, scope=SCHOOL, period=period)["bullying"]
    # 6 records, 5 of them bullying: printing the 5 beside the total would give away the 1 alleged, so the summary
    # shows the judgement figures as the protected table does.
    assert (b["total"], b["bullying"], b["alleged"], b["online"]) == (6, HIDDEN, FEWER, 6)
    assert dict(b["by_judgement"])[BullyingJudgement.BULLYING.label] == HIDDEN
    motivations = dict(b["by_motivation"])
    assert motivations[BullyingMotivation.APPEARANCE.label] == 6
    assert motivations[BullyingMotivation.RACE.label] == FEWER
    assert motivations[BullyingMotivation.RELIGION.label] == 0
    assert dict(b["by_method"])[BullyingMethod.ONLINE_MESSAGING.label] == 6


def test_no_figure_is_a_small_number(fixed_clock, principal):
    for kind, n in ((Kind.PUPIL_PHONE, 1), (Kind.FIREWALL, 4), (Kind.ILLEGAL, 5)):
        cases(principal.school, n, kind=kind)
    figures = termly_figures(school=principal.school, scope=SCHOOL, period=Period.of_term(term_for(localdate())))
    for value in figures_of(figures):
        assert value == 0 or value == FEWER or (isinstance(value, int) and value >= 5) or isinstance(value, str)
        if isinstance(value, int):
            assert not 1 <= value <= 4
    assert figures["incidents"]["total"] == 10


def test_a_lone_small_figure_cannot_be_worked_out_from_the_total(fixed_clock, principal):
    cases(principal.school, 9, kind=Kind.PUPIL_PHONE)
    cases(principal.school, 6, kind=Kind.FIREWALL)
    cases(principal.school, 3, kind=Kind.ILLEGAL)
    figures = termly_figures(school=principal.school, scope=SCHOOL, period=Period.of_term(term_for(localdate())))
    kinds = dict(figures["incidents"]["by_kind"])
    assert figures["incidents"]["total"] == 18
    assert kinds == {Kind.PUPIL_PHONE.label: 9, Kind.FIREWALL.label: HIDDEN, Kind.ILLEGAL.label: FEWER}
    charts = termly_charts(figures)
    assert [row["text"] for row in charts["kind"].rows] == ["9", HIDDEN, FEWER]


def test_the_figures_take_the_same_queries_however_many_records(fixed_clock, principal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = Period.of_term(term_for(localdate()))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            termly_figures(school=principal.school, scope=SCHOOL, period=period)
        return len(captured)

    cases(principal.school, 2)
    few = queries()
    cases(principal.school, 30, kind=Kind.PUPIL_PHONE)
    assert queries() == few <= 30


def test_the_stored_report_opens_in_a_few_queries(client, fixed_clock, principal, django_assert_max_num_queries):
    client.force_login(principal.user)
    produce(client)
    run = ReportRun.objects.get()
    # The sign-in, school and roles take 9 of them on every page; the audit row 4.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:termly_detail", args=[run.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_concern_figures_cannot_be_subtracted_to_a_small_number(fixed_clock, principal):
    """6 received and 5 answered would say that 1 is unanswered: the answered figure is not shown."""
    import datetime as dt

    from django.utils.timezone import now

    from socialsafe.concerns.models import Concern, ConcernStatus, Topic
    from socialsafe.reports.termly import _concern_figures

    at = now() - dt.timedelta(hours=3)
    for n in range(6):
        Concern.objects.create(
            school=principal.school,
            status=ConcernStatus.NEW,
            name="A parent",
            email=f"parent{n}@example.com",
            topic=Topic.choices[0][0],
            what_happened="…",
            wanted_outcome="…",
            status_token=f"token-{n}",
            confirmed_at=at,
            due_on=localdate() + dt.timedelta(days=5),
            first_response_at=at + dt.timedelta(hours=1) if n < 5 else None,
        )
    f = _concern_figures(principal.school, Period.of_term(term_for(localdate())))
    assert f["received"] == 6
    assert f["answered"] == HIDDEN and f["answered_on_time"] == HIDDEN


def test_coverage_counts_every_parent_asked_with_an_account_or_not(principal, school):
    """The policy is addressed to every parent of a pupil on roll, with an account or not: none acknowledged of six
    is 0% (the Board needs to see it), not a figure hidden as if it were small."""
    from socialsafe.concerns.models import DocKind
    from socialsafe.concerns.services import policy_version_publish
    from socialsafe.reports.termly import _coverage
    from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

    for _ in range(6):
        GuardianFactory(school=school, children=[PupilFactory(school=school)])  # no account yet
    policy_version_publish(
        school=school,
        kind=DocKind.SOCIAL_MEDIA,
        by=principal.user,
        label="2026",
        published_on=localdate(),
        text="The policy.",
    )
    rows = dict(_coverage(school, localdate()))
    assert rows["Social Media Policy: acknowledged"] == "0%"
    assert rows["Photo consent: parents have answered"] == "0%"
