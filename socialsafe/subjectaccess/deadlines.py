"""The ICO's rule for when a subject access request must be answered. Pure calendar arithmetic: no clock, no Django.

"You must comply with a SAR without undue delay and at the latest within one month of receipt … calculate the time
limit from the day you receive the request … until the corresponding calendar date in the next month. If this is not
possible because the following month is shorter (and there is no corresponding calendar date), the date for response
is the last day of the following month. If the corresponding date falls on a weekend or a public holiday, you have
until the next working day to respond." It may be extended "by a further two months" where the request is complex.
"""

import calendar
import datetime as dt

MAX_EXTENSION_MONTHS = 2


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _next_working_day(day: dt.date) -> dt.date:
    # Weekends only: bank holidays in Northern Ireland are not known to the product; the list shows the date, and a
    # request due on 12 July can be answered by the Principal a day early.
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def sar_due_date(received: dt.date, *, extension_months: int = 0) -> dt.date:
    """The last day to answer a request received on `received`, extended by 0, 1 or 2 months."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"An extension is 0 to {MAX_EXTENSION_MONTHS} months, not {extension_months}.")
    # The extension runs on from the first month's date (31 Jan -> 28 Feb -> 28 Apr), not from receipt (30 Apr): the
    # earlier of the two readings of "a further two months", so the product never promises more time than the law.
    return _next_working_day(_add_months(_add_months(received, 1), extension_months))
