"""A case about the Principal goes to the Chair, and nothing in SocialSafe tells the Principal what it says.

Walks every page that takes no argument (the audit log to its last page, every list, search and count among
them) as the Principal, after the Chair has worked the case, and looks for the case's reference, its summary and
who reported it.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.timezone import localtime

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.incidents.models import ActionKind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import Completion, action_complete, incident_report, incident_triage, note_add
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.registers.tests.factories import make_ban
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import GuardianFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Quokkaworld posts about the head"
# Pages that list every member of staff by name: the staff list, the report form, and the subject access form
# (a member of staff may be the person asking).
STAFF_LISTS = {"/school/people/", "/incidents/report/", "/subject-access/new/"}
STAFF_LISTS |= {"/staff-rules/outstanding/"}  # staff rules (issue 18): who has confirmed this year


def paths_without_arguments(resolver=None, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no argument, the admin and the sign-out aside."""
    resolver = resolver or get_resolver()
    out = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            out += paths_without_arguments(entry, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            out.append("/" + prefix + route)
    return [p for p in out if "sign-out" not in p]


@pytest.fixture
def worked_case(school, principal, chair, client, django_capture_on_commit_callbacks):
    """The Principal is the target; a colleague reports it; the Chair works it: triage, note, evidence, PSNI,
    a letter and a bar."""
    reporter = MemberFactory(
        school=school,
        user=UserFactory(email="reporter@example.com"),
        first_name="Wendolyn",
        last_name="Tattler",
        roles=[Role.STAFF],
    )
    poster = GuardianFactory(school=school, first_name="Dana", last_name="Poster")
    fields = report_fields(
        summary=SUMMARY,
        target_kind=TargetKind.PRINCIPAL,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=poster,
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = incident_report(school=school, by=reporter.user, fields=fields)
        incident_triage(incident=case, by=chair.user, facts={"content_threatening": True})
        note_add(incident=case, by=chair.user, text="Spoke to the Chair of the PTA.")
        psni = case.actions.get(kind=ActionKind.REFERRAL_PSNI)
        action_complete(
            action=psni,
            by=chair.user,
            completion=Completion(record={"reference": "CW/1/26"}, summary="Reported."),
            confirmed_by_name="Philip Agnew",
        )
        case.refresh_from_db()
        issue_invitation(case, by=chair.user, note_taker=chair.member)
        today = localtime().date()
        make_ban(case, by=chair.user, starts_on=today, ends_on=today + dt.timedelta(days=130), review_on=today)
    client.force_login(chair.user)
    r = client.post(
        f"/evidence/case/{case.pk}/add/",
        {
            **metadata(captured_by="Philip Agnew", platform="facebook", author_shown="Dana P"),
            "files": [SimpleUploadedFile("post.png", screenshot("Quokkaworld threat"), content_type="image/png")],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    client.logout()
    return case


def test_the_principal_learns_nothing_of_the_case_anywhere(client, principal, worked_case):
    case = worked_case
    assert AuditEvent.objects.filter(case_id=case.pk).count() >= 6  # the Chair's steps are all in the log
    secrets = [case.reference, SUMMARY, "Quokkaworld", "Wendolyn", "Tattler"]
    client.force_login(principal.user)
    walked = 0
    for path in paths_without_arguments():
        for query in ("", "?q=Quokka", "?status=all", "?page=2"):  # "Quokka" finds the summary and the OCR
            r = client.get(path + query)
            if r.status_code in (403, 404, 405):
                continue
            walked += 1
            html = r.content.decode()
            # The staff list and the report form's list of colleagues name every member of staff, the reporter
            # among them; no other page may.
            for secret in secrets if path not in STAFF_LISTS else secrets[:3]:
                assert secret not in html, f"{path}{query} shows {secret!r}"
    assert walked > 20
    # The audit log, every page of it.
    page = 1
    while True:
        r = client.get(f"/audit/?page={page}")
        html = r.content.decode()
        for secret in secrets:
            assert secret not in html, f"audit page {page} shows {secret!r}"
        if f"?page={page + 1}" not in html:
            break
        page += 1
    assert client.get(f"/incidents/{case.pk}/").status_code == 404


def test_the_principal_still_sees_the_audit_of_the_cases_that_are_theirs(client, principal, chair, worked_case):
    # What the log hides from the Principal is hidden because of the case, not because of the log.
    own = incident_report(
        school=principal.school, by=chair.user, fields=report_fields(summary="Axolotl comments about a teacher")
    )
    client.force_login(principal.user)
    html = client.get("/audit/").content.decode()
    assert own.reference in html and "Axolotl comments" in html
    assert worked_case.reference not in html
    verbs = set(AuditEvent.objects.filter(case_id=worked_case.pk).values_list("verb", flat=True))
    assert verbs >= {"incident.reported", "incident.triaged", "evidence.added", "letters.issued"}
