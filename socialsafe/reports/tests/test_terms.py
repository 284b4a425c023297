import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from socialsafe.reports.terms import AUTUMN, SPRING, SUMMER, Term, next_term, previous_term, term_for


@pytest.mark.parametrize(
    ("month", "day", "year_offset", "name"),
    [
        (9, 1, 0, AUTUMN),
        (12, 31, 0, AUTUMN),
        (1, 1, -1, SPRING),
        (3, 31, -1, SPRING),
        (4, 1, -1, SUMMER),
        (6, 30, -1, SUMMER),
        (7, 15, -1, SUMMER),  # the summer holidays are part of the Summer term
        (8, 31, -1, SUMMER),
    ],
)
def test_it_finds_the_term_of_a_day(month, day, year_offset, name):
    year = timezone.localdate().year
    term = term_for(dt.date(year, month, day))
    assert term == Term(year + year_offset, name)
    assert dt.date(year, month, day) in term  # every day of the year is in one term


def test_it_gives_each_term_its_dates_and_label():
    year = timezone.localdate().year
    autumn, spring, summer = Term(year, AUTUMN), Term(year, SPRING), Term(year, SUMMER)
    assert (autumn.start, autumn.end) == (dt.date(year, 9, 1), dt.date(year, 12, 31))
    assert (spring.start, spring.end) == (dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31))
    assert (summer.start, summer.end) == (dt.date(year + 1, 4, 1), dt.date(year + 1, 8, 31))  # the holidays too
    assert autumn.label == f"Autumn term {year}/{(year + 1) % 100:02d}"
    assert autumn < spring < summer


def test_it_steps_back_and_forward_across_school_years():
    year = timezone.localdate().year
    autumn = Term(year, AUTUMN)
    assert previous_term(autumn) == Term(year - 1, SUMMER)
    assert previous_term(Term(year, SPRING)) == autumn
    assert previous_term(Term(year, SUMMER)) == Term(year, SPRING)
    assert next_term(Term(year - 1, SUMMER)) == autumn
    for term in (autumn, Term(year, SPRING), Term(year, SUMMER)):
        assert next_term(previous_term(term)) == term
        assert previous_term(term).end < term.start


def test_it_reads_a_term_back_from_its_key():
    term = term_for(timezone.localdate())
    assert Term.from_key(term.key) == term
    for junk in ["", "2026", "2026-winter", "26-autumn", "autumn-2026", "2026-"]:
        with pytest.raises(ValueError):
            Term.from_key(junk)


@time_machine.travel(dt.datetime(2027, 2, 10, 12, tzinfo=dt.UTC), tick=False)
def test_it_knows_this_term_from_the_clock():
    term = term_for(timezone.localdate())
    assert term.name == SPRING
    assert timezone.localdate() in term
    assert previous_term(term).name == AUTUMN
