"""The session engine (settings.SESSION_ENGINE): Django's database sessions, each row also naming its user.

Ending someone's sessions (a second factor reset after a lost phone) is then one indexed DELETE, however many people
are signed in, instead of reading and decoding every session row.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from socialsafe.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        try:
            row.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):  # not signed in (yet)
            row.user_id = None
        return row


def sessions_end_for(user) -> int:
    """End every session of this person; returns how many there were."""
    from socialsafe.accounts.models import UserSession

    deleted, _ = UserSession.objects.filter(user_id=user.pk).delete()
    return deleted
