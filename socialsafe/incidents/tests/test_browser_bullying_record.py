"""The designated teacher tries to close a case of bullying between pupils, is told the statutory record is missing,
follows the link, fills it in and closes the case."""

import re

import pytest
from playwright.sync_api import Browser, expect

from socialsafe.incidents.models import ActionKind, BullyingRecord, Incident, Kind, ResponsibleKind, Status, TargetKind
from socialsafe.incidents.services import action_withdraw, incident_report, incident_triage
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.models import Member, Pupil, School
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bullying_case() -> Incident:
    school = School.objects.get(slug="glenmore")
    designated = Member.objects.get(school=school, user__email="designated@glenmore.example")
    teacher = Member.objects.filter(school=school, roles__role=Role.CLASS_TEACHER).exclude(pk=designated.pk).first()
    target, responsible = Pupil.objects.filter(school=school, school_class__year_group=6).order_by("id")[:2]
    case = incident_report(
        school=school,
        by=teacher.user,
        fields=report_fields(
            kind=Kind.PUPIL_CYBERBULLYING,
            summary="Unkind Snapchat messages from a classmate",
            target_kind=TargetKind.PUPIL,
            target_pupil=target,
            responsible_kind=ResponsibleKind.PUPIL,
            responsible_pupil=responsible,
        ),
    )
    incident_triage(incident=case, by=designated.user, facts={})
    for action in case.actions.open().exclude(kind=ActionKind.BULLYING_RECORD):
        action_withdraw(action=action, by=designated.user, reason="Dealt with at the restorative meeting.")
    return case


def test_the_record_is_asked_for_then_made_then_the_case_closes(browser: Browser, live_server, demo):
    _, password = demo
    case = _bullying_case()
    page = browser.new_page()
    sign_in(page, live_server.url, "designated@glenmore.example", password)
    page.goto(f"{live_server.url}/incidents/{case.pk}/")
    page.locator("#move-outcome").select_option("resolved")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("statutory record before the case can close")

    page.locator(".govuk-error-summary").get_by_role("link", name="Fill in the statutory bullying record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statutory bullying record")
    page.get_by_role("button", name="Save the record").click()  # nothing chosen: told what is missing
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose at least one method.")
    expect(summary).to_contain_text("Choose at least one intervention.")

    page.get_by_label("Bullying: it meets the Act's definition").check()
    page.get_by_label("Online: messaging or group chats").check()
    page.get_by_label("Appearance").check()
    page.get_by_label("Level 2: the teacher with the pastoral or senior team, parents informed").check()
    page.get_by_label("Restorative practice").check()
    page.get_by_label("Resolved: the behaviour has stopped").check()
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_url(re.compile(rf"/incidents/{case.pk}/$"))
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Statutory bullying record saved.")
    expect(page.locator("#bullying-record")).to_contain_text("Online: messaging or group chats")

    page.locator("#move-outcome").select_option("resolved")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("The case has been updated.")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert BullyingRecord.objects.get(incident=case).methods == ["online_messaging"]
    page.close()
