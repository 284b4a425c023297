"""Links that let a person choose a password: a reset link works for an hour, an invitation for a day.

Both are Django's single-use signed tokens (they stop working once the password changes or the person signs in).
They are signed with different salts, so a reset link cannot be passed off as an invitation to last longer.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int


class ResetTokenGenerator(PasswordResetTokenGenerator):
    """A password-reset link: valid for PASSWORD_RESET_LINK_SECONDS (one hour)."""

    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        try:
            made = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - made <= settings.PASSWORD_RESET_LINK_SECONDS


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """A new account's invitation to choose its first password: valid for PASSWORD_RESET_TIMEOUT (24 hours)."""

    key_salt = "socialsafe.accounts.tokens.InvitationTokenGenerator"


class ResetOrInvitation:
    """What the choose-a-password page accepts: either link, each within its own time."""

    def make_token(self, user) -> str:
        return reset_tokens.make_token(user)

    def check_token(self, user, token) -> bool:
        return reset_tokens.check_token(user, token) or invitation_tokens.check_token(user, token)


reset_tokens = ResetTokenGenerator()
invitation_tokens = InvitationTokenGenerator()
either_tokens = ResetOrInvitation()
