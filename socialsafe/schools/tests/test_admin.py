"""The back office is scoped like the product: a school's office sees only its own school's rows."""

import pytest

from socialsafe.schools.tests.factories import PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_office_sees_only_its_own_schools_pupils(client, office, other_school):
    office.user.is_staff = True
    office.user.save()
    mine = PupilFactory(school=office.school, last_name="Ourpupil")
    theirs = PupilFactory(school=other_school, last_name="Theirpupil")
    client.force_login(office.user)
    html = client.get("/admin/schools/pupil/").content.decode()
    assert "Ourpupil" in html and "Theirpupil" not in html
    assert client.get(f"/admin/schools/pupil/{theirs.pk}/change/").status_code == 302  # not found: back to the list
    assert client.get(f"/admin/schools/pupil/{mine.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403  # accounts span schools
    assert client.get("/admin/incidents/incident/").status_code == 403  # cases are worked in the product


def test_a_superuser_sees_every_school(client, school, other_school):
    PupilFactory(school=school, last_name="Ourpupil")
    PupilFactory(school=other_school, last_name="Theirpupil")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get("/admin/schools/pupil/").content.decode()
    assert "Ourpupil" in html and "Theirpupil" in html


def test_a_teacher_without_back_office_access_is_refused(client, teacher):
    client.force_login(teacher.user)
    assert client.get("/admin/").status_code == 302  # to the admin sign-in
