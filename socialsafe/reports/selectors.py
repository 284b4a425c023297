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


def audit_events_filter(events: QuerySet[AuditEvent], *, school, who=None, case="", kind="", since=None, until=None):
    """Narrow the log by person, case reference, kind of event and dates (in the school's time zone)."""
    import datetime as dt

    from django.utils.timezone import get_current_timezone

    from socialsafe.audit.words import KINDS
    from socialsafe.incidents.models import Incident

    if who is not None:
        events = events.filter(actor=who)
    if case.strip():
        ids = Incident.objects.filter(school=school, reference__iexact=case.strip()).values("id")
        events = events.filter(case_id__in=ids)
    if kind in KINDS:
        match = Q()
        for prefix in KINDS[kind][1]:
            match |= Q(verb__startswith=prefix)
        events = events.filter(match)
    zone = get_current_timezone()
    if since:
        events = events.filter(at__gte=dt.datetime.combine(since, dt.time.min, zone))
    if until:
        events = events.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, zone))
    return events
