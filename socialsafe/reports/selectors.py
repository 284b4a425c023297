"""Read-only views across the apps. Nothing here writes, and no app imports this one."""

from django.db.models import Q, QuerySet

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.access import whole_file_incidents


def audit_events_for(*, user, school, roles: frozenset[str]) -> QuerySet[AuditEvent]:
    """The school's audit events, less those about a case whose whole file this person does not see."""
    cases = whole_file_incidents(user, school, roles).values("id")
    return (
        AuditEvent.objects.filter(school=school)
        .filter(Q(case_id__isnull=True) | Q(case_id__in=cases))
        .select_related("actor")
    )
