"""Sign-ins, sign-outs and failed attempts go to the audit log: who reached the safeguarding records, and when."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from socialsafe.accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from socialsafe.audit.services import audit_record


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    # The password was right. The session's clocks start now: 30 minutes idle, 12 hours in all.
    if request is not None and hasattr(request, "session"):
        t = int(time.time())
        request.session[SIGNED_IN_AT] = t
        request.session[LAST_SEEN] = t
    audit_record(actor=user, verb="account.signed_in", target=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, verb="account.signed_out", target=user, request=request)


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs) -> None:
    # The address tried is kept, never the password.
    audit_record(
        actor=None,
        verb="account.sign_in_failed",
        data={"email": str(credentials.get("username", ""))[:254]},
        request=request,
    )
