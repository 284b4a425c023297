"""The drafts a new-user review posted to /check-post/api/ as a teacher of Glenmore and got no warning from.

Each case posts the reviewer's draft to the JSON endpoint against a small roster that reproduces the demo school's
(a parent Claire Quinn, a member of staff Mrs Laura Quinn, pupils Caitlin McCann and Ciarán Mullan, a parent
Kerry-Anne Doherty) and checks the warning it now gives, with its policy clause and evidence.
"""

import pytest
from django.urls import reverse

from socialsafe.incidents import rules
from socialsafe.postcheck.services import check_draft

pytestmark = pytest.mark.django_db
API = reverse("postcheck:api")


@pytest.fixture
def review_roster(school, teacher, office):
    """Glenmore's names that the reviewer's drafts were about; the teacher (Mrs Gráinne Hughes) teaches P4."""
    from socialsafe.schools.models import SchoolClass
    from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

    teacher.member.title, teacher.member.first_name, teacher.member.last_name = "Mrs", "Gráinne", "Hughes"
    teacher.member.save()
    p4 = SchoolClass.objects.get(school=school, name="P4")
    p6, _ = SchoolClass.objects.get_or_create(school=school, name="P6 Oak", defaults={"year_group": 6})
    caitlin = PupilFactory(school=school, school_class=p4, first_name="Caitlin", last_name="McCann")
    ciaran = PupilFactory(school=school, school_class=p6, first_name="Ciarán", last_name="Mullan")
    sophie = PupilFactory(school=school, school_class=p4, first_name="Sophie", last_name="Walsh")
    claire = GuardianFactory(school=school, title="Mrs", first_name="Claire", last_name="Quinn", children=[caitlin])
    kerry = GuardianFactory(school=school, title="Ms", first_name="Kerry-Anne", last_name="Doherty", children=[sophie])
    laura = office.member  # a member of staff in the office
    laura.title, laura.first_name, laura.last_name = "Mrs", "Laura", "Quinn"
    laura.save()
    return {"caitlin": caitlin, "ciaran": ciaran, "sophie": sophie, "claire": claire, "kerry": kerry, "laura": laura}


def posted(client, teacher, text: str) -> dict[str, dict]:
    """The warnings the JSON endpoint gives a teacher for this draft, by id."""
    client.force_login(teacher.user)
    response = client.post(API, {"text": text})
    assert response.status_code == 200
    return {w["id"]: w for w in response.json()["warnings"]}


def assert_quotes(warning: dict) -> None:
    assert warning["clause"] == rules.post_check(warning["id"]).clause
    assert warning["evidence"] and all(e[:1].isupper() or e[:1] == "“" for e in warning["evidence"])


def test_1_a_title_and_initial_warns_naming_every_adult_it_fits(client, teacher, review_roster):
    found = posted(client, teacher, "Mrs Q is driving me mad this week")
    assert {"names_a_colleague", "names_a_parent"} <= found.keys()
    evidence = "“Mrs Q” — could be Mrs Laura Quinn (staff) or Claire Quinn (parent)"
    assert found["names_a_colleague"]["evidence"] == [evidence]
    assert found["names_a_parent"]["evidence"] == [evidence]
    assert_quotes(found["names_a_colleague"])
    assert "names_a_colleague" not in posted(client, teacher, "Mrs Z is driving me mad this week")


def test_2_negative_words_near_the_school_warn(client, teacher, review_roster):
    found = posted(client, teacher, "Honestly this school is a shambles, the management haven't a clue")
    warning = found["negative_about_the_school"]
    assert_quotes(warning)
    assert "“shambles” about “this school”" in warning["evidence"]
    assert "“management haven't a clue”" in warning["evidence"]
    # the same words about something else are not about the school
    assert "negative_about_the_school" not in posted(client, teacher, "My kitchen is a shambles after the party")


def test_3_at_a_parents_first_name_and_your_son_warn(client, teacher, review_roster):
    found = posted(client, teacher, "@Kerry-Anne your son was a nightmare today")
    assert {"addresses_a_parent", "names_a_parent"} <= found.keys()
    assert "“@Kerry-Anne” tags a parent or carer" in found["addresses_a_parent"]["evidence"]
    assert "“your son” speaks to a parent about their child" in found["addresses_a_parent"]["evidence"]
    assert found["names_a_parent"]["evidence"] == [
        "“Kerry-Anne” — matches Kerry-Anne Doherty (parent) by first name after “@”"
    ]
    assert_quotes(found["addresses_a_parent"])
    assert "addresses_a_parent" in posted(client, teacher, "Is your wee one coming to the party?")


@pytest.mark.parametrize("draft", ["What a f***ing week", "What a fuuuucking week", "Oh sh!t, Monday", "f#ck this"])
def test_4_disguised_swearing_warns_from_the_pattern_list(client, teacher, review_roster, draft):
    warning = posted(client, teacher, draft)["offensive_language"]
    assert_quotes(warning)
    assert any(e.endswith("reads as swearing") for e in warning["evidence"])


def test_4_ordinary_words_are_not_swearing(client, teacher, review_roster):
    assert "offensive_language" not in posted(client, teacher, "A shift of fun, a fuchsia dress and a bit of sun")


def test_5_initials_beside_my_class_warn_as_a_count_of_pupils(client, teacher, review_roster):
    found = posted(client, teacher, "CM and SW from my class made me laugh today")
    warning = found["names_a_pupil"]
    assert_quotes(warning)
    assert "“CM” — initials that fit 2 pupils of the school, beside “from my class”" in warning["evidence"]
    assert "“SW” — initials that fit 1 pupil of the school, beside “from my class”" in warning["evidence"]
    assert not any("McCann" in e or "Mullan" in e or "Walsh" in e for e in warning["evidence"])  # a count, no names
    assert "names_a_pupil" not in posted(client, teacher, "ZQ from my class made me laugh today")


def test_6_a_pupils_first_name_beside_a_school_event_warns(client, teacher, review_roster):
    found = posted(client, teacher, "Great to see Caitlin at the Christmas concert tonight")
    assert "“Christmas concert”" in found["shows_a_school_event"]["evidence"]
    assert found["names_a_pupil"]["evidence"] == [
        "“Caitlin” — a pupil's first name (Caitlin McCann (pupil, P4)) beside “Christmas concert”"
    ]
    assert_quotes(found["names_a_pupil"])
    for event in ("nativity", "carol service", "school play", "sports day", "prize day", "parents' evening"):
        assert "shows_a_school_event" in posted(client, teacher, f"So tired after the {event}")


def test_7_a_class_with_trip_warns_as_a_school_event(client, teacher, review_roster):
    warning = posted(client, teacher, "Brilliant trip to the zoo today with P4!")["shows_a_school_event"]
    assert_quotes(warning)
    assert "“P4” with “trip”: it reads as a class outing" in warning["evidence"]
    assert "shows_a_school_event" in posted(client, teacher, "Lovely outing with P6 Oak")
    assert "shows_a_school_event" not in posted(client, teacher, "Brilliant trip to the zoo today with my sister!")


def test_8_the_school_announcing_reads_as_its_opinion(client, teacher, review_roster, school):
    found = posted(client, teacher, f"{school.name} is delighted to announce our new uniform")
    warning = found["reads_as_the_schools_opinion"]
    assert_quotes(warning)
    assert f"“{school.name} is delighted to”" in warning["evidence"]
    assert "“our new uniform”" in warning["evidence"]
    assert "reads_as_the_schools_opinion" in posted(client, teacher, "We are delighted to announce a new club")


def test_evidence_starts_with_a_capital(school, review_roster):
    from socialsafe.postcheck.tests.conftest import make_photo

    result = check_draft(school=school, text="Glenmore sports day", photo=make_photo(gps=True))
    for warning in result.warnings:
        assert all(e[:1].isupper() or e[:1] == "“" for e in warning.evidence), warning.evidence


def test_the_api_refuses_a_draft_over_the_limit_and_writes_nothing(client, teacher, review_roster):
    from socialsafe.audit.models import AuditEvent

    client.force_login(teacher.user)
    before = AuditEvent.objects.count()
    response = client.post(API, {"text": "x" * 6000})
    assert response.status_code == 400 and "text" in response.json()["errors"]
    assert AuditEvent.objects.count() == before


def test_6_a_first_name_many_pupils_share_is_warned_once_as_a_count(client, teacher, review_roster, school):
    from socialsafe.schools.tests.factories import PupilFactory

    for last in ("Burns", "Reid"):
        PupilFactory(
            school=school, school_class=review_roster["caitlin"].school_class, first_name="Caitlin", last_name=last
        )
    warning = posted(client, teacher, "Great to see Caitlin at the nativity")["names_a_pupil"]
    assert warning["evidence"] == ["“Caitlin” — a pupil's first name (3 pupils have it) beside “nativity”"]
