"""Who may see which register entries. A register row is shown only to those who see its case's whole file."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from socialsafe.incidents.access import can_manage, get_incident_for_user, whole_file_incidents
from socialsafe.incidents.models import Incident
from socialsafe.registers.models import AccountReport, IctBan, PremisesBan, TeachingAccount
from socialsafe.schools.models import Member
from socialsafe.schools.roles import Perm, allows


def case_for_register(request, pk: int) -> Incident:
    """A case from which this person may add register entries: they must manage it (403), and see it (404)."""
    return get_incident_for_user(request, pk, manage=True)


def visible_premises_bans(request):
    """Bars of the current school whose case the person may see (the Principal is excluded from some)."""
    cases = whole_file_incidents(request.user, request.school, request.roles)
    return PremisesBan.objects.filter(school=request.school, incident__in=cases)


def get_premises_ban_for_user(request, pk: int, *, manage: bool = False) -> PremisesBan:
    """A bar on a visible case: for those who keep the register or manage the case."""
    ban = get_object_or_404(visible_premises_bans(request).select_related("incident", "guardian", "created_by"), pk=pk)
    if allows(request.roles, Perm.PREMISES_REGISTER):
        return ban
    if not can_manage(ban.incident, request.user, request.roles):
        raise PermissionDenied
    return ban


def visible_ict_bans(request):
    cases = whole_file_incidents(request.user, request.school, request.roles)
    return IctBan.objects.filter(school=request.school, incident__in=cases)


def get_ict_ban_for_user(request, pk: int) -> IctBan:
    """An ICT ban on a visible case: for those who keep that register or manage the case."""
    ban = get_object_or_404(visible_ict_bans(request).select_related("incident", "pupil", "reinstated_by"), pk=pk)
    if allows(request.roles, Perm.ICT_BANS):
        return ban
    if not can_manage(ban.incident, request.user, request.roles):
        raise PermissionDenied
    return ban


def member_for(request) -> Member:
    """The signed-in person's staff record in the current school (403 for anyone else)."""
    member = Member.objects.filter(school=request.school, user=request.user, is_active=True).first()
    if member is None:
        raise PermissionDenied
    return member


def get_account_for_user(request, pk: int, *, decide: bool = False) -> TeachingAccount:
    """An account of this school: the Principal sees them all, staff their own requests and approved ones."""
    accounts = TeachingAccount.objects.filter(school=request.school).select_related(
        "requested_by", "school_class", "decided_by", "conduct_case"
    )
    account = get_object_or_404(accounts, pk=pk)
    approver = allows(request.roles, Perm.APPROVE_TEACHING_ACCOUNTS)
    if decide and not approver:
        raise PermissionDenied
    if approver or account.requested_by.user_id == request.user.pk or account.status == "approved":
        return account
    raise PermissionDenied


def get_account_report_for_user(request, pk: int) -> AccountReport:
    if not allows(request.roles, Perm.APPROVE_TEACHING_ACCOUNTS):
        raise PermissionDenied
    return get_object_or_404(AccountReport.objects.filter(school=request.school), pk=pk)
