"""Evidence is seen by whoever may see its case, and by nobody else."""

from django.shortcuts import get_object_or_404

from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.incidents.access import visible_incidents


def get_item_for_user(request, pk: int) -> EvidenceItem:
    """An item on a case this person may see; 404 otherwise."""
    cases = visible_incidents(request.user, request.school, request.roles)
    return get_object_or_404(EvidenceItem.objects.select_related("incident", "uploaded_by"), pk=pk, incident__in=cases)


def get_bundle_for_user(request, pk: int) -> Bundle:
    cases = visible_incidents(request.user, request.school, request.roles)
    return get_object_or_404(Bundle.objects.select_related("incident"), pk=pk, incident__in=cases)
