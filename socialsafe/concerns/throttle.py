"""Rate limits kept in the database, so that every web process and worker counts together."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.timezone import now

from socialsafe.concerns.models import Throttle


def _hash(key: str) -> str:
    # Keyed, so the table cannot be turned back into addresses by hashing every IP or a list of emails.
    return hmac.new(settings.SECRET_KEY.encode(), key.strip().lower().encode(), hashlib.sha256).hexdigest()


def _window(seconds: int) -> dt.datetime:
    t = now()
    start = int(t.timestamp()) // seconds * seconds
    return dt.datetime.fromtimestamp(start, tz=dt.UTC)


@transaction.atomic
def throttle_hit(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one use of `key`; False once it has been used more than `limit` times in this window."""
    row, _ = Throttle.objects.select_for_update().get_or_create(
        scope=scope, key=_hash(key), window_start=_window(seconds)
    )
    Throttle.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return row.count + 1 <= limit


def throttle_exceeded(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """True when `key` has already used up its `limit` in this window (reads only)."""
    row = Throttle.objects.filter(scope=scope, key=_hash(key), window_start=_window(seconds)).first()
    return row is not None and row.count >= limit


def throttle_purge(*, older_than: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Delete counts from windows long past."""
    deleted, _ = Throttle.objects.filter(window_start__lt=now() - older_than).delete()
    return deleted
