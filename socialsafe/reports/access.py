"""Which produced reports a person may read.

The Principal, the Vice-Principal, the Chair and the governors read the school's version (reports.termly SCHOOL).
The Board's version, which counts the cases taken to the Governors because the Principal is their subject, is read
by the Chair and the governors only: never by the Principal or the Vice-Principal (who do not see those cases), nor
by anyone named in one of them. To them it does not exist (404), so its existence tells them nothing either.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from socialsafe.reports.models import ReportKind, ReportRun, ReportScope
from socialsafe.schools.roles import SENIOR, Perm, Role, allows


def reads_board_version(user, school, roles: frozenset[str]) -> bool:
    """May read the Board's version: the Chair or a governor, not senior staff, not named in a Governors' case."""
    from socialsafe.incidents.models import Exclusion, Route

    if roles & SENIOR or not roles & {Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR}:
        return False
    return not Exclusion.objects.filter(user=user, incident__school=school, incident__route=Route.GOVERNORS).exists()


def produces_scope(roles: frozenset[str]) -> str:
    """The version this person produces: the Board's for the Chair, the school's for senior staff."""
    return ReportScope.BOARD if Role.CHAIR_OF_GOVERNORS in roles and not roles & SENIOR else ReportScope.SCHOOL


def visible_reports(user, school, roles: frozenset[str]) -> QuerySet[ReportRun]:
    """The school's termly reports this person may read, newest first."""
    if school is None or not allows(roles, Perm.GOVERNORS_REPORT_READ):
        return ReportRun.objects.none()
    reports = ReportRun.objects.filter(school=school, kind=ReportKind.TERMLY)
    if not reads_board_version(user, school, roles):
        reports = reports.exclude(scope=ReportScope.BOARD)
    return reports.select_related("produced_by", "school")


def get_report_for_user(request, pk: int, *, with_pdf: bool = False) -> ReportRun:
    """A report this person may read; 404 for another school's, or for a version they may not know of."""
    if not allows(request.roles, Perm.GOVERNORS_REPORT_READ):
        raise PermissionDenied
    reports = visible_reports(request.user, request.school, request.roles)
    return get_object_or_404(reports if with_pdf else reports.defer("pdf"), pk=pk)
