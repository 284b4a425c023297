"""Who may see which families' answers: senior staff and the office the whole school, a class teacher their class."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from socialsafe.families.models import FamilyInvitation, InvitationBatch
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.roles import Perm, allows


def classes_for_user(request) -> QuerySet[SchoolClass]:
    """The classes of the current school whose families' answers this user may see."""
    classes = SchoolClass.objects.filter(school=request.school).select_related("teacher")
    if allows(request.roles, Perm.FAMILY_INVITE):
        return classes
    if allows(request.roles, Perm.FAMILY_COVERAGE):
        return classes.filter(teacher__user=request.user)
    raise PermissionDenied


def get_class_for_user(request, pk: int) -> SchoolClass:
    """A class whose outstanding families the user may list; 404 for another school's or another teacher's."""
    return get_object_or_404(classes_for_user(request), pk=pk)


def get_batch_for_user(request, pk: int) -> InvitationBatch:
    """A batch of invitations of the current school, for those who invite families."""
    if not allows(request.roles, Perm.FAMILY_INVITE):
        raise PermissionDenied
    return get_object_or_404(InvitationBatch.objects.filter(school=request.school), pk=pk)


def get_invitation_for_user(request, pk: int) -> FamilyInvitation:
    """One invitation of the current school (its letter), for those who invite families."""
    if not allows(request.roles, Perm.FAMILY_INVITE):
        raise PermissionDenied
    return get_object_or_404(FamilyInvitation.objects.filter(school=request.school), pk=pk)
