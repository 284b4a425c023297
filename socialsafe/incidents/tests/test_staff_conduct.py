"""A staff conduct concern about online contact with a pupil brings in the designated teacher; an allegation about a
member of staff's suitability to work with pupils follows the school's route (designated teacher, the Principal,
CPSS and the Education Authority, the Chair), and is known only to the posts that route names."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate, localtime

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.incidents.forms import ActionAddForm, record_form_for
from socialsafe.incidents.models import ActionKind, ActionStatus, Entry, Incident, Kind, ResponsibleKind, Route
from socialsafe.incidents.models import TargetKind as T
from socialsafe.incidents.services import (
    Completion,
    action_add,
    action_complete,
    incident_report,
    incident_triage,
    incident_update_facts,
)
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import MemberFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Quillfeather messaging a P4 pupil on Snapchat"


@pytest.fixture
def deputy(school):
    return MemberFactory(
        school=school, user=UserFactory(email="deputy@example.com"), roles=[Role.DEPUTY_DESIGNATED_TEACHER]
    )


@pytest.fixture
def concerned(school):
    """The member of staff the concern is about: a teacher."""
    return MemberFactory(
        school=school,
        user=UserFactory(email="concerned@example.com"),
        first_name="Gideon",
        last_name="Quillfeather",
        roles=[Role.CLASS_TEACHER],
    )


@pytest.fixture
def pupil(school, teacher):
    return PupilFactory(school=school, first_name="Orla", last_name="Brennan")  # in the teacher's P4


def conduct_fields(member, pupil, **overrides) -> dict:
    fields = {
        "kind": Kind.STAFF_CONDUCT,
        "summary": SUMMARY,
        "platform": "snapchat",
        "target_kind": T.PUPIL,
        "target_pupil": pupil,
        "responsible_kind": ResponsibleKind.COLLEAGUE,
        "responsible_member": member,
        "pupil_contact": True,
        "suitability_allegation": True,
    }
    return report_fields(**{**fields, **overrides})


@pytest.fixture
def everyone(principal, vice_principal, designated_teacher, deputy, teacher, office, chair, governor):
    return locals()


@pytest.fixture
def allegation(school, everyone, designated_teacher, principal, concerned, pupil, django_capture_on_commit_callbacks):
    """Reported by the designated teacher, triaged by the Principal."""
    with django_capture_on_commit_callbacks(execute=True):
        case = incident_report(school=school, by=designated_teacher.user, fields=conduct_fields(concerned, pupil))
        incident_triage(incident=case, by=principal.user, facts={})
    case.refresh_from_db()
    return case


def owners(case) -> dict[str, tuple[str, bool]]:
    return {
        a.kind: (a.owner.user.email, a.needs_confirmation)
        for a in case.actions.exclude(status=ActionStatus.WITHDRAWN).select_related("owner__user")
    }


def test_it_follows_the_schools_route_for_an_allegation(allegation, principal, designated_teacher, chair):
    case = allegation
    assert case.route == Route.SCHOOL and case.handler.user == principal.user
    got = owners(case)
    assert got[ActionKind.CHILD_PROTECTION] == ("designated@example.com", False)
    assert got[ActionKind.ALLEGATION_RECORD] == ("designated@example.com", False)
    assert got[ActionKind.REFERRAL_CPSS] == ("principal@example.com", True)
    assert got[ActionKind.REFERRAL_EA_ALLEGATION] == ("principal@example.com", True)
    assert got[ActionKind.CHAIR_INFORMED] == ("chair@example.com", False)
    # Nothing approaches the member of staff before CPSS and the EA have been consulted.
    assert not {ActionKind.MEETING, ActionKind.REMOVAL_REQUEST, ActionKind.MEDIATION} & set(got)
    record = case.actions.get(kind=ActionKind.ALLEGATION_RECORD)
    assert record.due_on == localdate()  # the same day
    assert case.exclusions.filter(user__email="concerned@example.com").exists()


def test_its_emails_go_only_to_the_posts_of_the_route(allegation):
    sent_to = {address for message in mail.outbox for address in message.to}
    assert sent_to == {"principal@example.com", "designated@example.com", "chair@example.com"}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("principal", True),
        ("designated_teacher", True),
        ("deputy", True),
        ("chair", True),
        ("vice_principal", False),
        ("teacher", False),  # the pupil's own class teacher
        ("office", False),
        ("governor", False),
        ("concerned", False),
        ("parent", False),
        ("officer", False),
        ("outsider", False),
    ],
)
def test_it_is_seen_only_by_need_to_know(client, request, allegation, who, sees):
    person = request.getfixturevalue(who)
    user = getattr(person, "user", person)
    client.force_login(user)
    r = client.get(f"/incidents/{allegation.pk}/")
    if sees:
        assert r.status_code == 200
        assert SUMMARY in r.content.decode()
    else:
        assert r.status_code in (403, 404)
    # The case's own pages: its chronology, who has seen it, its evidence.
    for path in (f"/incidents/{allegation.pk}/chronology.csv", f"/incidents/{allegation.pk}/seen/"):
        assert (client.get(path).status_code == 200) == sees, (who, path)
    if sees:
        assert allegation.reference in client.get("/incidents/").content.decode()
        assert allegation.reference in client.get("/incidents/?q=Snapchat").content.decode()
    # The list, its search, the actions, the dashboard and the audit log: no trace of it for anyone else.
    for path in ("/incidents/", "/incidents/?q=Snapchat", "/incidents/actions/", "/", "/audit/"):
        html = client.get(path).content.decode()
        if not sees:
            assert allegation.reference not in html and SUMMARY not in html, (who, path)


def test_an_allegation_about_the_principal_goes_to_the_chair(
    school, everyone, principal, designated_teacher, chair, pupil, client
):
    case = incident_report(school=school, by=designated_teacher.user, fields=conduct_fields(principal.member, pupil))
    incident_triage(incident=case, by=chair.user, facts={})
    case.refresh_from_db()
    assert case.route == Route.GOVERNORS and case.handler.user == chair.user
    got = owners(case)
    assert got[ActionKind.REFERRAL_CPSS][0] == got[ActionKind.REFERRAL_EA_ALLEGATION][0] == "chair@example.com"
    assert got[ActionKind.ALLEGATION_RECORD][0] == "designated@example.com"
    assert "Chair of Governors" in case.actions.get(kind=ActionKind.ALLEGATION_RECORD).title
    assert ActionKind.CHAIR_INFORMED not in got
    client.force_login(principal.user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 404
    assert case.reference not in client.get("/incidents/").content.decode()
    client.force_login(designated_teacher.user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 200


def test_when_the_designated_teacher_is_concerned_the_deputy_takes_their_actions(
    school, everyone, principal, designated_teacher, deputy, pupil, client
):
    case = incident_report(school=school, by=principal.user, fields=conduct_fields(designated_teacher.member, pupil))
    incident_triage(incident=case, by=principal.user, facts={})
    got = owners(case)
    assert got[ActionKind.ALLEGATION_RECORD][0] == got[ActionKind.CHILD_PROTECTION][0] == "deputy@example.com"
    client.force_login(designated_teacher.user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 404


def test_online_contact_alone_brings_in_the_designated_teacher(
    school, everyone, principal, designated_teacher, concerned, pupil, client
):
    fields = conduct_fields(concerned, pupil, suitability_allegation=False)
    case = incident_report(school=school, by=principal.user, fields=fields)
    incident_triage(incident=case, by=principal.user, facts={})
    got = owners(case)
    assert got[ActionKind.CHILD_PROTECTION] == ("designated@example.com", False)
    assert ActionKind.MEETING in got and ActionKind.PARENTS_INFORMED not in got  # the parents: as the DT decides
    assert ActionKind.ALLEGATION_RECORD not in got
    client.force_login(designated_teacher.user)
    page = client.get(f"/incidents/{case.pk}/").content.decode()
    assert "Inform the pupil&#x27;s parents, if the designated teacher decides" in page  # offered, not created


def test_changing_the_facts_to_an_allegation_follows_the_route_and_hides_it(
    school, everyone, principal, vice_principal, concerned, pupil, client
):
    fields = conduct_fields(concerned, pupil, suitability_allegation=False)
    case = incident_report(school=school, by=principal.user, fields=fields)
    incident_triage(incident=case, by=principal.user, facts={})
    client.force_login(vice_principal.user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 200  # a conduct concern: the VP may see it
    incident_update_facts(
        incident=case, by=principal.user, facts={"suitability_allegation": True}, reason="Messages seen."
    )
    got = owners(case)
    assert {ActionKind.ALLEGATION_RECORD, ActionKind.REFERRAL_CPSS, ActionKind.REFERRAL_EA_ALLEGATION} <= set(got)
    assert ActionKind.MEETING not in got  # withdrawn: no meeting before the advice
    assert case.timeline.filter(kind=Entry.FACT, text__startswith="Recorded: an allegation").exists()
    assert client.get(f"/incidents/{case.pk}/").status_code == 404


def test_the_facts_form_edits_the_conduct_answers(client, allegation, principal):
    client.force_login(principal.user)
    page = client.get(f"/incidents/{allegation.pk}/").content.decode()
    assert "Does it call into question the member of staff&#x27;s suitability" in page
    token = token_in(client.get(f"/incidents/{allegation.pk}/"))
    data = {"pupil_contact": "yes", "suitability_allegation": "no", "note": "CPSS advised: not an allegation."}
    r = client.post(f"/incidents/{allegation.pk}/facts/", {**data, "submission": token})
    assert r.status_code == 302
    allegation.refresh_from_db()
    assert allegation.pupil_contact and not allegation.suitability_allegation
    # A second post of the same form changes nothing more.
    again = client.post(f"/incidents/{allegation.pk}/facts/", {**data, "submission": token})
    assert again.status_code == 302
    assert allegation.timeline.filter(kind=Entry.FACT).count() == 1
    # A missing answer is refused with a clear message.
    r = client.post(f"/incidents/{allegation.pk}/facts/", {"pupil_contact": "yes"})
    assert r.status_code == 400
    assert "Say whether it calls into question" in r.content.decode()


def test_a_conduct_answer_on_another_kind_of_case_is_refused_and_writes_nothing(case, principal):
    before = (case.timeline.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="Only a staff conduct concern"):
        incident_update_facts(incident=case, by=principal.user, facts={"suitability_allegation": True})
    case.refresh_from_db()
    assert not case.suitability_allegation
    assert (case.timeline.count(), AuditEvent.objects.count()) == before


def test_the_facts_form_of_another_kind_never_reads_a_conduct_answer(client, case, principal):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/facts/", {"suitability_allegation": "yes", "content_threatening": "on"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.content_threatening and not case.suitability_allegation


def test_no_action_on_an_allegation_goes_to_someone_outside_the_route(allegation, principal, vice_principal, teacher):
    form = ActionAddForm(incident=allegation)
    assert vice_principal.member not in form.fields["owner"].queryset
    assert teacher.member not in form.fields["owner"].queryset
    with pytest.raises(ValidationError, match="only the Principal, a designated teacher or the Chair"):
        action_add(
            incident=allegation,
            by=principal.user,
            kind=ActionKind.OTHER,
            title="Look into it",
            owner=vice_principal.member,
            due_on=localdate(),
        )


def test_consulting_cpss_on_an_allegation_needs_a_named_person(allegation, principal):
    cpss = allegation.actions.get(kind=ActionKind.REFERRAL_CPSS)
    assert "confirmed_by" in record_form_for(cpss).fields
    with pytest.raises(ValidationError, match="named person"):
        action_complete(action=cpss, by=principal.user, completion=Completion(record={}, summary="Rang CPSS."))
    action_complete(
        action=cpss, by=principal.user, completion=Completion(record={}, summary="Rang CPSS."), confirmed_by_name="P A"
    )
    assert allegation.timeline.filter(kind=Entry.CONFIRMED).count() == 1


def report_data(member, pupil, **overrides) -> dict:
    when = localtime() - dt.timedelta(days=1)
    data = {
        "kind": "staff_conduct",
        "summary": SUMMARY,
        "description": "A parent showed me Snapchat messages from Mr Quillfeather to her daughter.",
        "occurred_on": when.date().isoformat(),
        "out_of_hours": "yes",
        "grounds": ["threat"],
        "platform": "snapchat",
        "target_kind": "pupil",
        "target_pupil": pupil.pk,
        "responsible_kind": "colleague",
        "responsible_member": member.pk,
        "pupil_contact": "yes",
        "suitability_allegation": "yes",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_report_form_asks_the_two_questions_and_sends_it_once(
    client, everyone, designated_teacher, concerned, pupil, django_capture_on_commit_callbacks
):
    client.force_login(designated_teacher.user)
    page = client.get("/incidents/report/").content.decode()
    assert "Is this about online contact between the member of staff and a pupil" in page
    assert 'data-aria-controls="conditional-id_kind_8"' in page  # revealed under "A staff conduct concern"
    data = {**report_data(concerned, pupil), "submission": token_in(client.get("/incidents/report/"))}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/incidents/report/", data)
        second = client.post("/incidents/report/", data)
    assert first.status_code == second.status_code == 302
    case = Incident.objects.get()
    assert case.pupil_contact and case.suitability_allegation
    assert AuditEvent.objects.filter(verb="incident.reported").count() == 1
    html = client.get(f"/incidents/{case.pk}/").content.decode()
    assert "Allegation about suitability to work with pupils" in html and "Yes: an allegation" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "other"}, "Only a staff conduct concern asks this."),
        ({"suitability_allegation": None}, "Say whether it calls into question"),
        ({"pupil_contact": None}, "Say whether it is about online contact"),
        ({"responsible_kind": "unknown", "responsible_member": None}, "Choose the member of staff the allegation"),
    ],
)
def test_a_bad_conduct_report_is_refused_clearly_and_files_nothing(
    client, everyone, designated_teacher, concerned, pupil, overrides, message
):
    client.force_login(designated_teacher.user)
    r = client.post("/incidents/report/", report_data(concerned, pupil, **overrides))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(verb="incident.reported").exists()


def test_a_reporter_outside_the_route_sees_only_what_they_reported(
    client, school, everyone, office, principal, concerned, pupil
):
    case = incident_report(school=school, by=office.user, fields=conduct_fields(concerned, pupil))
    incident_triage(incident=case, by=principal.user, facts={})
    client.force_login(office.user)
    page = client.get(f"/incidents/{case.pk}/").content.decode()
    assert SUMMARY in page  # their own report, and where it stands
    assert "Consult the EA Child Protection Support Service" not in page  # not the others' actions
    assert "Do not investigate, interview" not in page  # nor the handler's notes
    assert client.post(f"/incidents/{case.pk}/facts/", {"pupil_contact": "no"}).status_code == 403


def test_an_allegation_stays_at_the_school_when_the_pupil_leaves(allegation, school, principal, concerned, pupil):
    """The pupil's file for the next school holds their own cases, not a colleague's allegation."""
    from socialsafe.transfers.services import cases_of

    contact_only = incident_report(
        school=school, by=principal.user, fields=conduct_fields(concerned, pupil, suitability_allegation=False)
    )
    assert list(cases_of(pupil)) == [contact_only]
