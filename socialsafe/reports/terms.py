"""The terms of the Northern Ireland school year, for reports that cover "this term" or "last term".

Autumn runs from 1 September to 31 December, Spring from 1 January to 31 March, Summer from 1 April to 31 August
(the summer holidays with it, so that every day of the year belongs to a term and to one termly report).
Easter moves, so the Spring term is cut at the end of March: a fixed rule that everyone can check, and one that
makes a report reproducible from its key alone. July and August belong to no term: there `term_for` gives the
Summer term just ended, the one a report written in the holidays is about.
"""

import datetime as dt
from dataclasses import dataclass

AUTUMN, SPRING, SUMMER = "autumn", "spring", "summer"
ORDER = (AUTUMN, SPRING, SUMMER)
NAMES = {AUTUMN: "Autumn", SPRING: "Spring", SUMMER: "Summer"}


@dataclass(frozen=True, order=True)
class Term:
    """One term: `year` is the calendar year in which the school year starts (2026 for 2026/27)."""

    year: int
    name: str  # AUTUMN, SPRING or SUMMER

    def __post_init__(self):
        if self.name not in ORDER:
            raise ValueError(f"Unknown term: {self.name!r}")

    @property
    def start(self) -> dt.date:
        if self.name == AUTUMN:
            return dt.date(self.year, 9, 1)
        return dt.date(self.year + 1, 1 if self.name == SPRING else 4, 1)

    @property
    def end(self) -> dt.date:
        """The term's last day (inclusive)."""
        if self.name == AUTUMN:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year + 1, 3, 31) if self.name == SPRING else dt.date(self.year + 1, 8, 31)

    @property
    def school_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """ "Autumn term 2026/27"."""
        return f"{NAMES[self.name]} term {self.school_year}"

    @property
    def key(self) -> str:
        """ "2026-autumn": what a URL or a stored report's parameters carry."""
        return f"{self.year}-{self.name}"

    @classmethod
    def from_key(cls, key: str) -> "Term":
        """The term a key names; ValueError for anything else."""
        year, sep, name = (key or "").partition("-")
        if not sep or not year.isdigit() or len(year) != 4:
            raise ValueError(f"Not a term: {key!r}")
        return cls(int(year), name)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def term_for(day: dt.date) -> Term:
    """The term a day falls in; in July and August, the Summer term just ended."""
    if day.month >= 9:
        return Term(day.year, AUTUMN)
    if day.month <= 3:
        return Term(day.year - 1, SPRING)
    return Term(day.year - 1, SUMMER)


def previous_term(term: Term) -> Term:
    """The term before this one (Spring before Summer, Autumn before Spring, last year's Summer before Autumn)."""
    if term.name == AUTUMN:
        return Term(term.year - 1, SUMMER)
    return Term(term.year, ORDER[ORDER.index(term.name) - 1])


def next_term(term: Term) -> Term:
    """The term after this one."""
    if term.name == SUMMER:
        return Term(term.year + 1, AUTUMN)
    return Term(term.year, ORDER[ORDER.index(term.name) + 1])
