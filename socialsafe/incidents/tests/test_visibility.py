"""Need-to-know: who can see which case, for every role, in every list, count and page."""

import pytest

from socialsafe.incidents.access import visible_incidents
from socialsafe.incidents.models import Kind, Platform, ResponsibleKind, Route, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.access import roles_for_user
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "principal",
    "vice_principal",
    "designated_teacher",
    "teacher",
    "office",
    "staff",
    "chair",
    "governor",
    "parent",
    "officer",
    "outsider",
]


@pytest.fixture
def everyone(request):
    return {name: request.getfixturevalue(name) for name in ROLES}


def sees(persona, incident) -> bool:
    roles = roles_for_user(persona.user, persona.school)
    return visible_incidents(persona.user, persona.school, roles).filter(pk=incident.pk).exists()


def test_the_principal_targeted_case_is_hidden_from_the_principal_and_goes_to_the_chair(everyone, school):
    p = everyone
    case = incident_report(school=school, by=p["staff"].user, fields=report_fields(target_kind=TargetKind.PRINCIPAL))
    assert case.route == Route.GOVERNORS
    assert case.handler == p["chair"].member
    expected = {"chair", "staff"}  # the Chair handles it; the reporter follows their own report
    assert {name for name, persona in p.items() if sees(persona, case)} == expected


def test_a_staff_abuse_case_goes_to_the_principal_and_hides_from_the_target(everyone, school):
    p = everyone
    fields = report_fields(target_kind=TargetKind.STAFF, target_member=p["teacher"].member)
    case = incident_report(school=school, by=p["office"].user, fields=fields)
    assert case.handler == p["principal"].member
    assert {n for n, persona in p.items() if sees(persona, case)} == {"principal", "vice_principal", "office"}


def test_a_colleague_named_as_responsible_cannot_see_the_case_they_reported_about_themselves(everyone, school):
    p = everyone
    fields = report_fields(
        kind=Kind.STAFF_CONDUCT,
        target_kind=TargetKind.SCHOOL,
        responsible_kind=ResponsibleKind.COLLEAGUE,
        responsible_member=p["designated_teacher"].member,
    )
    case = incident_report(school=school, by=p["designated_teacher"].user, fields=fields)
    assert not sees(p["designated_teacher"], case)
    assert sees(p["principal"], case)


def test_a_pupil_case_is_seen_by_the_class_teacher_designated_teachers_and_principal(everyone, school):
    p = everyone
    pupil = PupilFactory(school=school)  # in the teacher's P4
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        target_kind=TargetKind.PUPIL,
        target_pupil=pupil,
        platform=Platform.SNAPCHAT,
        out_of_hours=False,
        grounds=[],
    )
    case = incident_report(school=school, by=p["office"].user, fields=fields)
    assert case.handler == p["designated_teacher"].member
    assert {n for n, persona in p.items() if sees(persona, case)} == {
        "principal",
        "vice_principal",
        "designated_teacher",
        "teacher",
        "office",
    }


def test_a_case_is_never_seen_from_another_school(everyone, school):
    case = incident_report(school=school, by=everyone["principal"].user, fields=report_fields())
    assert not sees(everyone["outsider"], case)


def test_excluded_people_cannot_find_the_case_in_any_page_list_search_or_count(client, everyone, school):
    p = everyone
    fields = report_fields(target_kind=TargetKind.PRINCIPAL, summary="Zqxj secret summary")
    case = incident_report(school=school, by=p["staff"].user, fields=fields)
    client.force_login(p["principal"].user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 404
    for url in ["/incidents/", "/incidents/?q=Zqxj", f"/incidents/?q={case.reference}", "/incidents/actions/", "/"]:
        html = client.get(url).content.decode()
        assert "secret summary" not in html and f">{case.reference}<" not in html, url
    assert "0 cases" in client.get("/incidents/").content.decode()
    assert client.post(f"/incidents/{case.pk}/notes/", {"text": "x"}).status_code == 404
    assert client.post(f"/incidents/{case.pk}/triage/", {}).status_code == 404
    client.force_login(p["chair"].user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 200
    assert "1 case" in client.get("/incidents/").content.decode()


@pytest.mark.parametrize("name", ["parent", "officer"])
def test_parents_and_the_authority_have_no_case_pages(client, everyone, name):
    client.force_login(everyone[name].user)
    for url in ["/incidents/", "/incidents/report/", "/incidents/actions/"]:
        assert client.get(url).status_code == 403
