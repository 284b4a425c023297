"""Need-to-know inside a case: the handlers and the roles the policy names see the whole file; the reporter sees what
they reported and where the case stands; the owner of one action sees that action and what it needs.

Checked for every role on one case with the whole file filled in: evidence added by the handler, a letter to the
family, a bar, a note, the timeline.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import localdate

from socialsafe.evidence.models import EvidenceItem
from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.incidents import rules
from socialsafe.incidents.access import case_access, visible_incidents, whole_file_incidents
from socialsafe.incidents.models import ActionKind, Kind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import action_add, incident_report, incident_triage, note_add
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.registers.tests.factories import make_ban
from socialsafe.schools.access import roles_for_user
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import GuardianFactory, MemberFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "Gorgonzola: the words of the reporter about the posts."
HANDLER_NOTE = "Brontosaurus: a note by the handler on the timeline."
HANDLER_OCR = "Pterodactyl threat"
REPORTER_OCR = "Velociraptor post"


def upload(client, case, text: str) -> EvidenceItem:
    r = client.post(
        f"/evidence/case/{case.pk}/add/",
        {
            **metadata(platform="facebook", author_shown="Dana P"),
            "files": [SimpleUploadedFile(f"{text[:8]}.png", screenshot(text), content_type="image/png")],
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    return EvidenceItem.objects.filter(incident=case).latest("pk")


@pytest.fixture
def full_case(client, school, principal, teacher, office, django_capture_on_commit_callbacks):
    """A parent's threatening posts about a colleague, reported by the class teacher, worked by the Principal,
    with an action given to the office."""
    target = MemberFactory(school=school, user=UserFactory(email="target@example.com"), roles=[Role.CLASS_TEACHER])
    poster = GuardianFactory(school=school, first_name="Dana", last_name="Poster")
    fields = report_fields(
        description=DESCRIPTION,
        target_kind=TargetKind.STAFF,
        target_member=target,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=poster,
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = incident_report(school=school, by=teacher.user, fields=fields)
        incident_triage(incident=case, by=principal.user, facts={"content_threatening": True})
        note_add(incident=case, by=principal.user, text=HANDLER_NOTE)
        case.refresh_from_db()
        letter = issue_invitation(case, by=principal.user, note_taker=principal.member)
        today = localdate()
        ban = make_ban(
            case, by=principal.user, starts_on=today, ends_on=today + dt.timedelta(days=130), review_on=today
        )
        errand = action_add(
            incident=case,
            by=principal.user,
            kind=ActionKind.OTHER,
            title="Print the screenshots for the meeting",
            owner=office.member,
            due_on=today + dt.timedelta(days=3),
        )
        client.force_login(principal.user)
        handler_item = upload(client, case, HANDLER_OCR)
        client.force_login(teacher.user)
        reporter_item = upload(client, case, REPORTER_OCR)
    client.logout()
    return {
        "case": case,
        "letter": letter,
        "ban": ban,
        "errand": errand,
        "psni": case.actions.get(kind=ActionKind.REFERRAL_PSNI),
        "handler_item": handler_item,
        "reporter_item": reporter_item,
        "target": target,
    }


def page(client, user, url: str):
    client.force_login(user)
    return client.get(url)


def test_the_handler_sees_the_whole_file(client, principal, full_case):
    f = full_case
    html = page(client, principal.user, f"/incidents/{f['case'].pk}/").content.decode()
    for shown in (
        DESCRIPTION,
        HANDLER_NOTE,
        f"/evidence/{f['handler_item'].pk}/",
        f"/evidence/{f['reporter_item'].pk}/",
        f"/letters/{f['letter'].pk}/",
        f"/registers/premises/{f['ban'].pk}/",
        "Print the screenshots",
    ):
        assert shown in html
    for url in (
        f"/evidence/{f['handler_item'].pk}/",
        f"/letters/{f['letter'].pk}/",
        f"/registers/premises/{f['ban'].pk}/",
    ):
        assert client.get(url).status_code == 200


def test_the_reporter_sees_what_they_reported_and_where_the_case_stands(client, teacher, full_case):
    f = full_case
    r = page(client, teacher.user, f"/incidents/{f['case'].pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "You reported this case" in html
    # What they reported, and the state: the invitation letter, the bar and the screenshots did their actions.
    assert DESCRIPTION in html and "In progress" in html
    assert f"/evidence/{f['reporter_item'].pk}/" in html  # the screenshot they added themselves
    for hidden in (
        HANDLER_NOTE,
        f"/evidence/{f['handler_item'].pk}/",
        f"/letters/{f['letter'].pk}/",
        f"/registers/premises/{f['ban'].pk}/",
        "Print the screenshots",
        "Report the incident to the PSNI",
        "Who has looked at this case",
    ):
        assert hidden not in html, hidden
    for url in (
        f"/evidence/{f['handler_item'].pk}/",
        f"/evidence/{f['handler_item'].pk}/file/",
        f"/letters/{f['letter'].pk}/",
        f"/letters/{f['letter'].pk}/download.pdf",
        f"/registers/premises/{f['ban'].pk}/",
        f"/incidents/actions/{f['psni'].pk}/",
        f"/incidents/actions/{f['errand'].pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/evidence/{f['reporter_item'].pk}/").status_code == 200


def test_the_owner_of_one_action_sees_that_action_and_what_it_needs(client, office, full_case):
    f = full_case
    html = page(client, office.user, f"/incidents/{f['case'].pk}/").content.decode()
    assert "You have an action on this case" in html
    assert "Print the screenshots" in html
    for hidden in (
        DESCRIPTION,
        HANDLER_NOTE,
        f"/evidence/{f['handler_item'].pk}/",
        f"/evidence/{f['reporter_item'].pk}/",
        f"/letters/{f['letter'].pk}/",
        "Report the incident to the PSNI",
    ):
        assert hidden not in html, hidden
    action = client.get(f"/incidents/actions/{f['errand'].pk}/")
    assert action.status_code == 200 and "Print the screenshots" in action.content.decode()
    assert client.get(f"/incidents/actions/{f['psni'].pk}/").status_code == 404
    assert client.get(f"/evidence/{f['handler_item'].pk}/").status_code == 404
    assert client.get(f"/letters/{f['letter'].pk}/").status_code == 404


def test_a_search_finds_only_what_the_person_may_see(client, teacher, principal, full_case):
    f = full_case
    client.force_login(teacher.user)
    assert f["case"].reference in client.get("/incidents/?q=Velociraptor").content.decode()  # their own words
    assert f["case"].reference in client.get("/incidents/?q=Gorgonzola").content.decode()
    assert f["case"].reference not in client.get("/incidents/?q=Pterodactyl").content.decode()  # the handler's
    assert f["case"].reference not in client.get("/incidents/?q=Poster").content.decode()
    client.force_login(principal.user)
    assert f["case"].reference in client.get("/incidents/?q=Pterodactyl").content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("principal", "whole"),
        ("vice_principal", "whole"),
        ("teacher", "reporter"),
        ("office", "owner"),
        ("designated_teacher", None),  # a case about a member of staff is not a pupil's case
        ("staff", None),
        ("chair", None),
        ("governor", None),
        ("parent", None),
        ("outsider", None),
    ],
)
def test_every_role_sees_what_it_should(request, full_case, persona, expected):
    person = request.getfixturevalue(persona)
    roles = roles_for_user(person.user, person.school)
    case = full_case["case"]
    known = visible_incidents(person.user, person.school, roles).filter(pk=case.pk).exists()
    whole = whole_file_incidents(person.user, person.school, roles).filter(pk=case.pk).exists()
    if expected is None:
        assert not known and not whole
        return
    access = case_access(case, person.user, roles)
    assert known
    assert (access.whole_file, access.reporter) == {
        "whole": (True, False),
        "reporter": (False, True),
        "owner": (False, False),
    }[expected]
    assert access.action_owner == (expected == "owner" or persona == "principal")  # the Principal owns the PSNI one


def test_the_target_sees_nothing_even_with_an_action(client, full_case):
    html = page(client, full_case["target"].user, f"/incidents/{full_case['case'].pk}/")
    assert html.status_code == 404


def test_a_note_from_the_reporter_cannot_correct_what_they_cannot_see(client, teacher, full_case):
    case = full_case["case"]
    hidden = case.timeline.get(text=HANDLER_NOTE)
    client.force_login(teacher.user)
    r = client.post(f"/incidents/{case.pk}/notes/", {"text": "Not true", "corrects": hidden.pk})
    assert r.status_code == 404
    r = client.post(f"/incidents/{case.pk}/notes/", {"text": "Another post appeared tonight."})
    assert r.status_code == 302
    assert case.timeline.filter(text="Another post appeared tonight.", actor=teacher.user).exists()


@pytest.fixture
def pupil_case(school, designated_teacher, teacher, principal):
    """A pupil of the teacher's P4 class bullied online, reported by another member of staff."""
    p4 = SchoolClass.objects.get(school=school, name="P4")
    pupil = PupilFactory(school=school, school_class=p4)
    reporter = MemberFactory(school=school, user=UserFactory(email="reporter@example.com"), roles=[Role.STAFF])
    fields = report_fields(kind=Kind.PUPIL_CYBERBULLYING, target_kind=TargetKind.PUPIL, target_pupil=pupil)
    return incident_report(school=school, by=reporter.user, fields=fields)


@pytest.mark.parametrize("persona", ["designated_teacher", "teacher", "principal"])
def test_the_roles_the_policy_names_see_a_pupils_whole_file(request, pupil_case, persona):
    person = request.getfixturevalue(persona)
    roles = roles_for_user(person.user, person.school)
    assert case_access(pupil_case, person.user, roles).whole_file


def test_the_ict_coordinator_sees_a_firewall_cases_whole_file(school, principal):
    ict = MemberFactory(school=school, user=UserFactory(email="ict@example.com"), roles=[Role.ICT_COORDINATOR])
    reporter = MemberFactory(school=school, user=UserFactory(email="reporter@example.com"), roles=[Role.STAFF])
    case = incident_report(
        school=school, by=reporter.user, fields=report_fields(kind=Kind.FIREWALL, target_kind=TargetKind.SCHOOL)
    )
    assert case_access(case, ict.user, frozenset({Role.ICT_COORDINATOR})).whole_file
    assert not case_access(case, reporter.user, frozenset({Role.STAFF})).whole_file
    assert rules.FIREWALL_CASES in rules.file_access_for(frozenset({Role.ICT_COORDINATOR}))
