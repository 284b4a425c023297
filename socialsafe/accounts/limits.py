"""Brute-force limits on sign-in, the second factor and password reset.

Each is counted per account (the address typed, whether or not an account has it, so the answer never says which
addresses exist) and per client address, in the database so that every web process counts together
(socialsafe.concerns.throttle). After SIGN_IN_MAX_FAILURES failures in a window of SIGN_IN_WINDOW_SECONDS, further
attempts are refused before any password is hashed, until the window ends.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.timezone import now

from socialsafe.concerns.throttle import throttle_exceeded, throttle_hit

SIGN_IN = "sign-in"
SECOND_FACTOR = "second-factor"
PASSWORD_RESET = "password-reset"  # noqa: S105 - a name of a limit, not a password


def _limits() -> tuple[int, int]:
    return settings.SIGN_IN_MAX_FAILURES, settings.SIGN_IN_WINDOW_SECONDS


def _keys(account: str, address: str | None) -> list[tuple[str, str]]:
    keys = [("account", account.strip().lower())]
    if address:
        keys.append(("address", address))
    return keys


def limit_reached(kind: str, *, account: str, address: str | None) -> bool:
    """True when this account or this address has used up its failures for `kind` in this window."""
    limit, seconds = _limits()
    return any(
        throttle_exceeded(scope=f"{kind}:{by}", key=key, limit=limit, seconds=seconds)
        for by, key in _keys(account, address)
    )


def limit_count(kind: str, *, account: str, address: str | None) -> None:
    """Count one failure (or, for password reset, one request) against the account and the address."""
    limit, seconds = _limits()
    for by, key in _keys(account, address):
        throttle_hit(scope=f"{kind}:{by}", key=key, limit=limit, seconds=seconds)


def limit_wait_words() -> str:
    """When the current window ends, in words for the person waiting: "after 14:15"."""
    seconds = settings.SIGN_IN_WINDOW_SECONDS
    t = now()
    end = dt.datetime.fromtimestamp((int(t.timestamp()) // seconds + 1) * seconds, tz=dt.UTC)
    return f"after {timezone.localtime(end):%H:%M}"
