"""A member of staff's export (cases they reported or are named in, teaching-account requests, their own audit
trail) and a parent's (cases naming them, concerns), each limited to the one school."""

import pytest

from socialsafe.audit.services import audit_record
from socialsafe.concerns.models import Concern
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.registers.services import account_request
from socialsafe.subjectaccess.models import SubjectKind
from socialsafe.subjectaccess.services import sar_export_produce, sar_redaction_confirm
from socialsafe.subjectaccess.tests.conftest import make_request
from socialsafe.subjectaccess.tests.helpers import data_of

pytestmark = pytest.mark.django_db


def export(school, by, **subject):
    sar = make_request(school, by, requester_name="The person", **subject)
    sar = sar_redaction_confirm(sar=sar, by=by, withheld_staff=[], include_evidence=False)
    return data_of(sar_export_produce(sar=sar, by=by))


def types(data) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in data["records"]:
        out.setdefault(r["type"], []).append(r)
    return out


def test_a_member_of_staffs_export(principal, teacher, case, outsider):
    mine = incident_report(school=teacher.school, by=teacher.user, fields=report_fields(summary="Reported by me"))
    account_request(member=teacher.member, by=teacher.user, fields={
        "service": "YouTube", "name": "P4 Science", "purpose": "Class videos", "audience": "P4 parents",
        "moderation": "Comments off",
    })  # fmt: skip
    audit_record(actor=teacher.user, verb="account.signed_in", target=teacher.user)  # as signing in writes it
    # Another school's record of the same person must not come along.
    audit_record(actor=teacher.user, verb="incidents.viewed", school=outsider.school)

    data = export(teacher.school, principal.user, subject_kind=SubjectKind.MEMBER, subject_member=teacher.member)

    by = types(data)
    assert by["member"][0]["fields"]["email"] == teacher.user.email
    assert {r["id"] for r in by["case"]} == {case.pk, mine.pk}  # named as the target; reported by them
    assert by["teaching_account_request"][0]["fields"]["name"] == "P4 Science"
    verbs = [r["fields"]["what"] for r in by["audit_event"]]
    assert "account.signed_in" in verbs and "incidents.viewed" not in verbs
    # The parent who posted about them is another family: replaced.
    named = next(r for r in by["case"] if r["id"] == case.pk)
    assert named["fields"]["responsible"] == "Parent or carer A"
    assert "Poster" not in str(data)


def test_a_parents_export_has_the_cases_naming_them_and_their_concerns(principal, case, abusive_parent, parent):
    Concern.objects.create(
        school=case.school, name="Dana Poster", email="dana@example.com", topic="other", what_happened="About P4.",
        wanted_outcome="An answer.", status_token="t1", guardian=abusive_parent,
    )  # fmt: skip
    Concern.objects.create(
        school=case.school, name="Someone else", email="else@example.com", topic="other", what_happened="Not hers.",
        wanted_outcome="-", status_token="t2",
    )  # fmt: skip

    data = export(case.school, principal.user, subject_kind=SubjectKind.GUARDIAN, subject_guardian=abusive_parent)

    by = types(data)
    assert [r["id"] for r in by["case"]] == [case.pk]
    assert [r["fields"]["what_happened"] for r in by["concern"]] == ["About P4."]
    assert "Aoife" not in str(data) and "else@example.com" not in str(data)
