"""Who may see subject access requests: the Principal and Vice-Principal of the school; nobody else, not even to
learn that a request exists (a request names a family or a colleague). Produce and download: the Principal."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from socialsafe.schools.roles import Perm, allows
from socialsafe.subjectaccess.models import SubjectAccessExport, SubjectAccessRequest


def get_request_for_user(request, pk: int, *, export: bool = False) -> SubjectAccessRequest:
    """A request of the current school: 403 without the role, 404 for another school's."""
    if not allows(request.roles, Perm.SUBJECT_ACCESS_EXPORT if export else Perm.SUBJECT_ACCESS):
        raise PermissionDenied
    rows = SubjectAccessRequest.objects.filter(school=request.school).select_related(
        "school", "subject_pupil__school_class", "subject_guardian", "subject_member__user"
    )
    return get_object_or_404(rows, pk=pk)


def get_export_for_user(request, pk: int) -> SubjectAccessExport:
    """An export of a request of the current school, for the Principal."""
    if not allows(request.roles, Perm.SUBJECT_ACCESS_EXPORT):
        raise PermissionDenied
    rows = SubjectAccessExport.objects.filter(request__school=request.school).select_related("request__school")
    return get_object_or_404(rows, pk=pk)
