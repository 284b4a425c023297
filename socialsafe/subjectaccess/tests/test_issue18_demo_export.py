"""The demo school's issue 18 records in subject access exports: the demo teacher who asked about a post, and a demo
parent who acknowledged by code, each see theirs and nobody else's."""

from socialsafe.concerns.demo import demo_concerns_create
from socialsafe.families.demo import demo_families_create
from socialsafe.families.models import FamilyInvitation
from socialsafe.postcheck.demo import demo_postcheck_create
from socialsafe.postcheck.models import AdviceRequest
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import Role
from socialsafe.staffrules.demo import demo_staffrules_create
from socialsafe.staffrules.models import StaffAttestation
from socialsafe.subjectaccess.models import SubjectKind
from socialsafe.subjectaccess.tests.test_demo_export import export_for


def test_the_demo_staff_and_parent_exports_have_their_issue_18_records(demo):
    school = School.objects.get(slug="glenmore")
    demo_concerns_create(school=school)  # publishes the policy and Code of Conduct the families are asked about
    assert demo_postcheck_create(school=school) and demo_staffrules_create(school=school)
    assert demo_families_create(school=school)
    principal = Member.objects.get(school=school, roles__role=Role.PRINCIPAL).user

    advice = AdviceRequest.objects.filter(school=school, answered_at__isnull=False).select_related("requested_by")
    asked = advice.get()
    member = asked.requested_by
    others = AdviceRequest.objects.filter(school=school).exclude(requested_by=member)
    data, everything = export_for(school, principal, subject_kind=SubjectKind.MEMBER, subject_member=member)
    by = {r["type"]: r for r in data["records"]}
    assert by["advice_request"]["fields"]["question"] == asked.question
    assert by["advice_request"]["fields"]["answer"] == asked.answer
    attested = [r["id"] for r in data["records"] if r["type"] == "staff_attestation"]
    assert attested == list(StaffAttestation.objects.filter(member=member).values_list("pk", flat=True))
    for other in others:
        assert other.question not in everything

    invitation = FamilyInvitation.objects.filter(school=school, acknowledged_at__isnull=False).first()
    guardian = invitation.guardian
    data, everything = export_for(school, principal, subject_kind=SubjectKind.GUARDIAN, subject_guardian=guardian)
    mine = [r for r in data["records"] if r["type"] in ("family_invitation", "family_acknowledgement")]
    assert {(r["type"], r["id"]) for r in mine} == {
        ("family_invitation", invitation.pk),
        ("family_acknowledgement", invitation.pk),
    }
    assert invitation.code_hash not in everything and invitation.code_nonce not in everything
    # Another family's invitations exist, and none of them came along (the set above is exactly theirs).
    assert FamilyInvitation.objects.filter(school=school).exclude(guardian=guardian).exists()
