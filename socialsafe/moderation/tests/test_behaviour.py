"""How the classifier treats the ways people really write about a school online.

The phrasings here are deliberately not those in training/seeds/, so they test generalisation, not recall.
"""

import pytest

from socialsafe.moderation import classify


def scores(text: str) -> dict[str, float]:
    """The six scores for one text."""
    return classify([text])[0]


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to kill you",
        "I'm going to stab you on the way home",
        "im gonna hurt u so bad",
        "you'd better watch your back",
        "you better watch ur back tomorrow",
        "I know where you live",
        "i know where u live and where your little brother plays",
        "I will find you and I will kill you",
        "you're dead tomorrow",
        "we'll get you after the disco",
    ],
)
def test_it_scores_direct_threats_high(text):
    assert scores(text)["threat"] >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to the library after lunch",
        "I will find you a copy of the letter",
        "Well done to everyone in the choir",
        "our team is going to win the league",
        "I would murder a bacon roll right now",
        "we're going to hammer them in the final on Saturday",
        "I'm going to punch a wall if this wifi drops again",
    ],
)
def test_it_does_not_see_threats_in_ordinary_plans(text):
    assert scores(text)["threat"] < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "we're going to batter him in the match",
        "I'll punch the wall then punch you",
        "I'm going to shoot over and batter you",
        "we'll smash them in the car park after the game",
    ],
)
def test_a_threat_beside_a_hyperbole_is_still_a_threat(text):
    assert scores(text)["threat"] >= 0.5


def test_it_scores_a_negated_threat_below_the_threat():
    assert scores("I would never hurt him")["threat"] < scores("I will hurt him")["threat"]


def test_it_does_not_flag_profanity_in_praise():
    s = scores("that concert was f***ing brilliant, well done P4")
    assert s["insult"] < 0.5
    assert s["threat"] < 0.5
    assert s["hate"] < 0.5


@pytest.mark.parametrize(
    "plain, disguised",
    [
        ("fuck you", "f*ck you"),
        ("fuck you", "f**k you"),
        ("you bitch", "you b1tch"),
        ("you bitch", "you b!tch"),
        ("you are a bitch", "y o u  a r e  a  b i t c h"),
        ("fuck off", "fuuuuuck offffff"),
        ("you are a cunt", "you are a c*nt"),
        ("shut up you idiot", "SHUT UP YOU IDIOT!!!"),
        ("you are a slut", "you are a s.l.u.t"),
    ],
)
def test_it_sees_through_obfuscation(plain, disguised):
    assert max(scores(disguised).values()) >= 0.5
    assert abs(max(scores(disguised).values()) - max(scores(plain).values())) < 0.25


@pytest.mark.parametrize(
    "abuse, counter",
    [
        ("she is a slut", "calling her a slut is disgusting"),
        ("you are a retard", "he called my son a retard and that is not acceptable"),
        ("gay people are disgusting", "saying gay people are disgusting is homophobic, stop it"),
        ("you fat cow", "nobody should be called a fat cow, it's bullying"),
    ],
)
def test_it_scores_counter_speech_below_the_abuse_itself(abuse, counter):
    assert max(scores(counter).values()) < max(scores(abuse).values())


def test_it_flags_sexual_pressure():
    assert scores("send me nudes now or else")["sexual"] >= 0.5


def test_it_flags_sexism_and_hate():
    assert scores("women are stupid and belong in the kitchen")["sexist"] >= 0.5
    assert scores("muslims are vermin and should be deported")["hate"] >= 0.5


def test_it_leaves_ordinary_school_messages_alone():
    for text in [
        "Reminder: school photos are on Thursday, please wear full uniform",
        "Thank you to all the parents who baked for the cake sale",
        "P6 had a fantastic time at the Giant's Causeway",
    ]:
        assert max(scores(text).values()) < 0.5, text


def test_it_takes_the_worst_chunk_of_a_long_whatsapp_export():
    lines = [
        f"12/03/2025, 19:{i % 60:02d} - Parent {i}: Does anyone know what time the bus is back?" for i in range(300)
    ]
    threat = "12/03/2025, 21:14 - Kid: I know where you live and I'm going to get you"
    export = "\n".join([*lines[:150], threat, *lines[150:]])
    chat = scores(export)
    assert len(export) > 20000
    assert chat["threat"] == pytest.approx(scores("I know where you live and I'm going to get you")["threat"], abs=1e-6)
    assert scores("\n".join(lines))["threat"] < 0.5
