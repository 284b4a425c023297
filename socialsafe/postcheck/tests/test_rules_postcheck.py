"""One test per warning in rules.POST_CHECKS, named after it: it warns when its clause says, and not otherwise."""

import pytest

from socialsafe.incidents import rules
from socialsafe.incidents.tests.test_rules import POLICY, _norm
from socialsafe.postcheck import photo
from socialsafe.postcheck.services import check_draft, photo_warnings
from socialsafe.postcheck.tests.conftest import last_school_day_at

pytestmark = pytest.mark.django_db


def ids(school, text: str, photo_bytes: bytes | None = None) -> set[str]:
    return {w.id for w in check_draft(school=school, text=text, photo=photo_bytes).warnings}


def findings(**kw) -> photo.PhotoFindings:
    base = dict(faces=0, face_boxes=(), width=10, height=10, taken_at=None, location=None, device="")
    return photo.PhotoFindings(**{**base, "colour_share": None, "limits": (), **kw})


def test_every_post_check_quotes_the_policy_word_for_word():
    if not POLICY.exists():
        pytest.skip("the policy text lives in ../shared/policy beside the repository")
    policy = _norm(POLICY.read_text(encoding="utf-8"))
    for check in rules.POST_CHECKS:
        for part in check.clause.split(": "):
            assert _norm(part).rstrip(";.") in policy, f"{check.id} does not quote the policy: {part!r}"


def test_every_post_check_has_a_test_named_after_it():
    tested = {name.removeprefix("test_post_check_") for name in globals() if name.startswith("test_post_check_")}
    assert {c.id for c in rules.POST_CHECKS} <= tested
    assert len({c.id for c in rules.POST_CHECKS}) == len(rules.POST_CHECKS)
    assert all(c.title and c.advice for c in rules.POST_CHECKS)


def test_post_check_names_a_pupil(school, roster):
    assert "names_a_pupil" in ids(school, "Seán Murphy scored the winning goal today!")
    assert "names_a_pupil" not in ids(school, "Scored the winning goal at five-a-side today!")


def test_post_check_names_a_parent(school, roster):
    assert "names_a_parent" in ids(school, "Bumped into Siobhán Murphy at the shops.")
    assert "names_a_parent" not in ids(school, "Bumped into an old friend at the shops.")


def test_post_check_names_a_colleague(school, roster):
    assert "names_a_colleague" in ids(school, "Lovely dinner out with Mrs Quinn tonight.")
    assert "names_a_colleague" not in ids(school, "Lovely dinner out with my sister tonight.")


def test_post_check_shows_people():
    assert ("shows_people", "The photo shows 2 faces: check no pupil is in it") in photo_warnings(findings(faces=2))
    assert not [w for w in photo_warnings(findings(faces=0)) if w[0] == "shows_people"]


def test_post_check_shows_a_school_event(school):
    assert "shows_a_school_event" in ids(school, "Sports day was a scorcher!")
    assert "shows_a_school_event" in ids(school, "So proud of everyone at Glenmore today")
    assert [w for w in photo_warnings(findings(taken_at=last_school_day_at(10))) if w[0] == "shows_a_school_event"]
    assert not photo_warnings(findings(taken_at=last_school_day_at(20)))
    assert "shows_a_school_event" not in ids(school, "A sunny day on the north coast.")


def test_post_check_negative_about_the_school(school):
    assert "negative_about_the_school" in ids(school, "Honestly this place is a joke, sick of this school.")
    assert "negative_about_the_school" not in ids(school, "Looking forward to the holidays.")


def test_post_check_reads_as_the_schools_opinion(school):
    assert "reads_as_the_schools_opinion" in ids(school, "We at Glenmore think the new road plan is wrong.")
    assert "reads_as_the_schools_opinion" in ids(school, "Our school's view is that the plan is wrong.")
    assert "reads_as_the_schools_opinion" not in ids(school, "I think the new road plan is wrong.")


def test_post_check_addresses_a_parent(school, roster):
    assert "addresses_a_parent" in ids(school, "Reminder to all the P5 parents: bring wellies!")
    assert "addresses_a_parent" in ids(school, "Thanks @Siobhán Murphy for the lift")
    assert "addresses_a_parent" not in ids(school, "My parents are visiting this weekend.")


def test_post_check_addresses_a_pupil(school, roster):
    assert "addresses_a_pupil" in ids(school, "Hello boys and girls, hope you had a lovely weekend")
    assert "addresses_a_pupil" in ids(school, "Well played @Seán Murphy!")  # tagging a matched pupil
    assert "addresses_a_pupil" not in ids(school, "Had a lovely weekend in Portrush.")


def test_post_check_offensive_language(school):
    result = check_draft(school=school, text="You are all a bunch of stupid idiots, piss off", photo=None)
    assert "offensive_language" in {w.id for w in result.warnings}
    assert set(result.scores) == {"offensive", "insult", "threat", "sexual", "sexist", "hate"}
    assert "offensive_language" not in ids(school, "What a beautiful sunset over the lough tonight.")


def test_post_check_photo_records_its_place():
    found = dict(photo_warnings(findings(location=(54.59, -5.93))))
    assert found["photo_records_its_place"] == "The photo records where it was taken (54.5900, -5.9300)"
    assert "photo_records_its_place" not in dict(photo_warnings(findings()))


# The word lists the new-user review added (issue 18, part "pcfix"): each is tested by its name in rules.py.
def test_school_outing_words(school, roster):
    for word in rules.SCHOOL_OUTING_WORDS:
        assert "shows_a_school_event" in ids(school, f"Our {word} to the museum with P5 was lovely"), word
    assert "shows_a_school_event" not in ids(school, "A trip to the museum with my mum")


def test_class_context_re(school, roster):
    assert "names_a_pupil" in ids(school, "SM in my class was brilliant")  # Seán Murphy's initials
    assert "names_a_pupil" in ids(school, "SM from P5 was brilliant")
    assert "names_a_pupil" not in ids(school, "SM was brilliant")  # two capitals alone are too weak


def test_negative_near_school(school):
    for phrase in rules.NEGATIVE_NEAR_SCHOOL:
        assert "negative_about_the_school" in ids(school, f"The principal is {phrase}"), phrase
        assert "negative_about_the_school" not in ids(school, f"The weather is {phrase}"), phrase


def test_school_people_words(school):
    for word in rules.SCHOOL_PEOPLE_WORDS:
        assert "negative_about_the_school" in ids(school, f"Honestly, {word}: useless"), word


@pytest.mark.parametrize("word", ["f***", "f**king", "fuuuck", "sh*t", "sh1t", "b!tch", "c*nt", "wtf", "FFS"])
def test_offensive_patterns(school, word):
    assert "offensive_language" in ids(school, f"Well {word} to that")


def test_offensive_patterns_leave_ordinary_words(school):
    assert "offensive_language" not in ids(school, "Fish and chips, a shift at the shop, the parish fete, a fact")
