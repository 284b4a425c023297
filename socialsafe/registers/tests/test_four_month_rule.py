"""The policy: a parent posting malicious comments is barred from the premises "for a minimum of four months"."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from socialsafe.registers.forms import PremisesBanForm
from socialsafe.registers.models import PremisesBan, four_month_error
from socialsafe.registers.services import premises_ban_create

pytestmark = pytest.mark.django_db

START = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _set_on_1_december_2026(fixed_clock):
    """The dates here are calendar facts about the rule, so the case and the bar are made on 1 Dec 2026."""


def fields(poster, **overrides) -> dict:
    data = {
        "guardian": poster,
        "reason": "Malicious comments",
        "starts_on": START,
        "ends_on": dt.date(2027, 3, 23),
        "review_on": dt.date(2027, 2, 23),
    }
    data.update(overrides)
    return data


def test_it_refuses_a_three_month_bar_in_the_model(principal, parent_case, poster):
    with pytest.raises(ValidationError) as exc:
        premises_ban_create(
            incident=parent_case, by=principal.user, fields=fields(poster, ends_on=dt.date(2027, 2, 23))
        )
    assert "at least four months after the start: on or after 23 Mar 2027" in str(exc.value.message_dict["ends_on"])
    assert not PremisesBan.objects.exists()
    assert not parent_case.timeline.filter(text__contains="revoked").exists()


def test_it_accepts_exactly_four_months(principal, parent_case, poster):
    ban = premises_ban_create(incident=parent_case, by=principal.user, fields=fields(poster))
    assert ban.ends_on == dt.date(2027, 3, 23)


def test_it_refuses_one_day_short_of_four_months(poster):
    assert four_month_error(START, dt.date(2027, 3, 22))
    assert four_month_error(START, dt.date(2027, 3, 23)) is None


def test_four_months_from_the_end_of_october_is_the_end_of_february():
    assert "on or after 28 Feb 2027" in four_month_error(dt.date(2026, 10, 31), dt.date(2027, 2, 27))
    assert four_month_error(dt.date(2026, 10, 31), dt.date(2027, 2, 28)) is None


def test_the_form_refuses_three_months_with_a_clear_message(parent_case, poster):
    data = {
        **fields(poster, ends_on="2027-02-23"),
        "guardian": poster.pk,
        "starts_on": "2026-11-23",
        "review_on": "2027-01-23",
    }
    form = PremisesBanForm(data, incident=parent_case)
    assert not form.is_valid()
    assert form.errors["ends_on"] == [
        "The end date must be at least four months after the start: on or after 23 Mar 2027. "
        "The policy bars a parent or carer for a minimum of four months."
    ]


def test_the_page_refuses_three_months_and_changes_nothing(client, principal, parent_case, poster):
    client.force_login(principal.user)
    r = client.post(
        f"/registers/premises/case/{parent_case.pk}/new/",
        {
            "guardian": poster.pk,
            "reason": "x",
            "starts_on": "2026-11-23",
            "ends_on": "2027-02-23",
            "review_on": "2027-01-23",
        },
    )
    assert r.status_code == 400
    assert "at least four months after the start: on or after 23 Mar 2027" in r.content.decode()
    assert not PremisesBan.objects.exists()
