"""seed_authority, kept from rotting: two schools on SQLite (the benchmarks run it at 1,100 on PostgreSQL)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from socialsafe.incidents.choices import ActionStatus, Kind, Route
from socialsafe.incidents.models import Action, BullyingRecord, Incident, ReferenceCounter, TimelineEntry
from socialsafe.schools.models import AuthorityOfficer, EducationAuthority, MemberRole, Pupil, School
from socialsafe.schools.roles import Role
from socialsafe.schools.seed import OFFICER_EMAIL, SQLITE_MAX_SCHOOLS

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = io.StringIO()
    call_command("seed_authority", schools=2, stdout=out)
    return out.getvalue()


def test_it_builds_schools_people_and_cases_that_hang_together(seeded):
    schools = list(School.objects.filter(slug__startswith="seeded-"))
    assert len(schools) == 2
    assert "Seeded 2 schools" in seeded
    for school in schools:
        roles = set(MemberRole.objects.filter(member__school=school).values_list("role", flat=True))
        assert {Role.PRINCIPAL, Role.DESIGNATED_TEACHER, Role.CLASS_TEACHER, Role.CHAIR_OF_GOVERNORS} <= roles
        assert 150 <= Pupil.objects.filter(school=school).count() <= 390
        assert Pupil.objects.filter(school=school, guardians__isnull=True).count() == 0
        # Every case points at people of its own school, never another's.
        cases = Incident.objects.filter(school=school)
        assert cases.exclude(target_pupil=None).exclude(target_pupil__school=school).count() == 0
        assert cases.exclude(handler__school=school).count() == 0
    cases = Incident.objects.count()
    assert cases == round(2 * 200_000 / 1_100)
    entries = TimelineEntry.objects.count()
    assert 3 * cases <= entries <= 7 * cases
    assert Incident.objects.filter(route=Route.GOVERNORS).exists()
    assert Action.objects.overdue().exists()
    assert Action.objects.filter(status=ActionStatus.DONE).exists()
    kinds = set(BullyingRecord.objects.values_list("incident__kind", flat=True))
    assert kinds == {Kind.PUPIL_CYBERBULLYING}
    # The counters carry on from the seeded references, and the ids from the seeded rows.
    counter = ReferenceCounter.objects.order_by("-last").first()
    assert Incident.objects.filter(school=counter.school, reported_at__year=counter.year).count() == counter.last
    authority = EducationAuthority.objects.get(schools__in=schools[:1])
    School.objects.create(authority=authority, name="One more", slug="one-more")
    assert AuthorityOfficer.objects.filter(user__email=OFFICER_EMAIL, authority=authority).exists()


def test_the_seeded_principal_and_officer_open_their_pages(seeded, client):
    school = School.objects.filter(slug__startswith="seeded-").first()
    principal = MemberRole.objects.get(member__school=school, role=Role.PRINCIPAL).member.user
    client.force_login(principal)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("schools:overview")).status_code == 200
    client.force_login(AuthorityOfficer.objects.get(user__email=OFFICER_EMAIL).user)
    page = client.get(reverse("schools:authority"))
    assert page.status_code == 200
    assert school.name in page.content.decode()


def test_it_refuses_a_database_that_already_has_schools(seeded):
    before = School.objects.count()
    with pytest.raises(CommandError, match="already has schools"):
        call_command("seed_authority", schools=1, stdout=io.StringIO())
    assert School.objects.count() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the size limit is SQLite's; PostgreSQL takes an authority")
def test_it_refuses_an_authority_sized_run_on_sqlite(seeded):
    before = School.objects.count()
    with pytest.raises(CommandError, match="SQLite"):
        call_command("seed_authority", schools=SQLITE_MAX_SCHOOLS + 1, force=True, stdout=io.StringIO())
    assert School.objects.count() == before
