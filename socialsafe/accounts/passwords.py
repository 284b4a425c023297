"""Password rules beyond Django's own: not the school's name, not the person's own name.

Django's validators already refuse the 20,000 most common passwords taken from breached-password lists (shipped
offline inside Django), passwords of under 10 characters, all-digit passwords and passwords too like the email.
"""

import re

from django.core.exceptions import ValidationError


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4}


# Words in nearly every school's name: on their own they say nothing about this school.
COMMON_WORDS = frozenset({"school", "primary", "college", "academy", "nursery", "integrated", "saint"})


class NotTheSchoolsNameValidator:
    """Refuse a password built on the school's name, or on the person's first or last name."""

    def validate(self, password: str, user=None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        squashed = re.sub(r"[^a-z]", "", password.lower())
        names: set[str] = set()
        for member in user.memberships.select_related("school"):
            names |= _words(member.school.name) - COMMON_WORDS
            names |= _words(f"{member.first_name} {member.last_name}")
        for guardian in user.guardianships.select_related("school"):
            names |= _words(guardian.school.name) - COMMON_WORDS
            names |= _words(f"{guardian.first_name} {guardian.last_name}")
        names |= _words(user.full_name or "")
        if any(name in squashed for name in names):
            raise ValidationError(
                "Choose a password that does not use your name or the school's name: they are the first words "
                "someone trying to guess it would try.",
                code="password_has_name",
            )

    def get_help_text(self) -> str:
        return "Your password cannot contain your name or the school's name."
