"""The home page's dashboard: each role counts only the cases whose file it sees, and every figure links to its list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socialsafe.incidents.models import (
    Action,
    ActionKind,
    ActionStatus,
    Kind,
    Platform,
    Route,
    Status,
    TakedownStage,
    TakedownStep,
    TargetKind,
)
from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.lib.tests.clock import ago, days_ago, days_ahead
from socialsafe.reports.dashboard import SHORT_KIND, dashboard_for, needs_you, period_for, trends
from socialsafe.schools.roles import Role


@pytest.fixture
def cases(school, other_school, principal, chair, designated_teacher, teacher):
    """A staff case waiting for triage, a case about the Principal (the Governors' route), a pupil's case."""
    staff_case = IncidentFactory(
        school=school, kind=Kind.STAFF_ABUSE, platform=Platform.WHATSAPP, target_kind=TargetKind.STAFF
    )
    governors_case = IncidentFactory(
        school=school,
        kind=Kind.MALICIOUS_COMMENTS,
        platform=Platform.FACEBOOK,
        target_kind=TargetKind.PRINCIPAL,
        route=Route.GOVERNORS,
    )
    pupil_case = IncidentFactory(
        school=school,
        kind=Kind.PUPIL_CYBERBULLYING,
        platform=Platform.TIKTOK,
        target_kind=TargetKind.PUPIL,
        status=Status.TRIAGED,
    )
    elsewhere = IncidentFactory(school=other_school, kind=Kind.STAFF_ABUSE, target_kind=TargetKind.STAFF)

    def action(incident, owner, due_on, **kw):
        return Action.objects.create(
            incident=incident,
            kind=kw.pop("kind", ActionKind.OTHER),
            title=kw.pop("title"),
            owner=owner,
            due_on=due_on,
            **kw,
        )

    action(staff_case, teacher.member, days_ago(2), title="Meet the parent")
    action(governors_case, chair.member, days_ago(3), title="Chair to write to the poster")
    action(pupil_case, designated_teacher.member, days_ahead(3), title="Talk to the pupil's parents")
    action(elsewhere, principal.member, days_ago(1), title="Another school's action")
    action(
        staff_case,
        principal.member,
        days_ago(1),
        title="Tell the PSNI",
        kind=ActionKind.REFERRAL_PSNI,
        status=ActionStatus.DONE,
        completed_at=ago(hours=2),
    )
    TakedownStep.objects.create(
        incident=governors_case, stage=TakedownStage.REPORTED_PLATFORM, on=days_ago(4), by=chair.user
    )
    TakedownStep.objects.create(incident=governors_case, stage=TakedownStage.REMOVED, on=days_ago(1), by=chair.user)
    return {"staff": staff_case, "governors": governors_case, "pupil": pupil_case, "elsewhere": elsewhere}


def _figures(persona, roles):
    needs = needs_you(user=persona.user, school=persona.school, roles=frozenset(roles))
    return {f.label: f.value for f in needs.figures}, needs


def _bars(chart):
    return {b.label: b.value for b in chart.bars}


def _trends(persona, roles):
    return trends(user=persona.user, school=persona.school, roles=frozenset(roles), period=period_for("term"))


def test_it_counts_the_principals_cases_and_not_the_governors(principal, cases):
    figures, needs = _figures(principal, {Role.PRINCIPAL})
    assert figures["Actions overdue"] == 1  # the staff case's; not the Chair's on the Principal's own case
    assert figures["Actions due this week"] == 1
    assert figures["Cases waiting for triage"] == 1
    assert [(o.overdue, o.week) for o in needs.owners] == [(1, 0), (0, 1)]
    t = _trends(principal, {Role.PRINCIPAL})
    assert t.total == 2
    assert _bars(t.by_kind) == {SHORT_KIND[Kind.STAFF_ABUSE]: 1, SHORT_KIND[Kind.PUPIL_CYBERBULLYING]: 1}
    assert Platform.FACEBOOK.label not in _bars(t.by_platform)
    assert t.removals == 0  # the removal was on the Governors' case
    assert _bars(t.referrals)["PSNI"] == 1


def test_it_counts_only_the_governors_cases_for_the_chair(chair, cases):
    figures, needs = _figures(chair, {Role.CHAIR_OF_GOVERNORS})
    assert figures["Actions overdue"] == 1
    assert figures["Actions due this week"] == 0
    assert figures["Cases waiting for triage"] == 1
    assert [o.name for o in needs.owners] == [str(chair.member.first_name + " " + chair.member.last_name)]
    assert "Parents' concerns not yet answered" not in figures  # the Principal's inbox, not the Chair's
    t = _trends(chair, {Role.CHAIR_OF_GOVERNORS})
    assert _bars(t.by_kind) == {SHORT_KIND[Kind.MALICIOUS_COMMENTS]: 1}
    assert (t.removals, t.removal_days) == (1, 3)
    assert _bars(t.referrals)["PSNI"] == 0


def test_it_counts_only_pupils_cases_for_a_designated_teacher(designated_teacher, cases):
    figures, _ = _figures(designated_teacher, {Role.DESIGNATED_TEACHER})
    assert (figures["Actions overdue"], figures["Actions due this week"], figures["Cases waiting for triage"]) == (
        0,
        1,
        0,
    )
    assert "Teaching accounts awaiting your approval" not in figures
    t = _trends(designated_teacher, {Role.DESIGNATED_TEACHER})
    assert _bars(t.by_kind) == {SHORT_KIND[Kind.PUPIL_CYBERBULLYING]: 1}
    assert _bars(t.by_platform) == {Platform.TIKTOK.label: 1}


def test_it_counts_nothing_of_another_school(outsider, cases):
    figures, _ = _figures(outsider, {Role.PRINCIPAL})
    # The other school's one case and its one overdue action are its own; this school's are not counted.
    assert (figures["Actions overdue"], figures["Cases waiting for triage"]) == (1, 1)
    assert _trends(outsider, {Role.PRINCIPAL}).total == 1


@pytest.mark.parametrize(
    ("who", "shown"),
    [("principal", True), ("vice_principal", True), ("chair", True), ("designated_teacher", True), ("teacher", False)],
)
def test_the_home_page_shows_the_dashboard_to_those_it_is_for(client, request, who, shown, cases):
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert ("What needs you today" in response.text) is shown
    assert ("How we are doing" in response.text) is shown
    if not shown:
        assert "pupils" in response.text  # the school's numbers, as before


def test_the_principals_figures_link_to_the_lists_behind_them(client, principal, cases):
    client.force_login(principal.user)
    data = dashboard_for(user=principal.user, school=principal.school, roles=frozenset({Role.PRINCIPAL}))
    links = {f.label: f.url for f in data["needs"].figures}
    overdue = client.get(links["Actions overdue"])
    assert "Meet the parent" in overdue.text
    assert "Chair to write to the poster" not in overdue.text
    assert "Another school" not in overdue.text
    triage = client.get(links["Cases waiting for triage"])
    assert cases["staff"].reference in triage.text and cases["pupil"].reference not in triage.text
    kind_bar = next(b for b in data["trends"].by_kind.bars if b.label == SHORT_KIND[Kind.PUPIL_CYBERBULLYING])
    listed = client.get(kind_bar.url)
    assert cases["pupil"].reference in listed.text and cases["staff"].reference not in listed.text
    platform_bar = data["trends"].by_platform.bars[0]
    assert client.get(platform_bar.url).status_code == 200
    month_bar = next(b for b in data["trends"].by_month.bars if b.value)
    month = client.get(month_bar.url)
    assert cases["staff"].reference in month.text and cases["governors"].reference not in month.text


def test_the_period_comes_from_the_query_and_junk_means_this_term(client, principal, cases):
    client.force_login(principal.user)
    year = client.get(reverse("home"), {"period": "12m"})
    assert "The last 12 months</strong>:" in year.text
    junk = client.get(reverse("home"), {"period": "<script>"})
    assert junk.status_code == 200
    assert period_for("<script>").key == "term"
    assert "<script>" not in junk.text.split("How we are doing")[1].split("</section>")[0]


def test_its_query_count_does_not_grow_with_the_cases(principal, chair, teacher, school, django_assert_max_num_queries):
    roles = frozenset({Role.PRINCIPAL})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            dashboard_for(user=principal.user, school=school, roles=roles)
        return len(ctx.captured_queries)

    def add_cases(n):
        for i in range(n):
            incident = IncidentFactory(school=school, kind=list(Kind)[i % 5], platform=list(Platform)[i % 7])
            Action.objects.create(
                incident=incident, kind=ActionKind.OTHER, title="x", owner=teacher.member, due_on=days_ago(i % 3)
            )
            TakedownStep.objects.create(incident=incident, stage=TakedownStage.REMOVED, on=days_ago(1), by=chair.user)

    add_cases(1)
    few = count()
    add_cases(30)
    with django_assert_max_num_queries(few):
        dashboard_for(user=principal.user, school=school, roles=roles)
    assert few <= 20


def test_it_counts_acknowledgements_and_consents_outstanding(school, principal, teacher, parent, designated_teacher):
    from socialsafe.concerns.models import Acknowledgement, DocKind, PhotoConsent, PolicyDocument, PolicyVersion

    staff_doc = PolicyDocument.objects.create(school=school, kind=DocKind.STAFF_GUIDANCE)
    PolicyVersion.objects.create(document=staff_doc, label="1.0", published_on=days_ago(30), text="Old.")
    current = PolicyVersion.objects.create(document=staff_doc, label="2.0", published_on=days_ago(2), text="New.")
    Acknowledgement.objects.create(version=current, user=principal.user, member=principal.member)
    parents_doc = PolicyDocument.objects.create(school=school, kind=DocKind.CODE_OF_CONDUCT)
    PolicyVersion.objects.create(document=parents_doc, label="1.0", published_on=days_ago(2), text="Be kind.")
    figures, _ = _figures(principal, {Role.PRINCIPAL})
    # Three staff (the Principal has read it) and one parent owe an acknowledgement of the current versions.
    assert figures["Policy acknowledgements outstanding"] == 2 + 1
    assert figures["Pupils with no photo consent answer"] == 1
    child = parent.guardian.links.get().pupil
    PhotoConsent.objects.create(
        school=school, pupil=child, may_publish=False, guardian=parent.guardian, set_by=parent.user
    )
    figures, _ = _figures(principal, {Role.PRINCIPAL})
    assert figures["Pupils with no photo consent answer"] == 0
    figures, _ = _figures(designated_teacher, {Role.DESIGNATED_TEACHER})
    assert "Policy acknowledgements outstanding" not in figures


def test_the_dashboard_leads_to_the_statutory_register_and_the_termly_report(client, principal):
    client.force_login(principal.user)
    page = client.get("/").text
    links = page.split('id="records-and-reports"')[1].split("</ul>")[0]
    assert 'href="/incidents/bullying/"' in links and 'href="/reports/termly/"' in links


def test_it_counts_the_parents_answers_waiting_for_the_schools_reply(principal, school):
    from socialsafe.concerns.services import concern_answer, concern_reply
    from socialsafe.concerns.tests.conftest import make_concern

    concern = make_concern(school)
    concern_reply(concern=concern, by=principal.user, text="Thank you: we are looking into it.")
    figures, _ = _figures(principal, {Role.PRINCIPAL})
    assert figures["Parents' answers waiting for a reply"] == 0
    concern_answer(concern=concern, text="There is a second post now.")
    figures, _ = _figures(principal, {Role.PRINCIPAL})
    assert figures["Parents' answers waiting for a reply"] == 1
    concern_reply(concern=concern, by=principal.user, text="We have asked for both to be removed.")
    figures, _ = _figures(principal, {Role.PRINCIPAL})
    assert figures["Parents' answers waiting for a reply"] == 0
