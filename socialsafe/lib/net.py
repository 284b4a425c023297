"""The address a request came from, as the audit log and the sign-in limits record it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind the TLS proxy (BEHIND_TLS_PROXY) the address the proxy saw.

    The proxy appends the address it was connected from to X-Forwarded-For, so only the last entry is believed:
    earlier entries come from the client and anyone can write them. Without a proxy the header is ignored.
    """
    address = request.META.get("REMOTE_ADDR")
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            address = forwarded
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None
