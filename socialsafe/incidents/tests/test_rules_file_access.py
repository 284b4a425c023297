"""One test per need-to-know rule in rules.FILE_ACCESS, named after it; each quotes the policy word for word."""

import pytest

from socialsafe.incidents import rules
from socialsafe.incidents.tests.test_rules import POLICY, _norm
from socialsafe.schools.roles import Role


def test_every_file_access_rule_quotes_the_policy_word_for_word():
    if not POLICY.exists():
        pytest.skip("the policy text lives in ../shared/policy beside the repository")
    policy = _norm(POLICY.read_text(encoding="utf-8"))
    for rule in rules.FILE_ACCESS:
        assert _norm(rule.clause).rstrip(".") in policy, f"{rule.id} does not quote the policy"


def test_every_file_access_rule_has_a_test_named_after_it():
    tested = {name.removeprefix("test_file_access_") for name in globals() if name.startswith("test_file_access_")}
    assert {r.id for r in rules.FILE_ACCESS} <= tested
    assert len({r.id for r in rules.FILE_ACCESS}) == len(rules.FILE_ACCESS)


def test_file_access_principal_sees_the_schools_cases():
    for role in (Role.PRINCIPAL, Role.VICE_PRINCIPAL):
        assert rules.file_access_for(frozenset({role})) == {rules.SCHOOL_CASES}


def test_file_access_child_protection_teachers_see_pupils_cases():
    for role in (Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER):
        assert rules.PUPIL_CASES in rules.file_access_for(frozenset({role}))


def test_file_access_class_teacher_sees_own_pupils_cases():
    assert rules.file_access_for(frozenset({Role.CLASS_TEACHER})) == {rules.OWN_PUPILS_CASES}


def test_file_access_ict_coordinator_sees_firewall_cases():
    assert rules.file_access_for(frozenset({Role.ICT_COORDINATOR})) == {rules.FIREWALL_CASES}


def test_file_access_chair_sees_cases_about_the_principal():
    assert rules.GOVERNORS_CASES in rules.file_access_for(frozenset({Role.CHAIR_OF_GOVERNORS}))


def test_file_access_child_protection_teachers_see_staff_contact_and_allegations():
    for role in (Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER):
        assert rules.file_access_for(frozenset({role})) == {rules.PUPIL_CASES, rules.CONDUCT_CHILD_PROTECTION_CASES}
        assert rules.sees_allegations(frozenset({role}))


def test_file_access_chair_sees_allegations_about_staff():
    assert rules.file_access_for(frozenset({Role.CHAIR_OF_GOVERNORS})) == {
        rules.GOVERNORS_CASES,
        rules.ALLEGATION_CASES,
    }
    assert rules.sees_allegations(frozenset({Role.CHAIR_OF_GOVERNORS}))


@pytest.mark.parametrize(
    "role",
    [Role.VICE_PRINCIPAL, Role.CLASS_TEACHER, Role.ICT_COORDINATOR, Role.OFFICE, Role.STAFF, Role.GOVERNOR],
)
def test_only_the_principal_designated_teachers_and_chair_see_allegations(role):
    assert not rules.sees_allegations(frozenset({role}))
    assert rules.sees_allegations(frozenset({role, Role.PRINCIPAL}))


@pytest.mark.parametrize("role", [Role.OFFICE, Role.STAFF, Role.GOVERNOR, Role.PARENT, Role.EA_OFFICER])
def test_other_roles_see_no_whole_file_by_role(role):
    # They may still report a case, or own an action on one, and see their part of it.
    assert rules.file_access_for(frozenset({role})) == set()
