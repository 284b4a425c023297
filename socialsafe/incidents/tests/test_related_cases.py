"""Repeated cases about the same pupil, or by the same person, are pointed out with the policy's clause on
persistent and recurrent bullying; the pupil's page lists the cases about them that the viewer may see."""

import pytest

from socialsafe.incidents.models import Kind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

CLAUSE = "persistent and recurrent bullying"


@pytest.fixture
def pupils(school):
    return PupilFactory(school=school, first_name="Róisín"), PupilFactory(school=school, first_name="Oisín")


def bullying(school, by, target, responsible, summary):
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        summary=summary,
        target_kind=TargetKind.PUPIL,
        target_pupil=target,
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=responsible,
    )
    return incident_report(school=school, by=by, fields=fields)


def test_a_second_case_about_a_pupil_points_to_the_first_and_the_clause(
    client, school, designated_teacher, teacher, pupils
):
    target, other = pupils
    first = bullying(school, teacher.user, target, other, "Unkind Snapchat messages")
    second = bullying(school, teacher.user, target, other, "An edited photo shared")
    client.force_login(designated_teacher.user)
    html = client.get(f"/incidents/{second.pk}/").content.decode()
    assert f"Other cases about {target.full_name}" in html and first.reference in html
    assert f"Other cases by {other.full_name}" in html
    assert CLAUSE in html
    page = client.get(f"/school/pupils/{target.pk}/").content.decode()
    assert first.reference in page and second.reference in page and CLAUSE in page


def test_a_single_case_points_to_nothing(client, school, designated_teacher, teacher, pupils):
    case = bullying(school, teacher.user, *pupils, "Unkind messages")
    client.force_login(designated_teacher.user)
    html = client.get(f"/incidents/{case.pk}/").content.decode()
    assert 'id="related"' not in html and CLAUSE not in html


def test_the_pupils_page_lists_only_cases_the_viewer_sees_whole(client, school, office, parent, teacher, pupils):
    target, other = pupils
    case = bullying(school, teacher.user, target, other, "Unkind messages")
    client.force_login(office.user)  # staff without case files
    page = client.get(f"/school/pupils/{target.pk}/")
    assert page.status_code in (200, 403, 404)
    assert case.reference not in page.content.decode()
