from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from socialsafe.reports.selectors import audit_events_for
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm


@require_GET
@require_perm(Perm.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = audit_events_for(user=request.user, school=request.school, roles=request.roles)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page})
