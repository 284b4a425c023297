"""The project's own training examples (hand-written seeds and the generated contrasts) stay apart from the tests.

The functional suite and its hold-out measure how the classifier handles text it has not been taught; an example
equal or nearly equal to one of their cases would teach it the answer.
"""

import re

from training import templates
from training.data import load_seeds
from training.functional import CASES, HOLDOUT, load_cases


def _tokens(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))


def _near(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return len(a & b) / len(a | b) >= 0.8


def test_no_training_example_is_a_functional_case():
    seeds = [_tokens(t) for t in load_seeds()[0]]
    for path in (CASES, HOLDOUT):
        for _, case, _ in load_cases(path):
            c = _tokens(case)
            # The hold-out's cases are never printed: the message names the file only.
            assert not any(_near(c, s) for s in seeds), (path.name, case if path == CASES else "(hold-out case)")


def test_every_group_is_named_in_hateful_and_in_ordinary_examples():
    rows = templates.rows()
    for group, _ in templates.GROUPS:
        labels = [labels for text, labels in rows if group in text.lower() or group in text]
        assert any(lab[5] == 1 for lab in labels), group
        assert sum(1 for lab in labels if lab == templates.NOT_ABUSE) >= sum(1 for lab in labels if lab[5] == 1)


def test_generated_examples_are_labelled_and_unique():
    rows = templates.rows()
    assert len({text.lower() for text, _ in rows}) == len(rows)
    for text, labels in rows:
        assert len(labels) == 6 and all(v in (None, 0, 1) for v in labels), text
        assert "{" not in text and text[0].isupper(), text


def test_abuse_of_groups_that_are_not_protected_is_insult_not_hate():
    rows = dict(templates.rows())
    for group in templates.NOT_PROTECTED:
        found = [labels for text, labels in rows.items() if group in text.lower()]
        assert found and all(lab[5] == 0 and lab[1] == 1 for lab in found), group
