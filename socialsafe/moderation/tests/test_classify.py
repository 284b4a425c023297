import math

import pytest

from socialsafe.moderation import LABELS, classify

SHORT = [
    "Well done to P3 on a lovely assembly",
    "you are a stupid ugly loser",
    "I'm going to batter you after school",
    "send me a pic with your top off",
    "girls are too thick to do maths",
    "go back to where you came from, you're not welcome in this country",
]


def test_it_returns_six_probabilities_per_text():
    results = classify(SHORT)
    assert len(results) == len(SHORT)
    for scores in results:
        assert set(scores) == set(LABELS) == {"offensive", "insult", "threat", "sexual", "sexist", "hate"}
        for value in scores.values():
            assert isinstance(value, float)
            assert 0.0 <= value <= 1.0
            assert not math.isnan(value)


def test_it_is_deterministic():
    assert classify(SHORT) == classify(SHORT)


def test_it_gives_the_same_scores_batched_and_one_by_one(monkeypatch):
    from socialsafe.moderation import classifier

    # Batches of 512 in use; batches of 4 run the same code over several batches with 18 texts, not 600.
    monkeypatch.setattr(classifier, "BATCH_SIZE", 4)
    batched = classify(SHORT * 3)  # more than one internal batch, one of them part-filled
    single = [classify([t])[0] for t in SHORT]
    assert batched[: len(SHORT)] == single
    assert batched[-len(SHORT) :] == single


def test_it_accepts_an_empty_sequence_and_tuples():
    assert classify([]) == []
    assert classify(tuple(SHORT[:2])) == classify(SHORT[:2])


def test_it_refuses_a_bare_string():
    with pytest.raises(TypeError):
        classify("you idiot")


@pytest.mark.parametrize("value", ["", "   ", "\n\t\n", None, 42, 3.5, ["a list"], {"a": 1}, "!!! ??? ...", "😀😀"])
def test_it_scores_empty_and_non_text_input_as_zero(value):
    (scores,) = classify([value])
    assert scores == dict.fromkeys(LABELS, 0.0)


def test_it_decodes_bytes():
    assert classify([b"you are a stupid ugly loser"]) == classify(["you are a stupid ugly loser"])


@pytest.mark.parametrize("text", ["Привет, как дела?", "你好，今天天气很好", "مرحبا كيف حالك", "γεια σου φίλε"])
def test_it_does_not_assess_text_without_latin_letters(text):
    (scores,) = classify([text])
    assert scores == dict.fromkeys(LABELS, 0.0)


@pytest.mark.parametrize(
    "text", ["Bonjour, nous allons au musée demain", "Tá an aimsir go hálainn inniu", "Hola, ¿qué tal la excursión?"]
)
def test_it_scores_latin_script_non_english_low(text):
    (scores,) = classify([text])
    assert max(scores.values()) < 0.5


def top(text: str) -> float:
    """The highest of the six scores."""
    return max(classify([text])[0].values())
