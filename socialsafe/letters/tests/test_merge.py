"""Merge fields: only known {{ fields }}, no tags or filters, and a field without a value is an error."""

import pytest

from socialsafe.letters import merge
from socialsafe.letters.defaults import DEFAULTS
from socialsafe.letters.services import letter_values
from socialsafe.lib.tests.clock import in_letter

pytestmark = pytest.mark.django_db


def test_it_fills_known_fields_and_leaves_text_alone():
    text = merge.render("Dear {{ parent_names }} & <family>,", {"parent_names": "Mr & Mrs Poster"})
    assert text == "Dear Mr & Mrs Poster & <family>,"


def test_a_missing_value_is_reported_never_left_blank():
    with pytest.raises(merge.MergeError) as exc:
        merge.render("My colleague {{ note_taker_name }} will take notes.", {"note_taker_name": "  "})
    assert exc.value.problems == [
        "No value for the merge field {{ note_taker_name }} (Note-taker's name): Choose the colleague who will take "
        "notes."
    ]


def test_an_unknown_field_is_reported():
    with pytest.raises(merge.MergeError, match=r"Unknown merge field \{\{ parent_name \}\}"):
        merge.check("Dear {{ parent_name }},")


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "{% if today %}x{% endif %}",
            "Only merge fields such as {{ school_name }} may be used: remove {% if today %}",
        ),
        ("{% include 'base.html' %}", "remove {% include 'base.html' %}"),
        ("{% load static %}", "'static' is not a registered tag library"),
        ("{{ today|upper }}", "Merge fields take no filters: write {{ today }}."),
        ("{{ school_name.secret }}", "{{ school_name.secret }} is not a merge field."),
        ("{{ 'literal' }}", "is not a merge field"),
        ("{{ }}", "The text could not be read"),
        ("{% debug %}", "remove {% debug %}"),
    ],
)
def test_anything_but_a_plain_field_is_refused(source, message):
    with pytest.raises(merge.MergeError) as exc:
        merge.check(source)
    assert message in exc.value.problems[0]


def test_every_problem_is_listed_at_once():
    with pytest.raises(merge.MergeError) as exc:
        merge.check("{{ foo }} and {{ bar }}")
    assert len(exc.value.problems) == 2


def test_the_default_letters_use_only_known_fields():
    for default in DEFAULTS:
        merge.check(default.subject)
        assert merge.render(default.body, merge.SAMPLE)


def test_the_model_letter_is_the_policys_own_wording():
    body = DEFAULTS[0].body
    assert "It has been drawn to my attention that you have recently made comments online on {{ platform }}" in body
    assert "I must emphasise, however, that the conversation must remain confidential." in body
    assert "[" not in body


def test_values_come_from_the_case_and_the_school(parent_case, note_taker):
    values = letter_values(incident=parent_case, names="Mrs Poster", note_taker=note_taker)
    assert values["platform"] == "WhatsApp"
    assert values["comments_date"] == in_letter(parent_case.occurred_at)
    assert values["nature"] == "threatening and abusive"
    assert (values["note_taker_name"], values["note_taker_role"]) == ("Mr David Irvine", "Vice-Principal")
    assert (values["principal_name"], values["principal_role"]) == ("Mrs Ruth Patterson", "Principal")
    assert values["school_address"] == "1 School Lane, Glenmore, BT00 0AA"
    assert values["reference"] == parent_case.reference
    assert values["licence_end"] == ""  # no register entry chosen: a letter using it is refused


def test_the_chair_signs_the_letters_of_a_case_about_the_principal(school, principal, chair, teacher):
    from socialsafe.incidents.models import ResponsibleKind, TargetKind
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields

    case = incident_report(
        school=school,
        by=teacher.user,
        fields=report_fields(target_kind=TargetKind.PRINCIPAL, responsible_kind=ResponsibleKind.UNKNOWN),
    )
    values = letter_values(incident=case)
    assert values["principal_name"] == chair.member.display_name
    assert values["principal_role"] == "Chair of Governors"


def test_a_site_the_list_does_not_name_takes_its_own_name(school, teacher, principal):
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields

    case = incident_report(
        school=school,
        by=teacher.user,
        fields=report_fields(platform="other", url="https://www.reddit.com/r/glenmore/comments/1"),
    )
    assert letter_values(incident=case)["platform"] == "reddit.com"


def test_letters_are_private_and_confidential_and_dated_in_full(principal, parent_case):
    from socialsafe.letters.tests.helpers import docx_text, issue_invitation, pdf_text

    letter = issue_invitation(parent_case, by=principal.user, note_taker=principal.member)
    pdf, docx = pdf_text(letter.pdf.read()), docx_text(letter.docx.read())
    for text in (pdf, docx):
        assert "Private and confidential" in text
    assert in_letter(parent_case.reported_at) in pdf  # 1 December 2026, not 1 Dec 2026
