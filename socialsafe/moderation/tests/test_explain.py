import pytest

from socialsafe.moderation import explain
from socialsafe.moderation.classifier import is_stop_word


def test_it_names_the_words_behind_the_score():
    words = explain("you are a f*cking idiot")
    assert words
    assert all(isinstance(w, str) and isinstance(c, float) for w, c in words)
    names = [w for w, _ in words[:4]]
    assert any("idiot" in w or "f*cking" in w for w in names)


def test_it_orders_by_importance():
    contributions = [abs(c) for _, c in explain("I'm going to stab you, you little rat")]
    assert contributions == sorted(contributions, reverse=True)


def test_it_explains_a_threat_by_its_threatening_words():
    words = " ".join(w for w, c in explain("I know where you live", label="threat") if c > 0)
    assert "live" in words or "know where" in words


def test_it_returns_nothing_for_empty_or_non_text():
    assert explain("") == []
    assert explain("   ") == []
    assert explain(None) == []  # type: ignore[arg-type]


def test_it_shows_the_original_spelling():
    names = [w for w, _ in explain("shut up you b1tch")]
    assert "b1tch" in names


def test_it_shows_a_threatening_phrase_as_a_phrase():
    names = [w for w, _ in explain("you better watch your back Miss", label="threat")[:2]]
    assert any("watch your back" in w or "you better watch" in w for w in names)
    assert "your" not in names and "back" not in names


def test_a_telling_word_keeps_its_own_line_inside_a_phrase():
    names = [w for w, _ in explain("you are a f*cking idiot")]
    assert names[0] == "idiot"


@pytest.mark.parametrize(
    "text",
    [
        "you are a stupid idiot and I hate you",
        "I'm going to stab you on the way home",
        "she is such a slag, everyone knows it",
        "they should all be sent back where they came from",
        "@someone u r a b i t c h",
        "I'm proud to be gay",
        "don't you dare, I'll get you",
    ],
)
def test_it_never_offers_a_stop_word_or_pronoun_as_the_reason(text):
    for label in (None, "threat", "insult", "hate"):
        for name, _ in explain(text, label=label):
            assert not is_stop_word(name), (text, label, name)


def test_it_gives_a_threat_made_through_someone_else_as_one_phrase():
    names = [w for w, c in explain("my brother is going to batter you after school", label="threat") if c > 0]
    assert any(len(w.split()) >= 3 and "batter" in w for w in names[:3]), names


def test_it_shows_counter_speech_as_the_phrase_that_lowered_the_score():
    words = dict(explain("calling her a 'slag' is disgusting", label="insult"))
    assert any(c < 0 and "disgusting" in w for w, c in words.items()), words


def test_a_staff_threat_is_explained_by_its_phrase():
    names = [w for w, c in explain("that teacher is a disgrace, someone should sort her out", label="threat") if c > 0]
    assert any("someone should sort" in w for w in names[:3]), names
