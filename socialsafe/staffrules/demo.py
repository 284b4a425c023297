"""Demo content for the staff rules: SocialSafe's default guidance as the demo school's current version, and this
school year's confirmations from about half of its staff (the demo class teacher still has theirs to do)."""

import datetime as dt

from django.db import transaction
from django.utils.timezone import localdate

from socialsafe.concerns.models import DocKind
from socialsafe.concerns.services import policy_version_publish
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import Role
from socialsafe.staffrules.guidance import default_guidance_text
from socialsafe.staffrules.models import StaffAttestation
from socialsafe.staffrules.selectors import current_guidance, staff_members
from socialsafe.staffrules.services import staff_attest

# The demo sign-in that is left with its confirmation to do, so the home page shows the prompt.
STILL_TO_DO = "teacher@glenmore.example"


@transaction.atomic
def demo_staffrules_create(*, school: School) -> int:
    """Publish the default guidance (replacing the concerns demo's short version) and add some confirmations, unless
    they are there already; returns how many confirmations were made."""
    if StaffAttestation.objects.filter(school=school).exists():
        return 0
    principal = Member.objects.filter(school=school, roles__role=Role.PRINCIPAL).select_related("user").first()
    if principal is None:
        return 0
    version = current_guidance(school)
    if version is None or version.text != default_guidance_text():
        version = policy_version_publish(
            school=school,
            kind=DocKind.STAFF_GUIDANCE,
            by=principal.user,
            label="2.0" if version else "1.0",
            published_on=localdate() - dt.timedelta(days=14),
            text=default_guidance_text(),
        )
    made = 0
    for member in staff_members(school).select_related("user", "school").order_by("id")[::2]:
        if member.user.email == STILL_TO_DO:
            continue
        staff_attest(member=member, version=version, by=member.user, privacy_checked=True, guidance_read=True)
        made += 1
    return made
