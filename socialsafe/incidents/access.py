"""Which cases a person may know of, and how much of each they see. Every incident query goes through here.

Need-to-know, from the policy (rules.FILE_ACCESS): the Principal and Vice-Principal see the whole file of the
school's cases, the Chair of Governors of the cases in which the Principal is the target, designated teachers of
pupils' cases, class teachers of their own pupils', the ICT co-ordinator of firewall cases; the handler of a case
sees its whole file too. The reporter of a case sees what they reported and where the case stands; the owner of an
action sees that action and what it needs. Anyone named in a case as target or responsible is excluded from it,
whatever their role. An allegation about a member of staff's suitability to work with pupils is known only to the
Principal, the designated teachers and the Chair of Governors (rules.ALLEGATION_ROLES), its handler, its reporter
(their part) and the owners of its actions, who can only be those posts.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from socialsafe.incidents import rules
from socialsafe.incidents.models import Action, Incident, Kind, ResponsibleKind, Route, TargetKind
from socialsafe.schools.models import Member, Pupil
from socialsafe.schools.roles import CHILD_PROTECTION, GOVERNOR_ROLES, STAFF_ROLES, Role

PUPIL_CASE = (
    Q(target_kind=TargetKind.PUPIL)
    | Q(responsible_kind=ResponsibleKind.PUPIL)
    | Q(on_behalf_of__isnull=False)
    | Q(kind__in=sorted(rules.PUPIL_CASE_KINDS))
)

# An allegation about a member of staff's suitability to work with pupils: known only to rules.ALLEGATION_ROLES.
ALLEGATION = Q(kind=Kind.STAFF_CONDUCT, suitability_allegation=True)


def _cases_q(cases: str, user) -> Q:
    """The query for one kind of case named in rules.FILE_ACCESS."""
    school_route = Q(route=Route.SCHOOL)
    if cases == rules.SCHOOL_CASES:
        return school_route
    if cases == rules.PUPIL_CASES:
        return school_route & PUPIL_CASE
    if cases == rules.OWN_PUPILS_CASES:
        # The teacher's pupils as a subquery of ids: joining each case to its pupils' classes would make the
        # database read every case of the school before it can tell which are theirs.
        own = Pupil.objects.filter(school_class__teacher__user=user).values("id")
        return school_route & (Q(target_pupil__in=own) | Q(responsible_pupil__in=own) | Q(on_behalf_of__in=own))
    if cases == rules.FIREWALL_CASES:
        return school_route & Q(kind=Kind.FIREWALL)
    if cases == rules.GOVERNORS_CASES:
        return Q(route=Route.GOVERNORS)
    if cases == rules.CONDUCT_CHILD_PROTECTION_CASES:
        return Q(kind=Kind.STAFF_CONDUCT) & (Q(pupil_contact=True) | Q(suitability_allegation=True))
    if cases == rules.ALLEGATION_CASES:
        return ALLEGATION
    raise ValueError(f"Unknown kind of case in FILE_ACCESS: {cases}")


def _memberships(user):
    """This person's staff and governor records, as a subquery: a join to every member of the authority is not needed
    to find the cases they handle or own an action on."""
    return Member.objects.filter(user=user).values("id")


def _whole_file_q(user, roles: frozenset[str]) -> Q:
    by_role = Q()
    for cases in rules.file_access_for(roles):
        by_role |= _cases_q(cases, user)
    if by_role and not rules.sees_allegations(roles):
        by_role &= ~ALLEGATION  # the Vice-Principal, a class teacher: not an allegation about a colleague
    return Q(handler__in=_memberships(user)) | by_role


def _scoped(user, school, roles: frozenset[str], q: Q) -> QuerySet[Incident]:
    # The school comes first, so that the database narrows to one school's cases by its index; every condition in
    # `q` is on the case's own row or an id subquery, so no row is repeated and no DISTINCT or id subquery is needed.
    if school is None or roles.isdisjoint(STAFF_ROLES | GOVERNOR_ROLES):
        return Incident.objects.none()
    return Incident.objects.filter(school=school).filter(q).exclude(exclusions__user=user)


def visible_incidents(user, school, roles: frozenset[str]) -> QuerySet[Incident]:
    """The school's cases this person may know of (whole file or their part); never one in which they are named."""
    owned = Action.objects.filter(owner__in=_memberships(user)).values("incident_id")
    mine = Q(reported_by=user) | Q(id__in=owned)
    return _scoped(user, school, roles, _whole_file_q(user, roles) | mine)


def whole_file_incidents(user, school, roles: frozenset[str]) -> QuerySet[Incident]:
    """The school's cases whose whole file this person sees: evidence, letters, registers, timeline, audit."""
    return _scoped(user, school, roles, _whole_file_q(user, roles))


@dataclass(frozen=True)
class CaseAccess:
    """How much of one case a person sees."""

    whole_file: bool
    reporter: bool
    action_owner: bool


def case_access(incident: Incident, user, roles: frozenset[str]) -> CaseAccess:
    """What this person sees of a case they may know of (call it only for a visible case)."""
    whole = whole_file_incidents(user, incident.school, roles).filter(pk=incident.pk).exists()
    return CaseAccess(
        whole_file=whole,
        reporter=incident.reported_by_id == user.pk,
        action_owner=incident.actions.filter(owner__user=user).exists(),
    )


def can_manage(incident: Incident, user, roles: frozenset[str]) -> bool:
    """May triage, change facts, move the case on and add actions: the handler and those above them."""
    if incident.handler and incident.handler.user_id == user.pk:
        return True
    if incident.route == Route.GOVERNORS:
        return Role.CHAIR_OF_GOVERNORS in roles
    allegation = incident.kind == Kind.STAFF_CONDUCT and incident.suitability_allegation
    if allegation:
        # The reporter of an allegation who is the Vice-Principal sees their part of it, and changes nothing.
        return bool(roles & rules.ALLEGATION_MANAGERS)
    if roles & {Role.PRINCIPAL, Role.VICE_PRINCIPAL}:
        return True
    conduct = incident.kind == Kind.STAFF_CONDUCT and incident.pupil_contact
    return bool(roles & CHILD_PROTECTION) and (
        conduct or Incident.objects.filter(pk=incident.pk).filter(PUPIL_CASE).exists()
    )


def get_incident_for_user(request, pk: int, *, manage: bool = False, whole_file: bool = False) -> Incident:
    """A case this person may know of (404 otherwise, so that its existence is not revealed).

    403 when they may not change it (manage) or see only their part of it (whole_file). The result carries
    `.access`, a CaseAccess.
    """
    incident = get_object_or_404(
        visible_incidents(request.user, request.school, request.roles).select_related(
            "school",
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
    incident.access = case_access(incident, request.user, request.roles)
    if manage and not can_manage(incident, request.user, request.roles):
        raise PermissionDenied
    if whole_file and not incident.access.whole_file:
        raise PermissionDenied
    return incident


def get_action_for_user(request, pk: int) -> Action:
    """An action on a visible case that this person may complete: its owner, or whoever manages the case."""
    action = get_object_or_404(Action.objects.select_related("incident", "owner"), pk=pk)
    incident = get_incident_for_user(request, action.incident_id)
    if action.owner.user_id != request.user.pk:
        if not incident.access.whole_file:
            raise Http404  # someone who sees only their part of the case does not learn of the others' actions
        if not can_manage(incident, request.user, request.roles):
            raise PermissionDenied
    action.incident = incident
    return action
