"""The labelled set for name matching (data/roster.jsonl, data/name_posts.jsonl) and its person-level scores."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from socialsafe.postcheck.names import DATA, Person


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    posts: int


@cache
def roster() -> dict[str, Person]:
    """The fixed roster: key ("pu01", "pa01", "st01") to Person; the id is the line number."""
    people = {}
    for number, line in enumerate((DATA / "roster.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        people[row["key"]] = Person(
            row["kind"], number, row["first_name"], row["last_name"], row["title"], row["class_name"]
        )
    return people


@cache
def posts() -> tuple[tuple[str, frozenset[str]], ...]:
    """(text, the roster keys of everyone it names) for each labelled post."""
    rows = [json.loads(line) for line in (DATA / "name_posts.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return tuple((row["text"], frozenset(row["people"])) for row in rows)


def score(predict: Callable[[str], set[Person]]) -> Scores:
    """Precision and recall over people: each post's predicted set against its labelled set, summed over posts."""
    keys = {person: key for key, person in roster().items()}
    tp = fp = fn = 0
    for text, expected in posts():
        predicted = {keys[p] for p in predict(text)}
        tp += len(predicted & expected)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
    return Scores(tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn, len(posts()))
