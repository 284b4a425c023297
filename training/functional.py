"""The functional test suite's cases and how a score is judged against them (`python -m training.functional`).

The cases (socialsafe/moderation/tests/functional_cases.csv) were written for the project by someone who had not
seen the training examples or the classifier's word lists; the test in tests/test_functional.py holds the
classifier to the targets, and this module prints the per-function table for the model card, beside
alt-profanity-check where it is installed.
"""

import csv
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from socialsafe.moderation.classifier import LABELS

CASES = Path(__file__).resolve().parents[1] / "socialsafe" / "moderation" / "tests" / "functional_cases.csv"
# A second set, written by another hand without sight of the suite, the examples or the classifier, and kept out
# of every change: the readings were refined on the suite's misses, so the hold-out is the honest figure.
HOLDOUT = Path(__file__).resolve().parent / "functional_holdout.csv"
THRESHOLD = 0.5
# Functions whose texts must not be flagged at all: the false-alarm rate is measured on these.
FALSE_ALARM_FUNCTIONS = ("counter_speech_quotation", "counter_speech_reference", "positive_identity")
_NOT_ABUSE = ("insult", "threat", "sexual", "sexist", "hate")


def load_cases(path: Path = CASES) -> list[tuple[str, str, str]]:
    """(function, text, expect) for every case, in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["function"], r["text"], r["expect"]) for r in csv.DictReader(x for x in f if not x.startswith("#"))]


def is_correct(expect: str, scores: dict[str, float]) -> bool:
    """A label is expected at or above the threshold; "none": nothing flagged; "not_abuse": only offensive may be."""
    if expect == "none":
        return max(scores.values()) < THRESHOLD
    if expect == "not_abuse":
        return max(scores[k] for k in _NOT_ABUSE) < THRESHOLD
    return scores[expect] >= THRESHOLD


def accuracy(score: Callable[[Sequence[str]], list[dict[str, float]]], cases=None) -> dict[str, tuple[int, int]]:
    """(correct, total) per function."""
    cases = cases or load_cases()
    results = score([text for _, text, _ in cases])
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (function, _, expect), scores in zip(cases, results, strict=True):
        out[function][0] += int(is_correct(expect, scores))
        out[function][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def false_alarms(score, cases=None) -> tuple[int, int]:
    """How many counter-speech and positive identity texts are flagged under any label, of how many."""
    cases = [c for c in (cases or load_cases()) if c[0] in FALSE_ALARM_FUNCTIONS]
    results = score([text for _, text, _ in cases])
    return sum(1 for s in results if max(s.values()) >= THRESHOLD), len(cases)


def _baseline():
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    return lambda texts: [dict.fromkeys(LABELS, float(p)) for p in predict_prob(list(texts))]


def main(argv: list[str] | None = None) -> None:
    """Print the per-function table."""
    import argparse

    from socialsafe.moderation import classify

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", action="store_true", help="score the hold-out cases instead of the suite")
    args = parser.parse_args(argv)
    cases = load_cases(HOLDOUT if args.holdout else CASES)
    scorers = {"SocialSafe": classify}
    if (apc := _baseline()) is not None:
        scorers["alt-profanity-check"] = apc
    tables = {name: accuracy(fn, cases) for name, fn in scorers.items()}
    alarms = {name: false_alarms(fn, cases) for name, fn in scorers.items()}
    print("| function | cases | " + " | ".join(scorers) + " |")
    print("|---|---|" + "---|" * len(scorers))
    for function in tables["SocialSafe"]:
        n = tables["SocialSafe"][function][1]
        cells = [f"{tables[s][function][0] / n:.0%}" for s in scorers]
        print(f"| {function} | {n} | " + " | ".join(cells) + " |")
    cells = [f"{a / n:.0%} ({a} of {n})" for a, n in alarms.values()]
    print("| false alarms on counter-speech and positive identity | | " + " | ".join(cells) + " |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
