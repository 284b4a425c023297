"""A destruction record names the rule that was in force for the school: its authority's own, if it set one."""

import pytest

from socialsafe.retention.destruction import destroy_case
from socialsafe.retention.services import override_set

pytestmark = pytest.mark.django_db


def test_the_record_names_the_authoritys_rule(case, principal, officer, school):
    override_set(
        authority=school.authority, record_class="case_other", years=10, months=0, action="review",
        note="EA decision 7", by=officer.user,
    )  # fmt: skip
    record = destroy_case(incident=case, by=principal.user, reason="review")
    assert record.rule.startswith("Case naming no pupil: the case closed + 10 years")


def test_without_one_it_names_the_default(case, principal):
    record = destroy_case(incident=case, by=principal.user, reason="review")
    assert record.rule.startswith("Case naming no pupil: the case closed + 6 years")
