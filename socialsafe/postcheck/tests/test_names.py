"""names.NameIndex: every way a post names one of the school's people, and the words it must not take for one."""

import pytest

from socialsafe.postcheck.names import (
    FIRST_AND_CLASS,
    FIRST_NAME,
    FULL_NAME,
    INITIALS,
    NICKNAME,
    SIMILAR,
    TITLE_INITIAL,
    TITLE_SURNAME,
    WARN_AT,
    NameIndex,
    Person,
    edit_distance,
    fold,
    people_named,
)

SEAN = Person("pupil", 1, "Seán", "Murphy", class_name="P5")
NIAMH = Person("pupil", 2, "Níamh", "O'Neill", class_name="P5 Blue")
ROISIN = Person("pupil", 3, "Róisín", "McKenna", class_name="P3")
AOIFE = Person("pupil", 4, "Aoife", "Doherty", class_name="P6")
SIOBHAN = Person("pupil", 5, "Siobhán", "Kelly", class_name="P7")
CAOIMHE = Person("pupil", 6, "Caoimhe", "Gallagher", class_name="P4")
KATHERINE = Person("pupil", 7, "Katherine", "Reid", class_name="P6")
WILLIAM = Person("pupil", 8, "William", "Crawford", class_name="P4")
PATRICK = Person("pupil", 9, "Patrick", "Devlin", class_name="P7")
ELIZABETH = Person("pupil", 10, "Elizabeth", "Hamilton", class_name="P3")
JACK = Person("pupil", 11, "Jack", "Wilson", class_name="P5")
JACK_P2 = Person("pupil", 12, "Jack", "Boyd", class_name="P2")
GRACE = Person("pupil", 13, "Grace", "Montgomery", class_name="P1")
HOPE = Person("pupil", 14, "Hope", "Ferguson", class_name="P2")
MAY = Person("pupil", 15, "May", "Lennon", class_name="P1")
JOHN = Person("pupil", 16, "John", "Millar", class_name="P6")
SHANNON = Person("pupil", 17, "Shannon", "Hegarty", class_name="P6")
QUINN = Person("staff", 1, "Deirdre", "Quinn", title="Mrs")
MAGUIRE = Person("staff", 2, "Kevin", "Maguire", title="Mr")
FITZPATRICK = Person("staff", 3, "Joanne", "Fitzpatrick", title="Ms")
MARY = Person("parent", 1, "Mary", "Murphy", title="Mrs")
BILL_PARENT = Person("parent", 2, "Bill", "Young", title="Mr")
EVERYONE = [v for v in dict(globals()).values() if isinstance(v, Person)]


@pytest.fixture(scope="module")
def index():
    return NameIndex.from_people(EVERYONE)


def only(index, text):
    """The one warned-about match in `text`."""
    warned = [m for m in index.find(text) if m.confidence >= WARN_AT]
    assert len(warned) == 1, warned
    return warned[0]


def warned(index, text):
    return people_named(index.find(text))


def test_fold_drops_case_fadas_apostrophes_and_hyphens():
    assert fold("Seán") == fold("sean") == "sean"
    assert fold("Róisín") == "roisin" and fold("Níamh") == "niamh"
    assert fold("O'Neill") == fold("ONeill") == fold("O’Neill") == "oneill"
    assert fold("Smith-Jones") == "smithjones"


def test_edit_distance_counts_a_swap_as_one_and_gives_up_past_its_limit():
    assert edit_distance("murphy", "murphy", 1) == 0
    assert edit_distance("murphey", "murphy", 1) == 1
    assert edit_distance("mruphy", "murphy", 1) == 1  # adjacent letters swapped
    assert edit_distance("gallagher", "kelly", 2) == 3  # over the limit: stops early


def test_a_full_name_matches_with_or_without_its_fadas_and_in_any_case(index):
    for text in ("Well done Seán Murphy!", "Well done Sean Murphy!", "well done SEÁN MURPHY", "seán murphy won"):
        match = only(index, text)
        assert (match.person, match.how) == (SEAN, FULL_NAME)
        assert match.confidence >= 0.95
    match = only(index, "Party for Niamh O'Neill tonight")
    assert match.text == "Niamh O'Neill" and match.person == NIAMH  # Níamh on the roster
    assert only(index, "Roisin McKenna read a poem").person == ROISIN


def test_the_match_gives_the_words_and_where_they_are(index):
    text = "So proud of Seán Murphy today"
    match = only(index, text)
    assert text[match.start : match.end] == match.text == "Seán Murphy"


def test_a_possessive_is_still_the_person_and_is_left_out_of_the_match(index):
    match = only(index, "Seán Murphy's mum baked for the sale")
    assert match.person == SEAN and match.text == "Seán Murphy"
    assert only(index, "Mrs Quinn's retirement do").text == "Mrs Quinn"
    assert only(index, "Niamh O'Neill's party").person == NIAMH


@pytest.mark.parametrize(
    ("written", "person"),
    [
        ("Shaun Murphy", SEAN),
        ("Shawn Murphy", SEAN),
        ("Eefa Doherty", AOIFE),
        ("Shivaun Kelly", SIOBHAN),
        ("Keeva Gallagher", CAOIMHE),
        ("Katie Reid", KATHERINE),
        ("Kate Reid", KATHERINE),
        ("Billy Crawford", WILLIAM),
        ("Will Crawford", WILLIAM),
        ("Paddy Devlin", PATRICK),
        ("Pat Devlin", PATRICK),
        ("Liz Hamilton", ELIZABETH),
        ("Beth Hamilton", ELIZABETH),
    ],
)
def test_irish_and_english_variants_and_nicknames_match_with_the_surname(index, written, person):
    match = only(index, f"Great to see {written} at the match")
    assert (match.person, match.how, match.text) == (person, NICKNAME, written)


@pytest.mark.parametrize(
    ("written", "person"),
    [("Seán Murphey", SEAN), ("Roisin McKena", ROISIN), ("Caomhe Gallagher", CAOIMHE), ("Shivawn Kelly", SIOBHAN)],
)
def test_a_misspelt_first_name_or_surname_is_a_similar_spelling(index, written, person):
    match = only(index, f"{written} was brilliant today")
    assert (match.person, match.how) == (person, SIMILAR)
    assert WARN_AT <= match.confidence < 0.9


def test_a_staff_title_and_surname_match_and_so_does_a_misspelt_one(index):
    assert (only(index, "Night out with Mrs Quinn").person, only(index, "Night out with Mrs Quinn").how) == (
        QUINN,
        TITLE_SURNAME,
    )
    assert only(index, "Mr. Maguire ran the quiz").person == MAGUIRE
    assert only(index, "mrs quinn is retiring").person == QUINN
    assert only(index, "Mrs Quin is retiring").how == SIMILAR
    assert only(index, "Mrs Murphy from the PTA").person == MARY  # a parent's title counts too


def test_a_title_that_does_not_fit_the_roster_is_not_that_person(index):
    assert warned(index, "Mr Quinn the plumber") == set()  # the roster's Quinn is Mrs
    assert warned(index, "Mrs Doyle from Father Ted") == set()  # nobody titled Doyle


def test_a_couple_named_by_two_titles_and_one_surname(index):
    for text in ("Mr and Mrs Young hosted a barbecue", "Mr & Mrs Young hosted a barbecue"):
        match = only(index, text)
        assert (match.person, match.how) == (BILL_PARENT, TITLE_SURNAME)
        assert match.text.startswith("Mr ") and match.text.endswith("Young")
    assert warned(index, "Mr and Mrs Doyle from down the road") == set()


def test_title_and_initial(index):
    match = only(index, "Mrs Q gave the best speech")
    assert (match.person, match.how, match.text) == (QUINN, TITLE_INITIAL, "Mrs Q")
    match = only(index, "Ms F. ran the marathon")
    assert (match.person, match.text) == (FITZPATRICK, "Ms F.")


def test_initials_match_and_a_class_nearby_makes_them_surer(index):
    bare = only(index, "Well done SM on the spelling test")
    assert (bare.person, bare.how) == (SEAN, INITIALS)
    dotted = only(index, "Well done S.M. on the spelling test")
    assert dotted.person == SEAN and dotted.confidence > bare.confidence
    in_class = only(index, "Well done S.M. in P5 on the spelling test")
    assert in_class.confidence > dotted.confidence


def test_two_capitals_that_are_a_word_are_not_initials(index):
    assert warned(index, "PE in the new hall, OK?") == set()


def test_initials_shared_by_two_pupils_warn_about_each_less_surely(index):
    matches = [m for m in index.find("J.B. and friends") if m.how == INITIALS]
    assert {m.person for m in matches} == {JACK_P2}
    shared = [m for m in index.find("Well done J.M.!") if m.how == INITIALS]  # John Millar only
    assert {m.person for m in shared} == {JOHN}


def test_a_first_name_and_a_class(index):
    for text in ("Jack in P5 made me laugh", "Jack (P5) made me laugh", "P5's Jack made me laugh"):
        match = only(index, text)
        assert (match.person, match.how) == (JACK, FIRST_AND_CLASS)
    assert only(index, "Jack from P2 lost a tooth").person == JACK_P2
    assert only(index, "Niamh in P5 Blue played the harp").person == NIAMH


def test_a_first_name_and_the_surname_initial(index):
    match = only(index, "Siobhán K. was brilliant")
    assert (match.person, match.how, match.text) == (SIOBHAN, INITIALS, "Siobhán K.")
    assert warned(index, "Michael D Higgins spoke well") == set()  # a middle initial, then another surname


def test_a_first_name_alone_is_a_weak_match_shown_as_such(index):
    matches = index.find("Had a lovely day with Caoimhe")
    assert [(m.person, m.how) for m in matches] == [(CAOIMHE, FIRST_NAME)]
    assert matches[0].confidence < WARN_AT
    two = index.find("Jack came round for tea")
    assert {m.person for m in two} == {JACK, JACK_P2}
    assert all(m.confidence < matches[0].confidence for m in two)  # two Jacks: less sure of each


def test_a_first_name_alone_with_school_words_around_it_warns(index):
    match = only(index, "So proud of Caoimhe in my class today")
    assert (match.person, match.how) == (CAOIMHE, FIRST_NAME)


@pytest.mark.parametrize(
    "text",
    [
        "Will you be at the match?",
        "Grace before meals",
        "Hope everyone has a lovely weekend",
        "May the sun shine on Saturday",
        "Bill for dinner was £180",
        "Cruising on the Shannon this summer",
        "Will and Kate visited Hillsborough",
        "by the grace of God we made the ferry",
    ],
)
def test_a_first_name_that_is_also_a_word_or_a_place_never_matches_alone(index, text):
    assert [
        m for m in index.find(text) if m.text.casefold() in {"will", "grace", "hope", "may", "bill", "shannon"}
    ] == []
    assert warned(index, text) == set()


def test_a_common_word_name_matches_with_its_surname_its_class_or_a_title(index):
    assert only(index, "Grace Montgomery in the nativity").person == GRACE
    assert only(index, "Hope Ferguson raised £200").person == HOPE
    assert only(index, "May in P1 brought her puppy").person == MAY
    assert only(index, "Mr Bill Young refereed").person == BILL_PARENT


@pytest.mark.parametrize(
    "text",
    [
        "Seán Kelly won the Tour of Flanders",  # a first name of ours, another surname (also one of ours)
        "Jack Charlton's statue",
        "Grace Kelly is my style icon",
        "Paddy McGuinness hosting again",
        "My nephew Seán Quigley starts university",
    ],
)
def test_someone_else_with_the_same_first_name_is_not_matched(index, text):
    assert warned(index, text) == set()
    assert [m for m in index.find(text) if m.how == FIRST_NAME] == []


def test_place_names_and_celebrities_with_no_roster_name_match_nothing(index):
    for text in ("Ballynure craft fair", "Rory McIlroy at Portrush", "Holiday in Kerry", "Mrs Brown's Boys live"):
        assert index.find(text) == []


def test_several_people_in_one_post_are_each_found_surest_first(index):
    matches = index.find("Mrs Q, Seán Murphy and Jack in P5 at the fair")
    assert [m.person for m in matches if m.confidence >= WARN_AT] == [SEAN, JACK, QUINN]
    assert [m.confidence for m in matches] == sorted((m.confidence for m in matches), reverse=True)


def test_two_first_names_sharing_one_surname(index):
    people = warned(index, "Jack and John Millar at the beach")
    assert JOHN in people


def test_display_says_who_and_which_kind():
    assert SEAN.display() == "Seán Murphy (pupil, P5)"
    assert QUINN.display() == "Mrs Quinn (staff)"
    assert MARY.display() == "Mary Murphy (parent)"
    assert Person("staff", 9, "Ann", "Lee").display() == "Ann Lee (staff)"


def test_an_empty_roster_or_post_finds_nobody():
    assert NameIndex.from_people([]).find("Seán Murphy and Mrs Q") == []
    assert NameIndex.from_people(EVERYONE).find("") == []
