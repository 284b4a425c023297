"""Every email sent on a school's behalf comes from the school's name, and no subject starts "SocialSafe:"."""

import pytest
from django.core import mail

from socialsafe.concerns.services import (
    concern_acknowledge,
    concern_answer,
    concern_reply,
    concern_to_complaint,
    guardian_invite,
)
from socialsafe.concerns.tests.conftest import make_concern
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.registers.models import AccountStatus
from socialsafe.registers.services import account_decide
from socialsafe.registers.tests.factories import make_request
from socialsafe.schools.roles import Role
from socialsafe.schools.services import member_invite, member_roles_set
from socialsafe.schools.tests.factories import GuardianFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_from_the_school(outbox, name="Glenmore Primary School"):
    assert outbox, "the journey sent no email"
    for message in outbox:
        assert message.from_email.startswith(f"{name} <"), (message.subject, message.from_email)
        assert not message.subject.startswith("SocialSafe"), message.subject


def test_a_parents_concern_journey(school, principal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        concern = make_concern(school)
        concern_acknowledge(concern=concern, by=principal.user)
        concern_reply(concern=concern, by=principal.user, text="Thank you.")
        concern_answer(concern=concern, text="It is still there.")
        concern_to_complaint(concern=concern, by=principal.user)
    # confirm link, acknowledgement, Principal told, read, reply, answer received, Principal told, complaint
    assert len(mail.outbox) == 8
    assert_from_the_school(mail.outbox)


def test_accounts_and_roles(school, principal, django_capture_on_commit_callbacks):
    member = MemberFactory(school=school, user=UserFactory(email="new.teacher@example.com", password=None))
    member.user.set_unusable_password()
    member.user.save()
    guardian = GuardianFactory(school=school, email="carer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        member_invite(member=member, by=principal.user)
        member_roles_set(
            member=member, roles={Role.CLASS_TEACHER}, by=principal.user, by_roles=frozenset({Role.PRINCIPAL})
        )
        guardian_invite(guardian=guardian, by=principal.user)
    assert len(mail.outbox) == 3
    assert_from_the_school(mail.outbox)


def test_a_case_and_a_teaching_account(school, principal, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident_report(school=school, by=teacher.user, fields=report_fields())
        account = make_request(teacher.member)
        account_decide(account=account, by=principal.user, status=AccountStatus.DECLINED, note="Use the class blog.")
    assert len(mail.outbox) >= 2
    assert_from_the_school(mail.outbox)


def test_another_schools_emails_carry_its_own_name(other_school, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(other_school, email="someone@riverside.example")
    assert_from_the_school(mail.outbox, name="Riverside Primary School")
