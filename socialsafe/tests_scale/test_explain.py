"""On PostgreSQL, the case search, the case list and the actions page's queries are served by indexes that narrow to
one school first: no full scan of the authority's cases, actions or people.

The tests' database holds a few dozen rows, where a sequential scan is honestly the cheapest plan, so each plan is
asked for with `enable_seqscan = off`: the planner then takes any usable index, and a plan that still scans a table
in full shows that no index can serve the query. On the EA-sized database (bench/, `ssdev_ea`) the same plans are
chosen without the setting.
"""

import pytest
from django.db import connection, transaction

from socialsafe.incidents import selectors
from socialsafe.incidents.access import visible_incidents, whole_file_incidents
from socialsafe.incidents.models import Action, ActionKind, Incident
from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.lib.tests.clock import days_ago
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import GuardianFactory, MemberFactory, PupilFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's"),
]

# The tables that grow with the authority: a full scan of any of them is a scan of every school's rows.
BIG = ["incidents_incident", "incidents_action", "schools_pupil", "schools_member", "schools_guardian"]
PRINCIPAL = frozenset({Role.PRINCIPAL})


def plan(queryset) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # see the module's docstring
        return queryset.explain()


def full_scans(text: str) -> list[str]:
    return [table for table in BIG if f"Seq Scan on {table}" in text]


@pytest.fixture
def cases(school, other_school, principal):
    for where in (school, other_school):
        pupil = PupilFactory(school=where, last_name="Quigley")
        GuardianFactory(school=where, last_name="Quigley")
        MemberFactory(school=where, last_name="Quigley")
        for n in range(15):
            case = IncidentFactory(school=where, summary=f"Case {n}", target_pupil=pupil if n % 3 else None)
            Action.objects.create(
                incident=case, kind=ActionKind.OTHER, title="Ring", owner=principal.member, due_on=days_ago(2)
            )
    return Incident.objects.filter(school=school)


def test_it_searches_one_schools_cases_by_index(principal, cases):
    user, school = principal.user, principal.school
    found = selectors.incidents_filter(
        visible_incidents(user, school, PRINCIPAL),
        user=user,
        school=school,
        whole_file=whole_file_incidents(user, school, PRINCIPAL),
        q="Quigley case",
    )
    assert found.count() == 10  # the search works: the school's cases about its pupil Quigley, not the other's
    page = found.select_related("handler").order_by("-reported_at")[:25]
    for shown in (plan(page), plan(found)):
        assert full_scans(shown) == [], shown
        assert "Index Cond: (school_id = " in shown or "Index Cond: ((school_id = " in shown, shown


def test_it_lists_one_schools_cases_by_index(principal, cases):
    listed = visible_incidents(principal.user, principal.school, PRINCIPAL).order_by("-reported_at")[:25]
    shown = plan(listed)
    assert full_scans(shown) == [], shown


def test_it_finds_overdue_actions_by_index(principal, cases):
    visible = visible_incidents(principal.user, principal.school, PRINCIPAL)
    overdue = selectors.overdue_actions(visible, managed_by=principal.user, roles=PRINCIPAL)
    assert len(overdue) == 15  # this school's, not the other school's
    query = Action.objects.overdue().filter(incident__in=visible.open()).order_by("due_on")
    shown = plan(query)
    assert full_scans(shown) == [], shown


def test_a_class_teachers_search_is_served_by_indexes_too(teacher, cases):
    user, school, roles = teacher.user, teacher.school, frozenset({Role.CLASS_TEACHER})
    found = selectors.incidents_filter(
        visible_incidents(user, school, roles),
        user=user,
        school=school,
        whole_file=whole_file_incidents(user, school, roles),
        q="Quigley",
    )
    assert found.count() == 10  # the cases about the pupil in their class, found by the pupil's name
    shown = plan(found.order_by("-reported_at")[:25])
    assert full_scans(shown) == [], shown
