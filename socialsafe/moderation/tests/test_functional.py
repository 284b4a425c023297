"""The functional test suite: what the classifier does with each way people write, not one score on a data set.

The cases (functional_cases.csv, 32 a function) were written for the project by someone who had not seen the
training examples or the word lists. Targets (issue 15): at least 90% right on every function, and at most 15% of
counter-speech and positive statements about identity flagged under any label.
"""

import pytest

from socialsafe.moderation import classify
from training.functional import FALSE_ALARM_FUNCTIONS, accuracy, false_alarms, is_correct, load_cases

CASES = load_cases()
FUNCTIONS = sorted({function for function, _, _ in CASES})


@pytest.fixture(scope="module")
def by_function():
    return accuracy(classify, CASES)


def test_the_suite_has_at_least_25_cases_for_every_function():
    counts = {f: sum(1 for g, _, _ in CASES if g == f) for f in FUNCTIONS}
    assert len(FUNCTIONS) >= 13
    assert min(counts.values()) >= 25, counts
    assert len({text.lower() for _, text, _ in CASES}) == len(CASES), "a case appears twice"


@pytest.mark.parametrize("function", FUNCTIONS)
def test_it_gets_at_least_90_percent_of_each_function_right(function, by_function):
    right, total = by_function[function]
    wrong = [(t, e) for f, t, e in CASES if f == function and not is_correct(e, classify([t])[0])]
    assert right / total >= 0.9, f"{function}: {right} of {total}; wrong: {wrong}"


def test_it_flags_at_most_15_percent_of_counter_speech_and_positive_identity():
    flagged, total = false_alarms(classify, CASES)
    assert total == sum(1 for f, _, _ in CASES if f in FALSE_ALARM_FUNCTIONS)
    assert flagged / total <= 0.15, f"{flagged} of {total} flagged"


def test_the_threat_label_itself_catches_80_percent_of_direct_and_normative_threats():
    texts = [t for f, t, _ in CASES if f in ("direct_threat", "normative_threat")]
    caught = sum(1 for s in classify(texts) if s["threat"] >= 0.5)
    assert caught / len(texts) >= 0.8, f"{caught} of {len(texts)}"


def test_hyperbole_and_ordinary_plans_stay_below_the_threat_line():
    texts = [t for f, t, _ in CASES if f == "hyperbole_and_plans"]
    above = [t for t, s in zip(texts, classify(texts), strict=True) if s["threat"] >= 0.5]
    assert len(above) / len(texts) <= 0.1, above


@pytest.mark.parametrize(
    "expect, scores, right",
    [
        ("none", {"offensive": 0.49, "insult": 0.1, "threat": 0, "sexual": 0, "sexist": 0, "hate": 0}, True),
        ("none", {"offensive": 0.5, "insult": 0.1, "threat": 0, "sexual": 0, "sexist": 0, "hate": 0}, False),
        ("not_abuse", {"offensive": 0.9, "insult": 0.1, "threat": 0, "sexual": 0, "sexist": 0, "hate": 0}, True),
        ("not_abuse", {"offensive": 0.9, "insult": 0.6, "threat": 0, "sexual": 0, "sexist": 0, "hate": 0}, False),
        ("threat", {"offensive": 0.9, "insult": 0.6, "threat": 0.5, "sexual": 0, "sexist": 0, "hate": 0}, True),
        ("hate", {"offensive": 0.9, "insult": 0.6, "threat": 0.5, "sexual": 0, "sexist": 0, "hate": 0.4}, False),
    ],
)
def test_a_case_is_judged_by_its_expected_label(expect, scores, right):
    assert is_correct(expect, scores) is right
