"""The ICO's rule, on calendar facts: these dates test the calendar, not the clock, so they are written out."""

import datetime as dt

import pytest

from socialsafe.subjectaccess.deadlines import ni_bank_holidays, sar_due_date

D = dt.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2027, 3, 3), D(2027, 4, 5)),  # 3 Apr 2027 is a Saturday: the next working day
        (D(2027, 1, 6), D(2027, 2, 8)),  # 6 Feb 2027 is a Saturday -> Monday 8 Feb
        (D(2027, 2, 10), D(2027, 3, 10)),  # a Wednesday to a Wednesday
        (D(2026, 1, 31), D(2026, 3, 2)),  # no 31 Feb: the last day of February, 28 Feb 2026 (Saturday) -> Mon 2 Mar
        (D(2027, 1, 31), D(2027, 3, 1)),  # 28 Feb 2027 is a Sunday -> Monday 1 Mar
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year: 29 Feb 2028, a Tuesday
        (D(2028, 1, 29), D(2028, 2, 29)),  # the corresponding date exists in a leap year
        (D(2027, 1, 29), D(2027, 3, 1)),  # and not in a common one: 28 Feb 2027 (Sunday) -> 1 Mar
        (D(2027, 3, 31), D(2027, 4, 30)),  # no 31 April: 30 April
        (D(2027, 8, 31), D(2027, 9, 30)),
        (D(2026, 12, 15), D(2027, 1, 15)),  # across the year end
    ],
)
def test_it_gives_one_calendar_month(received, due):
    assert sar_due_date(received) == due


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (D(2027, 2, 10), 1, D(2027, 4, 12)),  # 10 Apr 2027 is a Saturday -> Monday 12 Apr
        (D(2027, 2, 10), 2, D(2027, 5, 10)),
        (D(2027, 1, 31), 2, D(2027, 4, 28)),  # from 28 Feb, two months on: 28 Apr, never the later 30 Apr
        (D(2027, 11, 30), 2, D(2028, 2, 29)),  # 30 Dec + 2 months: 29 Feb in a leap year
    ],
)
def test_an_extension_runs_on_from_the_first_month(received, months, due):
    assert sar_due_date(received, extension_months=months) == due


@pytest.mark.parametrize("months", [-1, 3])
def test_it_refuses_an_extension_the_law_does_not_allow(months):
    with pytest.raises(ValueError, match="0 to 2 months"):
        sar_due_date(D(2027, 2, 10), extension_months=months)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 12, 1), D(2027, 1, 4)),  # New Year's Day (a Friday) -> Monday 4 Jan
        (D(2027, 2, 17), D(2027, 3, 18)),  # St Patrick's Day
        (D(2027, 2, 26), D(2027, 3, 30)),  # Good Friday, the weekend, Easter Monday -> Tuesday
        (D(2027, 6, 12), D(2027, 7, 13)),  # the Twelfth
        (D(2027, 11, 25), D(2027, 12, 29)),  # Christmas on a Saturday: substitutes on Monday 27 and Tuesday 28
    ],
)
def test_it_skips_northern_irelands_bank_holidays(received, due):
    assert sar_due_date(received) == due


def test_a_fixed_holiday_at_a_weekend_has_a_substitute_weekday():
    assert {D(2026, 7, 13), D(2026, 12, 28)} <= ni_bank_holidays(2026)  # the Twelfth on a Sunday; Boxing Day Sat
    assert D(2028, 1, 3) in ni_bank_holidays(2028)  # New Year's Day on a Saturday
    assert len(ni_bank_holidays(2027)) == 10


def test_the_due_date_is_always_a_working_day():
    day = D(2027, 1, 1)
    for _ in range(800):
        due = sar_due_date(day)
        assert due.weekday() < 5 and due not in ni_bank_holidays(due.year)
        day += dt.timedelta(days=1)
