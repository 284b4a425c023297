import datetime as dt

from socialsafe.registers.models import PremisesBan, TeachingAccount


def make_ban(incident, *, by, starts_on=dt.date(2026, 11, 23), ends_on=dt.date(2027, 3, 23), **kwargs) -> PremisesBan:
    """A bar on the case's responsible parent, saved without the service (for reading tests)."""
    fields = {
        "guardian": incident.responsible_guardian,
        "reason": "Malicious comments about a teacher",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "review_on": dt.date(2027, 2, 23),
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
