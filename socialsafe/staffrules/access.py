"""Who may attest and see the list: the first line of every staff rules view."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from socialsafe.schools.models import Member
from socialsafe.schools.roles import STAFF_ROLES, Perm, allows


def get_member_for_attestation(request) -> Member:
    """The signed-in person's own staff row in the current school (403 for anyone who is not staff there)."""
    if not allows(request.roles, Perm.ATTEST_STAFF_RULES):
        raise PermissionDenied
    members = Member.objects.filter(school=request.school, is_active=True, roles__role__in=STAFF_ROLES)
    return get_object_or_404(members.select_related("user", "school").distinct(), user=request.user)
