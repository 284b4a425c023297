"""Who may see which school, and which of its rows. Every view starts here."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from socialsafe.schools.models import AuthorityOfficer, Guardian, Member, MemberRole, Pupil, School, SchoolClass
from socialsafe.schools.roles import Perm, Role, allows


def schools_for_user(user) -> list[School]:
    """Schools in which the user holds a role, as a member of staff, a governor or a parent/carer."""
    if not user.is_authenticated:
        return []
    # One query: every request asks it.
    staff = Member.objects.filter(user=user, is_active=True).values("school_id")
    family = Guardian.objects.filter(user=user).values("school_id")
    return list(School.objects.filter(Q(id__in=staff) | Q(id__in=family)).order_by("name"))


def roles_for_user(user, school: School | None) -> frozenset[str]:
    """Every role the user holds in the school, plus Education Authority officer wherever they are one."""
    if not user.is_authenticated:
        return frozenset()
    # Two queries (every request asks them): the staff and governor roles held here, then whether the person is a
    # parent here and an officer anywhere, read together.
    roles: set[str] = set()
    if school is not None:
        roles |= set(
            MemberRole.objects.filter(member__user=user, member__school=school, member__is_active=True).values_list(
                "role", flat=True
            )
        )
    parent = Guardian.objects.filter(user=OuterRef("pk"), school=school) if school is not None else None
    is_parent, is_officer = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(
            Exists(parent) if parent is not None else Value(False),
            Exists(AuthorityOfficer.objects.filter(user=OuterRef("pk"))),
        )
        .get()
    )
    if is_parent:
        roles.add(Role.PARENT)
    if is_officer:
        roles.add(Role.EA_OFFICER)
    return frozenset(roles)


def require_perm(perm: Perm) -> Callable:
    """View decorator: signed in, and holding the permission in the current school (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not allows(request.roles, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_member_for_roles(request, pk: int) -> Member:
    """A member of the current school whose roles the signed-in Principal or Chair may look at and change."""
    if not allows(request.roles, Perm.MANAGE_ROLES):
        raise PermissionDenied
    return get_object_or_404(Member.objects.filter(school=request.school).select_related("user"), pk=pk)


def get_member_for_invite(request, pk: int) -> Member:
    """A member of the current school, for those who import the roster, to send a new invitation to."""
    if not allows(request.roles, Perm.IMPORT_ROSTER):
        raise PermissionDenied
    return get_object_or_404(Member.objects.filter(school=request.school).select_related("user"), pk=pk)


def visible_pupils(request) -> QuerySet[Pupil]:
    """The pupils of the current school that this user may see: all, their class's, or their own children."""
    pupils = Pupil.objects.filter(school=request.school)
    if allows(request.roles, Perm.VIEW_ALL_PUPILS):
        return pupils
    if allows(request.roles, Perm.VIEW_CLASS_PUPILS):
        return pupils.filter(school_class__teacher__user=request.user)
    if allows(request.roles, Perm.VIEW_OWN_CHILDREN):
        return pupils.filter(guardians__user=request.user)
    return pupils.none()


def get_pupil_for_user(request, pk: int) -> Pupil:
    """A pupil the user may see; 404 for another school's pupil or one outside their need to know."""
    if not (
        allows(request.roles, Perm.VIEW_ALL_PUPILS)
        or allows(request.roles, Perm.VIEW_CLASS_PUPILS)
        or allows(request.roles, Perm.VIEW_OWN_CHILDREN)
    ):
        raise PermissionDenied
    return get_object_or_404(visible_pupils(request).select_related("school_class"), pk=pk)


def get_class_for_user(request, pk: int) -> SchoolClass:
    """A class of the current school whose pupil list the user may see."""
    classes = SchoolClass.objects.filter(school=request.school)
    if allows(request.roles, Perm.VIEW_ALL_PUPILS):
        return get_object_or_404(classes, pk=pk)
    if allows(request.roles, Perm.VIEW_CLASS_PUPILS):
        return get_object_or_404(classes.filter(teacher__user=request.user), pk=pk)
    raise PermissionDenied
