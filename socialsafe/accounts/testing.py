"""A finished sign-in made without the sign-in pages, for tests and benchmarks that drive a real server process.

What signing in leaves in a session: the user, the password step and a second factor passed (a recovery-code
device made for the purpose), and the times the session limits count from. The session is stored by the configured
engine (the one the server reads), so its key works as the session cookie.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from socialsafe.accounts.middleware import LAST_SEEN, SIGNED_IN_AT


def signed_in_session_key(user, *, device_name: str) -> str:
    """The key of a new session in which `user` is fully signed in."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=device_name)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SIGNED_IN_AT] = session[LAST_SEEN] = int(time.time())
    session.create()
    return session.session_key
