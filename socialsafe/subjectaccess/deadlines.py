"""The ICO's rule for when a subject access request must be answered. Pure calendar arithmetic: no clock, no database.

"You must comply with a SAR without undue delay and at the latest within one month of receipt … calculate the time
limit from the day you receive the request … until the corresponding calendar date in the next month. If this is not
possible because the following month is shorter (and there is no corresponding calendar date), the date for response
is the last day of the following month. If the corresponding date falls on a weekend or a public holiday, you have
until the next working day to respond." It may be extended "by a further two months" where the request is complex.
"""

import calendar
import datetime as dt

from socialsafe.lib.dates import add_months  # the same day next month, or that month's last day

MAX_EXTENSION_MONTHS = 2


def _easter(year: int) -> dt.date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=last.weekday())


def ni_bank_holidays(year: int) -> set[dt.date]:
    """Northern Ireland's bank holidays, with the substitute weekday when a fixed one falls at a weekend.

    The usual pattern (gov.uk/bank-holidays); a one-off holiday proclaimed for a year (a coronation) is not known.
    """
    easter = _easter(year)
    days = {
        easter - dt.timedelta(days=2),  # Good Friday
        easter + dt.timedelta(days=1),  # Easter Monday
        _monday_on_or_after(dt.date(year, 5, 1)),  # Early May
        _last_monday(year, 5),  # Spring
        _last_monday(year, 8),  # Summer
    }
    for month, day in ((1, 1), (3, 17), (7, 12), (12, 25), (12, 26)):
        date = dt.date(year, month, day)
        while date.weekday() >= 5 or date in days:  # the substitute: the next weekday not already a holiday
            date += dt.timedelta(days=1)
        days.add(date)
    return days


def _next_working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or day in ni_bank_holidays(day.year):
        day += dt.timedelta(days=1)
    return day


def sar_due_date(received: dt.date, *, extension_months: int = 0) -> dt.date:
    """The last day to answer a request received on `received`, extended by 0, 1 or 2 months."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"An extension is 0 to {MAX_EXTENSION_MONTHS} months, not {extension_months}.")
    # The extension runs on from the first month's date (31 Jan -> 28 Feb -> 28 Apr), not from receipt (30 Apr): the
    # earlier of the two readings of "a further two months", so the product never promises more time than the law.
    return _next_working_day(add_months(add_months(received, 1), extension_months))
