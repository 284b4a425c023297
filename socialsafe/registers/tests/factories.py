from socialsafe.lib.dates import add_months
from socialsafe.lib.tests.clock import days_ago
from socialsafe.registers.models import PremisesBan, TeachingAccount


def make_ban(incident, *, by, starts_on=None, **kwargs) -> PremisesBan:
    """A bar on the case's responsible parent, saved without the service (for reading tests).

    By default it started eight days ago and runs four months, with its review a month before the end (as the
    form proposes): in force today.
    """
    starts_on = starts_on or days_ago(8)
    fields = {
        "guardian": incident.responsible_guardian,
        "reason": "Malicious comments about a teacher",
        "starts_on": starts_on,
        "ends_on": add_months(starts_on, 4),
        "review_on": add_months(starts_on, 3),
    }
    fields.update(kwargs)
    return PremisesBan.objects.create(school=incident.school, incident=incident, created_by=by, **fields)


def account_fields(**overrides) -> dict:
    fields = {
        "service": "Seesaw",
        "name": "P4 class blog",
        "url": "https://app.seesaw.me/p4",
        "purpose": "Sharing pupils' work with their families.",
        "school_class": None,
        "audience": "Parents of P4",
        "moderation": "Every post approved by the class teacher.",
    }
    fields.update(overrides)
    return fields


def make_request(member, **overrides) -> TeachingAccount:
    return TeachingAccount.objects.create(school=member.school, requested_by=member, **account_fields(**overrides))
