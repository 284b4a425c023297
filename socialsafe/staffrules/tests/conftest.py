import datetime as dt

import pytest
from django.utils.timezone import localdate

from socialsafe.concerns.models import DocKind
from socialsafe.concerns.services import policy_version_publish
from socialsafe.staffrules.guidance import default_guidance_text
from socialsafe.staffrules.selectors import school_year_start


@pytest.fixture
def guidance(principal):
    """The school's staff guidance: SocialSafe's default text, published today."""
    return policy_version_publish(
        school=principal.school,
        kind=DocKind.STAFF_GUIDANCE,
        by=principal.user,
        label="1.0",
        published_on=localdate(),
        text=default_guidance_text(),
    )


def next_year_start() -> dt.date:
    """The 1 September that starts the next school year."""
    start = school_year_start(localdate())
    return start.replace(year=start.year + 1)


def joined_long_ago(persona) -> None:
    """The persona's account was made well before this school year, so only the 30 September date applies."""
    user = persona.user
    user.date_joined = user.date_joined - dt.timedelta(days=800)
    user.save(update_fields=["date_joined"])
