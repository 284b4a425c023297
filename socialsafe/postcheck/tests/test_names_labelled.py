"""The labelled posts (data/name_posts*.jsonl) keep their precision and recall: a guard against regressions.

Measured when written (person level, matches at WARN_AT and above): the main set P 1.000, R 0.996; the hold-out
P 0.981, R 0.981. The floors sit a little under those, so a change that costs a post or two fails here.
"""

import json

from socialsafe.postcheck import labelled
from socialsafe.postcheck.names import DATA, NameIndex, people_named


def _index():
    return NameIndex.from_people(labelled.roster().values())


def test_the_labelled_set_is_big_enough_and_names_only_roster_people():
    posts = labelled.posts()
    assert len(posts) >= 220
    keys = set(labelled.roster())
    assert all(people <= keys for _text, people in posts)
    assert sum(not people for _text, people in posts) >= 80  # hard negatives: posts naming nobody of ours
    kinds = {labelled.roster()[key].kind for _text, people in posts for key in people}
    assert kinds == {"pupil", "parent", "staff"}


def test_the_roster_has_the_school_it_is_meant_to():
    kinds = [person.kind for person in labelled.roster().values()]
    assert (kinds.count("pupil"), kinds.count("parent"), kinds.count("staff")) == (60, 30, 20)


def test_precision_and_recall_on_the_labelled_posts_stay_up():
    index = _index()
    scores = labelled.score(lambda text: people_named(index.find(text)))
    assert scores.precision >= 0.97, scores
    assert scores.recall >= 0.97, scores


def test_precision_and_recall_on_the_hold_out_posts_stay_up():
    index = _index()
    lines = (DATA / "name_posts_holdout.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [json.loads(line) for line in lines]
    assert len(posts) >= 80
    keys = {person: key for key, person in labelled.roster().items()}
    tp = fp = fn = 0
    for post in posts:
        predicted = {keys[p] for p in people_named(index.find(post["text"]))}
        expected = set(post["people"])
        tp, fp, fn = tp + len(predicted & expected), fp + len(predicted - expected), fn + len(expected - predicted)
    assert tp / (tp + fp) >= 0.95, (tp, fp, fn)
    assert tp / (tp + fn) >= 0.94, (tp, fp, fn)
