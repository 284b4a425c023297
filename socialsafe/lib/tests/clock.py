"""Dates and times for tests, relative to now on the school's clock (Europe/London).

Tests never type a date or a clock time: "eleven days ago" stays in the past and "next week" in the future
whenever the suite runs. A form's date and time fields that belong together come from one datetime, so a moment
near midnight keeps its own day.
"""

import datetime as dt

from django.utils.timezone import localdate, localtime, make_aware, now


def ago(**delta) -> dt.datetime:
    """The moment `delta` before now, in Europe/London: ago(days=11), ago(hours=2)."""
    return localtime(now() - dt.timedelta(**delta))


def ahead(**delta) -> dt.datetime:
    """The moment `delta` after now, in Europe/London."""
    return localtime(now() + dt.timedelta(**delta))


def days_ago(days: int) -> dt.date:
    return localdate() - dt.timedelta(days=days)


def days_ahead(days: int) -> dt.date:
    return localdate() + dt.timedelta(days=days)


def midday(day: dt.date) -> dt.datetime:
    """Noon on `day` in Europe/London: where to send the clock when only the day matters, far from midnight."""
    return make_aware(dt.datetime.combine(day, dt.time(12)))


def _day(value: dt.date | dt.datetime) -> dt.date:
    return localtime(value).date() if isinstance(value, dt.datetime) else value


def iso(value: dt.date | dt.datetime) -> str:
    """The date as a date field takes it, YYYY-MM-DD; a datetime gives its day in Europe/London."""
    return _day(value).isoformat()


def hhmm(moment: dt.datetime) -> str:
    """The time as a time field takes it, HH:MM in Europe/London."""
    return f"{localtime(moment):%H:%M}"


def shown(value: dt.date | dt.datetime) -> str:
    """The date as pages and emails show it: 23 Mar 2027."""
    day = _day(value)
    return f"{day.day} {day:%b %Y}"


def in_letter(value: dt.date | dt.datetime) -> str:
    """The date as a letter writes it: 23 March 2027."""
    day = _day(value)
    return f"{day.day} {day:%B %Y}"
