"""Which cases a person may see and manage. Every incident query goes through visible_incidents().

Need-to-know, from the policy's routing: the Principal sees the school's cases, the Chair of Governors the cases
in which the Principal is the target; designated teachers see pupils' cases, class teachers their own pupils'.
Anyone named in a case as target or responsible is excluded from it, whatever their role.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from socialsafe.incidents.models import Action, Incident, Kind, ResponsibleKind, Route, TargetKind
from socialsafe.schools.roles import CHILD_PROTECTION, GOVERNOR_ROLES, STAFF_ROLES, Role

PUPIL_CASE = (
    Q(target_kind=TargetKind.PUPIL)
    | Q(responsible_kind=ResponsibleKind.PUPIL)
    | Q(on_behalf_of__isnull=False)
    | Q(
        kind__in=[
            Kind.PUPIL_CYBERBULLYING,
            Kind.IMPROPER_CONTACT,
            Kind.PUPIL_IMAGES,
            Kind.PUPIL_PHONE,
            Kind.PUPIL_JOIN_STAFF,
            Kind.FIREWALL,
        ]
    )
)


def visible_incidents(user, school, roles: frozenset[str]) -> QuerySet[Incident]:
    """The school's cases this person may see; never one in which they are named."""
    if school is None or roles.isdisjoint(STAFF_ROLES | GOVERNOR_ROLES):
        return Incident.objects.none()
    mine = Q(reported_by=user) | Q(handler__user=user) | Q(actions__owner__user=user)
    school_route = Q(route=Route.SCHOOL)
    q = mine
    if roles & {Role.PRINCIPAL, Role.VICE_PRINCIPAL}:
        q |= school_route
    if roles & CHILD_PROTECTION:
        q |= school_route & PUPIL_CASE
    if Role.CLASS_TEACHER in roles:
        q |= school_route & (
            Q(target_pupil__school_class__teacher__user=user)
            | Q(responsible_pupil__school_class__teacher__user=user)
            | Q(on_behalf_of__school_class__teacher__user=user)
        )
    if Role.ICT_COORDINATOR in roles:
        q |= school_route & Q(kind=Kind.FIREWALL)
    if Role.CHAIR_OF_GOVERNORS in roles:
        q |= Q(route=Route.GOVERNORS)
    ids = Incident.objects.filter(school=school).filter(q).values("id")
    return Incident.objects.filter(id__in=ids).exclude(exclusions__user=user)


def can_manage(incident: Incident, user, roles: frozenset[str]) -> bool:
    """May triage, change facts, move the case on and add actions: the handler and those above them."""
    if incident.handler and incident.handler.user_id == user.pk:
        return True
    if incident.route == Route.GOVERNORS:
        return Role.CHAIR_OF_GOVERNORS in roles
    if roles & {Role.PRINCIPAL, Role.VICE_PRINCIPAL}:
        return True
    return bool(roles & CHILD_PROTECTION) and Incident.objects.filter(pk=incident.pk).filter(PUPIL_CASE).exists()


def get_incident_for_user(request, pk: int, *, manage: bool = False) -> Incident:
    """A case this person may see (404 otherwise, so that its existence is not revealed); 403 to change it."""
    incident = get_object_or_404(
        visible_incidents(request.user, request.school, request.roles).select_related(
            "handler",
            "target_pupil__school_class",
            "target_member",
            "responsible_pupil",
            "responsible_guardian",
            "responsible_member",
            "on_behalf_of",
            "reported_by",
        ),
        pk=pk,
    )
    if manage and not can_manage(incident, request.user, request.roles):
        raise PermissionDenied
    return incident


def get_action_for_user(request, pk: int) -> Action:
    """An action on a visible case that this person may complete: its owner, or whoever manages the case."""
    action = get_object_or_404(Action.objects.select_related("incident", "owner"), pk=pk)
    incident = get_incident_for_user(request, action.incident_id)
    if action.owner.user_id != request.user.pk and not can_manage(incident, request.user, request.roles):
        raise PermissionDenied
    action.incident = incident
    return action
