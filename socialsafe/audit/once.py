"""Each rendered form does its work once, however often it is posted (a double click, a resent page).

A form carries a random token ({% submit_once %}); the view is wrapped in @submit_once. The first post of a token
claims it in the same transaction as the work; a second post of the same token, even one sent while the first is
still running, waits for the first and then shows its result instead of doing the work again. Only a post answered
with a redirect has done something (the views redirect after each change); one answered with a page (an error, a
refused transition, a preview) releases its token, so that the form can be sent again.
"""

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.timezone import now

from socialsafe.audit.models import Submission

FIELD = "submission"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
ALREADY_DONE = "You had already sent this form, so nothing was done a second time. This is what it did."


def submission_token() -> str:
    return secrets.token_hex(16)


class _Repeat(Exception):
    pass


def _key(request, token: str) -> str:
    who = str(request.user.pk) if request.user.is_authenticated else "anonymous"
    return hashlib.sha256(f"{who}\n{request.path}\n{token}".encode()).hexdigest()


def _repeat(request, key: str, on_repeat: Callable | None, quiet: bool) -> HttpResponse:
    if on_repeat is not None:
        on_repeat(request)
    first = Submission.objects.filter(key=key).first()
    if not quiet:
        messages.info(request, ALREADY_DONE)
    return redirect(first.result if first and first.result else request.path)


def submit_once(view: Callable | None = None, *, on_repeat: Callable | None = None, quiet: bool = False) -> Callable:
    """View decorator: a POST whose form token was already used shows the first post's result.

    `on_repeat(request)` runs for a repeated post before it is turned away (e.g. to discard streamed uploads);
    `quiet` leaves out the "already sent" message, for public pages that show none.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            token = request.POST.get(FIELD, "") if request.method == "POST" else ""
            if not TOKEN.match(token):
                return view(request, *args, **kwargs)
            key = _key(request, token)
            if Submission.objects.filter(key=key).exists():
                return _repeat(request, key, on_repeat, quiet)
            try:
                with transaction.atomic():
                    try:
                        # Inside the work's transaction: a second post of the token waits here for the first.
                        with transaction.atomic():
                            claim = Submission.objects.create(key=key)
                    except IntegrityError:
                        raise _Repeat from None
                    response = view(request, *args, **kwargs)
                    if isinstance(response, HttpResponseRedirect):
                        claim.result = response["Location"][:1000]
                        claim.save(update_fields=["result"])
                    else:
                        # A page shown again (an error, a preview) did nothing: the form may be sent again.
                        claim.delete()
            except _Repeat:
                return _repeat(request, key, on_repeat, quiet)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


def submissions_prune(*, days: int = 7) -> int:
    """Forget form tokens older than `days` days; a form left open that long is sent as new."""
    deleted, _ = Submission.objects.filter(at__lt=now() - dt.timedelta(days=days)).delete()
    return deleted
