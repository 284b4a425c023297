"""No view returns another school's rows, and within a school each role sees only what it needs to."""

import pytest

from socialsafe.audit.models import AuditEvent
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(other_school):
    """A pupil, a class and a parent at the other school."""
    pupil = PupilFactory(school=other_school, first_name="Zebedee", last_name="Outsideschool")
    GuardianFactory(school=other_school, first_name="Xanthe", last_name="Foreignparent", children=[pupil])
    return pupil


def test_it_hides_another_schools_pupil_from_every_role(request, client, foreign):
    for name in ("principal", "designated_teacher", "office", "teacher", "parent"):
        persona = request.getfixturevalue(name)
        client.force_login(persona.user)
        assert client.get(f"/school/pupils/{foreign.pk}/").status_code == 404, name
        assert client.get(f"/school/classes/{foreign.school_class_id}/").status_code in (403, 404), name


def test_it_hides_another_schools_rows_from_lists(client, principal, foreign):
    client.force_login(principal.user)
    for page in [
        "/school/pupils/",
        "/school/pupils/?q=Zebedee",
        "/school/parents/",
        "/school/parents/?q=Xanthe",
        "/school/people/",
        "/school/",
        "/",
    ]:
        html = client.get(page).content.decode()
        assert "Outsideschool" not in html and "Foreignparent" not in html and "Riverside" not in html, page


def test_it_hides_another_schools_audit_events(client, principal, outsider, foreign):
    client.force_login(outsider.user)
    client.get(f"/school/pupils/{foreign.pk}/")
    client.force_login(principal.user)
    assert "Zebedee" not in client.get("/audit/").content.decode()


def test_it_counts_only_the_schools_own_rows_for_the_authority(client, officer, school, foreign):
    PupilFactory(school=school)
    client.force_login(officer.user)
    html = client.get("/school/authority/").content.decode()
    assert school.name in html
    assert "Riverside" not in html  # the other school belongs to another authority


def test_it_shows_a_class_teacher_only_their_own_class(client, teacher, school):
    mine = PupilFactory(school=school, first_name="Mine")
    p5 = SchoolClass.objects.create(school=school, name="P5", year_group=5)
    theirs = PupilFactory(school=school, school_class=p5, first_name="Notmine")
    client.force_login(teacher.user)
    assert client.get(f"/school/pupils/{mine.pk}/").status_code == 200
    assert client.get(f"/school/pupils/{theirs.pk}/").status_code == 404
    assert client.get(f"/school/classes/{p5.pk}/").status_code == 404
    r = client.get("/school/classes/mine/", follow=True)
    assert "Mine" in r.content.decode() and "Notmine" not in r.content.decode()


def test_it_shows_a_parent_only_their_own_children(client, parent, school):
    classmate = PupilFactory(
        school=school, school_class=parent.guardian.pupils.get().school_class, first_name="Classmatina"
    )
    client.force_login(parent.user)
    assert client.get(f"/school/pupils/{parent.guardian.pupils.get().pk}/").status_code == 200
    assert client.get(f"/school/pupils/{classmate.pk}/").status_code == 404
    assert client.get(f"/school/classes/{classmate.school_class_id}/").status_code == 403
    assert classmate.first_name not in client.get("/school/children/").content.decode()


def test_it_refuses_pupil_records_to_governors(client, governor, chair, school):
    pupil = PupilFactory(school=school)
    for persona in (governor, chair):
        client.force_login(persona.user)
        assert client.get(f"/school/pupils/{pupil.pk}/").status_code == 403


def test_it_logs_every_view_of_a_pupil_record(client, designated_teacher, school):
    pupil = PupilFactory(school=school)
    client.force_login(designated_teacher.user)
    client.get(f"/school/pupils/{pupil.pk}/")
    client.get(f"/school/pupils/{pupil.pk}/")
    events = AuditEvent.objects.filter(verb="pupil.viewed", target_id=str(pupil.pk))
    assert events.count() == 2
    assert {e.actor for e in events} == {designated_teacher.user}
    assert events.first().school == school


def test_it_lets_a_person_switch_only_to_their_own_schools(client, principal, other_school, outsider):
    from socialsafe.schools.roles import Role
    from socialsafe.schools.tests.factories import MemberFactory

    MemberFactory(school=other_school, user=principal.user, roles=[Role.GOVERNOR])
    client.force_login(principal.user)
    assert client.post("/school/switch/", {"school": other_school.pk}).status_code == 302
    assert client.get("/school/import/").status_code == 403  # a governor there, not the Principal
    client.force_login(outsider.user)
    assert client.post("/school/switch/", {"school": principal.school.pk}).status_code == 403


def test_it_refuses_the_wrong_method(client, principal):
    client.force_login(principal.user)
    assert client.get("/school/switch/").status_code == 405
    assert client.post("/school/pupils/").status_code == 405


def test_odd_search_text_never_breaks_a_list(client, principal):
    client.force_login(principal.user)
    for url in ["/school/parents/?q=%00%01x", "/school/pupils/?q=%00", "/incidents/?q=%00&since=2026-13-01"]:
        assert client.get(url).status_code == 200, url
