import datetime as dt

from django import template
from django.utils.timesince import timesince

register = template.Library()

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """A length of time in words, as "2 days, 3 hours"."""
    if value is None:
        return ""
    return timesince(_EPOCH, _EPOCH + value)
