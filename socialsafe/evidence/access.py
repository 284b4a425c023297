"""Evidence is seen by whoever sees its case's whole file, and by whoever added it; by nobody else."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.incidents.access import case_access, visible_incidents, whole_file_incidents


def whole_file(incident, request) -> bool:
    """Whether this person sees the case's whole file (set by get_incident_for_user, else worked out)."""
    access = getattr(incident, "access", None) or case_access(incident, request.user, request.roles)
    return access.whole_file


def get_item_for_user(request, pk: int) -> EvidenceItem:
    """An item on a case whose whole file this person sees, or one they added to a case they know of; 404 otherwise."""
    whole = whole_file_incidents(request.user, request.school, request.roles)
    known = visible_incidents(request.user, request.school, request.roles)
    return get_object_or_404(
        EvidenceItem.objects.select_related("incident", "uploaded_by").filter(
            Q(incident__in=whole) | Q(incident__in=known, uploaded_by=request.user)
        ),
        pk=pk,
    )


def get_bundle_for_user(request, pk: int) -> Bundle:
    cases = whole_file_incidents(request.user, request.school, request.roles)
    return get_object_or_404(Bundle.objects.select_related("incident"), pk=pk, incident__in=cases)
