"""Who has seen this case: every access to its file, for those who see the whole file, and refused attempts."""

import re

import pytest
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.models import Exclusion, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def governors_case(school, staff, chair):
    """A case about the Principal: it goes to the Chair of Governors."""
    return incident_report(school=school, by=staff.user, fields=report_fields(target_kind=TargetKind.PRINCIPAL))


@pytest.fixture
def reported_by_teacher(school, teacher, principal):
    """A case a class teacher reported about a colleague (not one of their pupils): they see only their part."""
    return incident_report(school=school, by=teacher.user, fields=report_fields(target_kind=TargetKind.SCHOOL))


def same_page(response) -> str:
    """The page less what differs on every response (the CSRF token, the script nonce)."""
    varying = r'(nonce="|X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+'
    return re.sub(varying, r"\1", response.content.decode())


def seen_page(client, persona, case, query=""):
    client.force_login(persona.user)
    return client.get(f"/incidents/{case.pk}/seen/{query}")


def test_it_lists_views_downloads_and_refusals_with_who_when_and_where(client, principal, outsider, case):
    client.force_login(outsider.user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 404  # a refused attempt from another school
    client.force_login(principal.user)
    client.get(f"/incidents/{case.pk}/", REMOTE_ADDR="10.1.2.3")
    client.get(f"/incidents/{case.pk}/chronology.csv")
    r = seen_page(client, principal, case)
    assert r.status_code == 200
    viewed = AuditEvent.objects.get(verb="incident.viewed")
    assertContains(r, date_format(localtime(viewed.at), "j M Y, H:i"))
    assertContains(r, "10.1.2.3")
    assertContains(r, "Opened")
    assertContains(r, "Downloaded the chronology of")
    assertContains(r, f"Refused: /incidents/{case.pk}/ (answered 404)")
    assertContains(r, outsider.user.get_full_name())
    assertContains(r, '<table class="govuk-table')


def test_it_is_linked_from_the_case_page_and_audited_itself(client, principal, case):
    client.force_login(principal.user)
    assertContains(client.get(f"/incidents/{case.pk}/"), f'href="/incidents/{case.pk}/seen/"')
    seen_page(client, principal, case, "?kind=views")
    event = AuditEvent.objects.filter(verb="incident.access_log_viewed").get()
    assert (event.actor, event.case_id, event.data) == (principal.user, case.pk, {"kind": "views"})
    assert event.ip_address == "127.0.0.1"


def test_it_filters_by_kind(client, principal, case):
    client.force_login(principal.user)
    client.get(f"/incidents/{case.pk}/chronology.pdf")
    r = seen_page(client, principal, case, "?kind=exports")
    assertContains(r, "Downloaded the chronology of")
    assertNotContains(r, "Looked at who has seen")  # the page's own view is a view, not an export
    r = seen_page(client, principal, case, "?kind=views")
    assertNotContains(r, "Downloaded the chronology of")


def test_an_unknown_kind_is_a_clear_message_not_an_error(client, principal, case):
    r = seen_page(client, principal, case, "?kind=%3Cscript%3E")
    assert r.status_code == 400
    assertContains(r, "Choose a kind of access from the list.", status_code=400)
    assertNotContains(r, "<script>", status_code=400)


def test_the_chair_sees_it_for_a_case_routed_to_the_governors(client, chair, principal, governors_case):
    assert seen_page(client, chair, governors_case).status_code == 200
    assert seen_page(client, principal, governors_case).status_code == 404  # the Principal is the target


def test_the_teacher_who_reported_sees_only_their_part(client, teacher, reported_by_teacher):
    assert seen_page(client, teacher, reported_by_teacher).status_code == 403


def test_the_excluded_target_and_other_schools_and_parents_cannot(client, teacher, outsider, parent, case):
    assert Exclusion.objects.filter(incident=case, user=teacher.user).exists()
    assert seen_page(client, teacher, case).status_code == 404
    assert seen_page(client, outsider, case).status_code == 404
    assert seen_page(client, parent, case).status_code == 403
    assert not AuditEvent.objects.filter(verb="incident.access_log_viewed").exists()


def test_a_refused_attempt_is_logged_without_revealing_the_case(client, outsider, case):
    client.force_login(outsider.user)
    real = client.get(f"/incidents/{case.pk}/")
    missing = client.get(f"/incidents/{case.pk + 1000}/")
    assert real.status_code == missing.status_code == 404
    assert same_page(real) == same_page(missing)  # the answer is the same whether or not the case exists
    event = AuditEvent.objects.get(verb="access.refused", case_id=case.pk)
    assert event.actor == outsider.user and event.school == case.school  # its Principal sees who tried
    assert event.data["path"] == f"/incidents/{case.pk}/" and event.data["status"] == 404
    assert event.ip_address == "127.0.0.1"
    assert AuditEvent.objects.filter(verb="access.refused", case_id=None).count() == 1  # the missing one


def test_a_refused_attempt_by_the_excluded_target_is_logged_on_the_case(client, teacher, case):
    client.force_login(teacher.user)
    assert client.get(f"/incidents/{case.pk}/chronology.pdf").status_code == 404
    event = AuditEvent.objects.get(verb="access.refused")
    assert (event.actor, event.case_id, event.data["status"]) == (teacher.user, case.pk, 404)


def test_a_refused_whole_file_page_is_logged_with_403(client, teacher, reported_by_teacher):
    client.force_login(teacher.user)
    assert client.get(f"/incidents/{reported_by_teacher.pk}/chronology.csv").status_code == 403
    event = AuditEvent.objects.get(verb="access.refused")
    assert (event.case_id, event.data["status"]) == (reported_by_teacher.pk, 403)


def test_a_refused_get_writes_only_its_refusal(client, outsider, case):
    client.force_login(outsider.user)
    before = AuditEvent.objects.count()
    client.get(f"/incidents/{case.pk}/seen/")
    assert AuditEvent.objects.count() == before + 1


def test_the_audit_log_reads_a_refusal_in_english(client, principal, outsider, case):
    client.force_login(outsider.user)
    client.get(f"/incidents/{case.pk}/")
    client.force_login(principal.user)
    r = client.get("/audit/?kind=refused")
    assertContains(r, f"{outsider.user.get_full_name()} was refused /incidents/{case.pk}/ (answered 404).")
