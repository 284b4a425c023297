"""An allegation about a member of staff's suitability to work with pupils, once worked, leaves no trace for anyone
outside its route: walks every page that takes no argument (lists, searches, counts, the dashboard, the audit log
to its last page) as the Vice-Principal, the pupil's class teacher, the office, a governor and the member of staff it
is about, and looks for the case's reference, its summary and its words."""

import pytest

from socialsafe.incidents.models import ActionKind, Kind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import Completion, action_complete, incident_report, incident_triage, note_add
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.reports.tests.test_principal_targeted_case import STAFF_LISTS, paths_without_arguments
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import MemberFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Zebrafinch messages to a pupil"


@pytest.fixture
def concerned(school):
    return MemberFactory(
        school=school,
        user=UserFactory(email="concerned@example.com"),
        first_name="Gideon",
        last_name="Zebrafinch",
        roles=[Role.CLASS_TEACHER],
    )


@pytest.fixture
def worked_allegation(
    school, principal, vice_principal, designated_teacher, teacher, office, chair, governor, concerned
):
    pupil = PupilFactory(school=school, first_name="Orla", last_name="Brennan")  # in the teacher's P4
    fields = report_fields(
        kind=Kind.STAFF_CONDUCT,
        summary=SUMMARY,
        description="Late-night Snapchat messages asking the pupil to keep a secret (Wombatgate).",
        platform="snapchat",
        target_kind=TargetKind.PUPIL,
        target_pupil=pupil,
        responsible_kind=ResponsibleKind.COLLEAGUE,
        responsible_member=concerned,
        pupil_contact=True,
        suitability_allegation=True,
    )
    case = incident_report(school=school, by=designated_teacher.user, fields=fields)
    incident_triage(incident=case, by=principal.user, facts={})
    note_add(incident=case, by=principal.user, text="Rang CPSS about Wombatgate.")
    action_complete(
        action=case.actions.get(kind=ActionKind.REFERRAL_CPSS),
        by=principal.user,
        completion=Completion(record={"reference": "CPSS/9/26"}, summary="Advice taken."),
        confirmed_by_name="Ruth Patterson",
    )
    return case


@pytest.mark.parametrize("who", ["vice_principal", "teacher", "office", "governor", "concerned"])
def test_nobody_outside_the_route_learns_of_the_allegation_anywhere(client, request, worked_allegation, who):
    case = worked_allegation
    secrets = [case.reference, SUMMARY, "Wombatgate", "CPSS/9/26"]
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    walked = 0
    for path in paths_without_arguments():
        for query in ("", "?q=Wombat"):  # the search box repeats the query; the secret is longer
            r = client.get(path + query)
            if r.status_code in (403, 404, 405):
                continue
            walked += 1
            html = r.content.decode()
            for secret in secrets:
                assert secret not in html, f"{who}: {path}{query} shows {secret!r}"
            if path not in STAFF_LISTS:
                assert "Zebrafinch" not in html or who == "concerned", f"{who}: {path}{query} names the colleague"
    assert walked > 10
    page = 1
    while client.get("/audit/").status_code == 200:
        html = client.get(f"/audit/?page={page}").content.decode()
        for secret in secrets:
            assert secret not in html, f"{who}: audit page {page} shows {secret!r}"
        if f"?page={page + 1}" not in html:
            break
        page += 1
    assert client.get(f"/incidents/{case.pk}/").status_code == 404


def test_the_principal_designated_teacher_and_chair_do_see_it(client, worked_allegation, principal, chair):
    for persona in (principal, chair):
        client.force_login(persona.user)
        assert worked_allegation.reference in client.get("/incidents/?q=Zebrafinch").content.decode()
        assert client.get(f"/incidents/{worked_allegation.pk}/").status_code == 200
