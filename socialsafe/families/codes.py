"""The short code printed on a letter or sent in an email: eight characters a parent can type without confusion."""

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O or 1/I: a parent reading a printed letter cannot mistake one for the other. 32 symbols, 5 bits each.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8


def new_nonce() -> str:
    return secrets.token_hex(16)


def _mac(label: str, value: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), f"{label}:{value}".encode(), hashlib.sha256).digest()


def code_for(nonce: str) -> str:
    """The code of an invitation, given back from its nonce and the server's secret (the code itself is not kept)."""
    number = int.from_bytes(_mac("family-code", nonce)[:5], "big")  # 40 bits: eight symbols of five
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH)))


def normalise(text: str) -> str:
    """What a parent typed, as a code: capitals, without spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t")[:40]


def code_hash(code: str) -> str:
    """The keyed hash an invitation is found by: the table alone cannot be turned back into codes."""
    return _mac("family-code-lookup", normalise(code)).hex()


def shown(code: str) -> str:
    """ABCD-EFGH: two groups of four are easier to copy from paper."""
    return f"{code[:4]}-{code[4:]}"
