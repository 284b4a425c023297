import factory

from socialsafe.incidents.models import Incident, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.lib.tests.clock import ago
from socialsafe.schools.tests.factories import SchoolFactory, UserFactory


class IncidentFactory(factory.django.DjangoModelFactory):
    """A bare case row. Use services.incident_report() when routing and exclusions matter."""

    class Meta:
        model = Incident

    school = factory.SubFactory(SchoolFactory)
    reference = factory.Sequence(lambda n: f"TST-2026-{n:04d}")
    kind = Kind.STAFF_ABUSE
    summary = "Abusive comments in a parents' group"
    description = "A parent called a teacher names in the P4 WhatsApp group."
    occurred_at = factory.LazyFunction(lambda: ago(days=11))
    platform = Platform.WHATSAPP
    target_kind = TargetKind.STAFF
    responsible_kind = ResponsibleKind.UNKNOWN
    reported_by = factory.SubFactory(UserFactory)


def report_fields(**overrides) -> dict:
    """Fields for services.incident_report(), as the report form gives them."""
    fields = {
        "kind": Kind.STAFF_ABUSE,
        "summary": "Abusive comments about a teacher in the P4 parents' WhatsApp group",
        "description": "Screenshots were shown to me by another parent.",
        "occurred_at": ago(days=11),
        "out_of_hours": True,
        "grounds": ["reputation", "threat"],
        "platform": Platform.WHATSAPP,
        "url": "",
        "target_kind": TargetKind.STAFF,
        "responsible_kind": ResponsibleKind.UNKNOWN,
    }
    fields.update(overrides)
    return fields
