"""Sessions that end, and a second factor that nothing gets past."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url

from socialsafe.accounts.second_factor import second_factor_asked, second_factor_enrolled
from socialsafe.audit.services import audit_record

SIGNED_IN_AT = "ss_signed_in_at"
LAST_SEEN = "ss_last_seen"
KEPT_FORM = "ss_kept_form"
# Forms whose unsaved contents are kept when the session has ended under them (see SessionTimeoutMiddleware).
KEEP_ACROSS_SIGN_IN = frozenset({"incidents:report"})
# Pages a person who has given only their password may open: the second step itself, and signing out.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:second_factor",
        "accounts:set_up",
        "accounts:passkey_added",
        "accounts:logout",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)
SEEN_EVERY = 60  # seconds between two writes of "last seen" to the session


def _to_sign_in(request, message: str) -> HttpResponse:
    url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    messages.info(request, message)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS after signing in.

    Runs as a view middleware, after the CSRF check: a form sent just after the session ended is a real one from
    this browser, and for the forms in KEEP_ACROSS_SIGN_IN what it held is kept in the new session, to be shown
    again, filled in, once the person has signed in again (files attached to it cannot be kept).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        t = int(time.time())
        started = session.get(SIGNED_IN_AT)
        seen = session.get(LAST_SEEN, started)
        if (
            started is not None
            and t - started <= settings.SESSION_ABSOLUTE_SECONDS
            and t - seen <= settings.SESSION_IDLE_SECONDS
        ):
            if t - seen >= SEEN_EVERY:
                session[LAST_SEEN] = t
            return None
        too_long = started is not None and t - started > settings.SESSION_ABSOLUTE_SECONDS
        reason = "12 hours" if too_long else "idle"
        name = request.resolver_match.view_name if request.resolver_match else ""
        kept = None
        if request.method == "POST" and name in KEEP_ACROSS_SIGN_IN:
            kept = {"path": request.path, "data": {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}}
        audit_record(actor=user, verb="account.session_ended", target=user, data={"why": reason}, request=request)
        logout(request)
        if kept:
            session = request.session
            session[KEPT_FORM] = kept
        if too_long:
            message = "You have been signed in for 12 hours, so you were signed out. Sign in again to carry on."
        else:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            message = f"You were signed out after {minutes} minutes without activity. Sign in again to carry on."
        if kept:
            message += " What you had written has been kept: it will be there when you have signed in."
        return _to_sign_in(request, message)


class SecondFactorMiddleware:
    """Nothing but the second step opens until the second factor is given (staff always; others once they have one).

    Covers every page, the back office and every download: a URL left out of a view's own checks still cannot be
    reached with a password alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in BEFORE_SECOND_FACTOR or not second_factor_asked(user):
            return None
        step = "accounts:second_factor" if second_factor_enrolled(user) else "accounts:set_up"
        url = f"{resolve_url(step)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


def kept_form_take(request):
    """The form this page held when the session ended under it, as a QueryDict, once; None if there is none."""
    from django.http import QueryDict

    kept = request.session.get(KEPT_FORM)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEPT_FORM]
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    return data
