from socialsafe.moderation import explain


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
