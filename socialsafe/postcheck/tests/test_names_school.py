"""people_of and index_for_school: the school's own roster, current pupils only, and never a stale index."""

import datetime

from django.utils.timezone import localdate

from socialsafe.postcheck.names import index_for_school, people_named, people_of
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, MemberFactory, PupilFactory


def _p5(school):
    return SchoolClass.objects.get_or_create(school=school, name="P5 Blue", defaults={"year_group": 5})[0]


def test_people_of_lists_pupils_on_roll_parents_and_active_staff_of_this_school_only(school, other_school):
    p5 = _p5(school)
    sean = PupilFactory(school=school, school_class=p5, first_name="Seán", last_name="Murphy")
    PupilFactory(school=school, school_class=p5, first_name="Left", last_name="Already", left_on=localdate())
    mum = GuardianFactory(school=school, title="Mrs", first_name="Mary", last_name="Murphy", children=[sean])
    head = MemberFactory(school=school, title="Mrs", first_name="Deirdre", last_name="Quinn")
    MemberFactory(school=school, first_name="Gone", last_name="Away", is_active=False)
    GuardianFactory(school=other_school, first_name="Other", last_name="School")
    people = {(p.kind, p.id, p.first_name, p.last_name, p.title, p.class_name) for p in people_of(school)}
    assert people == {
        ("pupil", sean.pk, "Seán", "Murphy", "", "P5 Blue"),
        ("parent", mum.pk, "Mary", "Murphy", "Mrs", ""),
        ("staff", head.pk, "Deirdre", "Quinn", "Mrs", ""),
    }


def test_the_index_finds_the_schools_people_and_not_another_schools(school, other_school):
    PupilFactory(school=school, school_class=_p5(school), first_name="Seán", last_name="Murphy")
    PupilFactory(school=other_school, school_class=_p5(other_school), first_name="Niamh", last_name="O'Neill")
    found = people_named(index_for_school(school).find("Shaun Murphy and Niamh O'Neill at the match"))
    assert [(p.first_name, p.last_name) for p in found] == [("Seán", "Murphy")]


def test_the_index_is_rebuilt_when_the_roster_changes_and_reused_when_it_does_not(school):
    p5 = _p5(school)
    first = index_for_school(school)
    assert index_for_school(school) is first  # nothing changed: the same index
    pupil = PupilFactory(school=school, school_class=p5, first_name="Caoimhe", last_name="Gallagher")
    assert people_named(index_for_school(school).find("Keeva Gallagher")) != set()  # a new pupil, seen at once
    pupil.last_name = "Doherty"  # renamed: same count, same largest id
    pupil.save()
    index = index_for_school(school)
    assert people_named(index.find("Keeva Gallagher")) == set()
    assert people_named(index.find("Keeva Doherty")) != set()
    pupil.left_on = localdate() - datetime.timedelta(days=1)  # left the school
    pupil.save()
    assert people_named(index_for_school(school).find("Keeva Doherty")) == set()


def test_reading_the_roster_is_three_queries_whatever_its_size(school, django_assert_num_queries):
    p5 = _p5(school)
    for _n in range(5):
        pupil = PupilFactory(school=school, school_class=p5)
        GuardianFactory(school=school, children=[pupil])
    with django_assert_num_queries(3):
        index_for_school(school)
