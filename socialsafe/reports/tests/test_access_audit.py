"""Every view, download and export of a record writes exactly one audit row: who, what, when and from where.

One test per kind of access (the list is docs/audit-of-access.md); evidence has its own module in the evidence app.
"""

import datetime as dt

import pytest
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.words import PHRASES
from socialsafe.concerns.tests.conftest import make_concern
from socialsafe.incidents.models import ActionKind
from socialsafe.incidents.services import action_add
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.registers.models import AccountReport, IctBan
from socialsafe.registers.tests.factories import make_ban, make_request
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"


def ict_ban(case, principal):
    pupil = PupilFactory(school=case.school)
    return IctBan.objects.create(
        school=case.school,
        incident=case,
        pupil=pupil,
        starts_on=localdate() - dt.timedelta(days=2),
        created_by=principal.user,
    )


def letter(case, principal):
    case.content_abusive = True  # the letter's merge fields need the nature of the comments
    case.save(update_fields=["content_abusive"])
    return issue_invitation(case, by=principal.user, note_taker=principal.member)


def action(case, principal):
    return action_add(
        incident=case,
        by=principal.user,
        kind=ActionKind.MEETING,
        owner=principal.member,
        title="Meet",
        due_on=localdate() + dt.timedelta(days=7),
    )


# (who looks, the URL from the record, the record made from the case and the Principal, the verb, about the case?)
ACCESSES = {
    "case page": ("principal", lambda c, r: f"/incidents/{c.pk}/", None, "incident.viewed", True),
    "chronology pdf": (
        "principal",
        lambda c, r: f"/incidents/{c.pk}/chronology.pdf",
        None,
        "incident.chronology_downloaded",
        True,
    ),
    "chronology csv": (
        "principal",
        lambda c, r: f"/incidents/{c.pk}/chronology.csv",
        None,
        "incident.chronology_downloaded",
        True,
    ),
    "who has seen": ("principal", lambda c, r: f"/incidents/{c.pk}/seen/", None, "incident.access_log_viewed", True),
    "action": ("principal", lambda c, r: f"/incidents/actions/{r.pk}/", action, "action.viewed", True),
    "letter page": ("principal", lambda c, r: f"/letters/{r.pk}/", letter, "letters.viewed", True),
    "letter pdf": ("principal", lambda c, r: f"/letters/{r.pk}/download.pdf", letter, "letters.downloaded.pdf", True),
    "letter docx": (
        "principal",
        lambda c, r: f"/letters/{r.pk}/download.docx",
        letter,
        "letters.downloaded.docx",
        True,
    ),
    "premises bar": (
        "principal",
        lambda c, r: f"/registers/premises/{r.pk}/",
        lambda c, p: make_ban(c, by=p.user),
        "registers.premises_viewed",
        True,
    ),
    "premises register": ("principal", lambda c, r: "/registers/premises/", None, "registers.premises_listed", False),
    "ict ban": ("principal", lambda c, r: f"/registers/ict/{r.pk}/", ict_ban, "registers.ict_viewed", True),
    "ict register": ("principal", lambda c, r: "/registers/ict/", None, "registers.ict_listed", False),
    "accounts register": ("principal", lambda c, r: "/registers/accounts/", None, "registers.accounts_listed", False),
    "teaching account": (
        "principal",
        lambda c, r: f"/registers/accounts/{r.pk}/",
        lambda c, p: make_request(p.member),
        "registers.account_viewed",
        False,
    ),
    "account reports": (
        "principal",
        lambda c, r: "/registers/accounts/reports/",
        None,
        "registers.account_reports_viewed",
        False,
    ),
    "pupil list": ("principal", lambda c, r: "/school/pupils/", None, "pupil.list_viewed", False),
    "pupil record": (
        "principal",
        lambda c, r: f"/school/pupils/{r.pk}/",
        lambda c, p: PupilFactory(school=c.school),
        "pupil.viewed",
        False,
    ),
    "class list": (
        "principal",
        lambda c, r: f"/school/classes/{r.pk}/",
        lambda c, p: SchoolClass.objects.create(school=c.school, name="P6", year_group=6),
        "pupil.class_viewed",
        False,
    ),
    "parents list": ("principal", lambda c, r: "/school/parents/", None, "parent.list_viewed", False),
    "consents": ("principal", lambda c, r: "/concerns/consent/school/", None, "consent.list_viewed", False),
    "acknowledgements": (
        "principal",
        lambda c, r: "/concerns/policies/social-media/",
        None,
        "policy.acknowledgements_viewed",
        False,
    ),
    "concerns inbox": ("principal", lambda c, r: "/concerns/inbox/", None, "concern.inbox_viewed", False),
    "concern": (
        "principal",
        lambda c, r: f"/concerns/inbox/{r.pk}/",
        lambda c, p: make_concern(c.school),
        "concern.viewed",
        False,
    ),
    "audit log": ("principal", lambda c, r: "/audit/", None, "audit.viewed", False),
    "parent: their concerns": ("parent", lambda c, r: "/concerns/mine/", None, "concern.mine_viewed", False),
    "parent: their consents": ("parent", lambda c, r: "/concerns/consent/", None, "consent.mine_viewed", False),
    "parent: their letters": ("parent", lambda c, r: "/letters/mine/", None, "letters.mine_viewed", False),
    "parent: their children": ("parent", lambda c, r: "/school/children/", None, "pupil.children_viewed", False),
}


@pytest.mark.parametrize("kind", ACCESSES)
def test_it_writes_one_row(request, client, principal, case, kind):
    who, url, make, verb, about_case = ACCESSES[kind]
    record = make(case, principal) if make else None
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    r = client.get(url(case, record), REMOTE_ADDR=ADDRESS)
    assert r.status_code == 200, r.content.decode()[:1000]
    events = list(AuditEvent.objects.filter(pk__gt=before))
    assert [e.verb for e in events] == [verb]  # exactly one row, and no other write on a GET
    event = events[0]
    assert (event.actor, event.ip_address, event.school) == (persona.user, ADDRESS, case.school)
    assert event.case_id == (case.pk if about_case else None)
    if record is not None:
        assert event.target_id == str(record.pk if not about_case or verb != "incident.viewed" else case.pk)
    assert verb in PHRASES or verb.startswith("letters.downloaded."), "the audit log must read it in English"


def test_an_account_report_page_names_no_case(client, principal, case):
    AccountReport.objects.create(school=case.school, service="Facebook", account="fake-glenmore")
    client.force_login(principal.user)
    assert client.get("/registers/accounts/reports/").status_code == 200
    assert AuditEvent.objects.get(verb="registers.account_reports_viewed").case_id is None


def test_another_schools_letter_is_refused_and_logged(client, outsider, principal, case):
    made = letter(case, principal)
    client.force_login(outsider.user)
    assert client.get(f"/letters/{made.pk}/download.pdf").status_code == 404
    event = AuditEvent.objects.get(verb="access.refused")
    assert (event.actor, event.case_id, event.school, event.data["status"]) == (
        outsider.user,
        case.pk,
        case.school,
        404,
    )


def test_a_parent_asking_for_a_case_is_refused_and_logged(client, parent, case):
    client.force_login(parent.user)
    assert client.get(f"/incidents/{case.pk}/").status_code == 403
    event = AuditEvent.objects.get(verb="access.refused")
    assert (event.actor, event.case_id, event.data["status"]) == (parent.user, case.pk, 403)


def test_signed_out_visitors_and_unknown_addresses_write_nothing(client, principal, case):
    assert client.get(f"/incidents/{case.pk}/").status_code == 302  # to the sign-in page
    client.force_login(principal.user)
    assert client.get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.filter(verb="access.refused").exists()


def test_the_parents_page_of_a_concern_by_its_link_is_logged(client, school):
    concern = make_concern(school)
    r = client.get(f"/s/{school.slug}/concern/status/{concern.status_token}/", REMOTE_ADDR=ADDRESS)
    assert r.status_code == 200
    event = AuditEvent.objects.get(verb="concern.status_viewed")
    assert (event.actor, event.target_id, event.ip_address, event.school) == (None, str(concern.pk), ADDRESS, school)
