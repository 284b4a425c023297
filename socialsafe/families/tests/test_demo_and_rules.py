"""The demo's families, and the rule that a family is asked when their child joins."""

import re
from pathlib import Path

import pytest

from socialsafe.families.demo import demo_families_create
from socialsafe.families.models import FamilyInvitation
from socialsafe.families.services import current_versions
from socialsafe.incidents import rules
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db
POLICY = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "social-media-policy.txt"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def test_rule_families_told_when_child_joins(principal, policies):
    if POLICY.exists():
        assert _norm(rules.FAMILIES_TOLD_CLAUSE) in _norm(POLICY.read_text(encoding="utf-8"))
    assert rules.families_told_when_child_joins(set()) == ()
    assert rules.families_told_when_child_joins({"code-of-conduct"}) == ()  # the policy itself must be published
    assert rules.families_told_when_child_joins({"social-media"}) == ("social-media",)
    assert rules.families_told_when_child_joins({"code-of-conduct", "social-media"}) == rules.FAMILY_DOCUMENTS
    assert [v.document.kind for v in current_versions(principal.school)] == list(rules.FAMILY_DOCUMENTS)


def test_it_seeds_demo_families_asked_and_some_answered_once(principal, policies):
    for year in (1, 2, 3, 4):
        school_class, _ = SchoolClass.objects.get_or_create(
            school=principal.school, name=f"P{year}", defaults={"year_group": year}
        )
        for _ in range(2):
            GuardianFactory(
                school=principal.school, children=[PupilFactory(school=principal.school, school_class=school_class)]
            )
    assert demo_families_create(school=principal.school) == 6
    assert demo_families_create(school=principal.school) == 0
    assert FamilyInvitation.objects.filter(acknowledged_at__isnull=False).count() == 2
    assert FamilyInvitation.objects.filter(sent_at__isnull=True).count() == 0
