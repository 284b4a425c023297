"""The default staff guidance covers each of the policy's fifteen personal-use points, quoting each word for word.

One test per point, named after its id in rules.STAFF_PERSONAL_USE_POINTS.
"""

import re
from pathlib import Path

import pytest

from socialsafe.incidents.rules import STAFF_ATTESTATION, STAFF_PERSONAL_USE_POINTS
from socialsafe.staffrules.guidance import default_guidance_text, guidance_section

POLICY = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "social-media-policy.txt"
POINTS = {p.id: p for p in STAFF_PERSONAL_USE_POINTS}


def _flat(text: str) -> str:
    """The policy's words with its bullet marks and line breaks taken out; nothing else changes (apostrophes stay)."""
    return re.sub(r"\s+", " ", text.replace("·", " ")).strip()


def _policy() -> str:
    if not POLICY.exists():
        pytest.skip("the policy text lives in ../shared/policy beside the repository")
    return _flat(POLICY.read_text(encoding="utf-8"))


def covered(point_id: str) -> str:
    """The point's section of the default text, checked for the parts every section has; returned for more checks."""
    point = POINTS[point_id]
    section = guidance_section(default_guidance_text(), point)
    assert section, f"no section headed {point.number}. {point.title}"
    assert f'The policy says: "{point.clause}"' in section
    for part in ("In practice:", "Do:", "Don't:", "If it happens:"):
        assert part in section, f"{point_id} has no {part!r}"
    return section


def test_there_are_fifteen_points_numbered_in_order():
    assert [p.number for p in STAFF_PERSONAL_USE_POINTS] == list(range(1, 16))
    assert len(POINTS) == 15


def test_each_point_quotes_the_policy_verbatim():
    policy = _policy()
    section = policy[policy.index("USE OF SOCIAL MEDIA SITES BY EMPLOYEES") : policy.index("COMMENTS POSTED BY")]
    for point in STAFF_PERSONAL_USE_POINTS:
        for part in point.clause.split(" … "):
            assert part in section, f"{point.id} does not quote the policy word for word: {part!r}"


def test_all_fifteen_are_covered_by_the_default_text():
    text = default_guidance_text()
    for point in STAFF_PERSONAL_USE_POINTS:
        assert guidance_section(text, point), point.id
        assert point.clause in text, point.id
    assert "/check-post/" in text


def test_the_attestation_rule_quotes_the_policy():
    assert STAFF_ATTESTATION.clause in _policy()
    assert STAFF_ATTESTATION.clause == POINTS["security_settings_checked"].clause


def test_point_privacy_settings():
    assert "privacy" in covered("privacy_settings").lower()


def test_point_no_disrepute():
    assert "Ask friends to take down" in covered("no_disrepute")


def test_point_no_valid_parental_complaints():
    assert "complain" in covered("no_valid_parental_complaints")


def test_point_not_derogatory_to_school_or_staff():
    assert "Chair of Governors" in covered("not_derogatory_to_school_or_staff")


def test_point_not_derogatory_to_pupils_parents_governors():
    assert "governor" in covered("not_derogatory_to_pupils_parents_governors")


def test_point_appropriate_to_work_with_pupils():
    assert "designated teacher" in covered("appropriate_to_work_with_pupils")


def test_point_no_contact_with_parents():
    section = covered("no_contact_with_parents")
    assert "If it happens: a parent sends you a friend request" in section and "Tell the Principal" in section


def test_point_no_contact_with_pupils():
    section = covered("no_contact_with_pupils")
    assert "If it happens: a pupil tries to follow you" in section
    assert "tell the Principal, and the designated teacher for child protection" in section


def test_point_no_school_event_posts():
    assert "photo consent" in covered("no_school_event_posts")


def test_point_no_reference_to_school_community():
    assert "Check before you post" in covered("no_reference_to_school_community")


def test_point_no_personal_discussion():
    assert "designated teacher" in covered("no_personal_discussion")


def test_point_opinions_are_your_own():
    assert "official accounts" in covered("opinions_are_your_own")


def test_point_security_settings_checked():
    assert "two-step" in covered("security_settings_checked")


def test_point_teaching_accounts_approved():
    assert "/registers/accounts/request/" in covered("teaching_accounts_approved")


def test_point_professional_standards_everywhere():
    assert "/check-post/" in covered("professional_standards_everywhere")
