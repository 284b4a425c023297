"""rules.label_clause: which clause of the policy each of the classifier's labels concerns."""

import pytest

from socialsafe.incidents import rules
from socialsafe.incidents.tests.test_rules import POLICY, _norm
from socialsafe.moderation.classifier import LABELS


def test_label_clause_offensive_about_staff_is_the_clause_on_offensive_comments_about_staff():
    clause = rules.label_clause("offensive", about_staff=True)
    assert "It is never acceptable to post offensive comments about school and/or school staff online" in clause
    assert "PSNI" not in clause


def test_label_clause_offensive_otherwise_is_the_request_to_remove_offensive_content():
    clause = rules.label_clause("offensive", about_staff=False)
    assert clause == rules.rule_by_id("inform_why_unacceptable").clause
    assert "PSNI" not in clause


@pytest.mark.parametrize("label", ["insult", "threat", "sexual", "sexist", "hate"])
def test_label_clause_the_psni_grounds_quote_the_psni_clause(label):
    for about_staff in (True, False):
        assert rules.label_clause(label, about_staff=about_staff) == rules.PSNI_CLAUSE


def test_label_clause_offensive_suggests_no_psni_fact():
    assert "offensive" not in rules.SUGGESTS
    assert rules.SUGGESTS["insult"] == "content_abusive"


def test_label_clause_covers_every_label_and_quotes_the_policy_word_for_word():
    policy = _norm(POLICY.read_text(encoding="utf-8"))
    for label in LABELS:
        for about_staff in (True, False):
            assert _norm(rules.label_clause(label, about_staff=about_staff)) in policy
