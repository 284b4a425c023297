"""Who may see and change retention: the Principal decides, the senior team and governors read, the EA sets rules."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from socialsafe.retention.models import LegalHold, RetentionReview
from socialsafe.schools.roles import Perm, allows
from socialsafe.schools.selectors import authorities_for_officer


def get_review_for_user(request, pk: int) -> RetentionReview:
    """A review of the current school's, for its Principal (404 for another school's)."""
    if not allows(request.roles, Perm.RETENTION_REVIEW):
        raise PermissionDenied
    return get_object_or_404(RetentionReview, pk=pk, school=request.school)


def get_hold_for_user(request, pk: int) -> LegalHold:
    """A legal hold of the current school's, for its Principal."""
    if not allows(request.roles, Perm.LEGAL_HOLD):
        raise PermissionDenied
    return get_object_or_404(LegalHold.objects.select_related("incident"), pk=pk, school=request.school)


def get_authority_for_officer(request):
    """The Education Authority the signed-in officer sets retention rules for (the first, if several)."""
    if not allows(request.roles, Perm.RETENTION_AUTHORITY):
        raise PermissionDenied
    authority = authorities_for_officer(request.user).order_by("name").first()
    if authority is None:
        raise PermissionDenied
    return authority
