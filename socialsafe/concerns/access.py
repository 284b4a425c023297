"""Who may see which concern, document and child. 404 for another school's rows, 403 for the wrong role."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from socialsafe.concerns.models import AUDIENCE, Audience, Concern, DocKind, PolicyVersion, ReplyTemplate
from socialsafe.schools.models import Guardian, Pupil, School
from socialsafe.schools.roles import STAFF_ROLES, Perm, Role, allows


def get_school_by_slug(slug: str) -> School:
    """A school's public pages: any school, by the slug in its web address."""
    return get_object_or_404(School, slug=slug)


def get_concern_for_user(request, pk: int) -> Concern:
    """A confirmed concern of the current school, for the Principal or Vice-Principal only."""
    if not allows(request.roles, Perm.CONCERNS_INBOX):
        raise PermissionDenied
    return get_object_or_404(
        Concern.objects.sent().filter(school=request.school).select_related("school", "school_class", "incident"),
        pk=pk,
    )


def get_template_for_user(request, pk: int) -> ReplyTemplate:
    """One of the current school's reply templates."""
    if not allows(request.roles, Perm.CONCERNS_INBOX):
        raise PermissionDenied
    return get_object_or_404(ReplyTemplate, school=request.school, pk=pk)


def get_child_for_parent(request, pk: int) -> tuple[Pupil, Guardian]:
    """One of the signed-in parent's own children at the current school, with the parent's roster row."""
    if not allows(request.roles, Perm.SET_PHOTO_CONSENT):
        raise PermissionDenied
    guardian = get_object_or_404(Guardian, school=request.school, user=request.user)
    pupil = get_object_or_404(Pupil.objects.current().filter(school=request.school, guardians=guardian), pk=pk)
    return pupil, guardian


def get_guardian_for_invite(request, pk: int) -> Guardian:
    """A parent on the current school's roster, for the Principal, Vice-Principal or office."""
    if not allows(request.roles, Perm.INVITE_PARENTS):
        raise PermissionDenied
    return get_object_or_404(Guardian, school=request.school, pk=pk)


def may_read(roles: frozenset[str], kind: str) -> bool:
    """A document is for parents or for staff; managers read every one."""
    if allows(roles, Perm.MANAGE_POLICIES):
        return True
    audience = AUDIENCE[DocKind(kind)]
    return (audience == Audience.PARENTS and Role.PARENT in roles) or (
        audience == Audience.STAFF and bool(roles & STAFF_ROLES)
    )


def get_version_for_user(request, pk: int) -> PolicyVersion:
    """A version of one of the current school's documents, for those it is addressed to (and managers)."""
    if not allows(request.roles, Perm.ACKNOWLEDGE_POLICIES):
        raise PermissionDenied
    version = get_object_or_404(
        PolicyVersion.objects.select_related("document__school"), document__school=request.school, pk=pk
    )
    if not may_read(request.roles, version.document.kind):
        raise PermissionDenied
    return version


def get_kind_for_manager(request, kind: str) -> DocKind:
    """A document kind the current school's Principal or Vice-Principal manages."""
    if not allows(request.roles, Perm.MANAGE_POLICIES):
        raise PermissionDenied
    if kind not in DocKind.values:
        raise Http404
    return DocKind(kind)
