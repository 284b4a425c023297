from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from socialsafe.audit.words import sentence
from socialsafe.reports.forms import AuditFilterForm
from socialsafe.reports.selectors import audit_events_filter, audit_events_for
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm

User = get_user_model()


@require_GET
@require_perm(Perm.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = audit_events_for(user=request.user, school=request.school, roles=request.roles)
    people = User.objects.filter(pk__in=events.values("actor_id")).order_by("full_name")
    form = AuditFilterForm(request.GET or None, people=people)
    if form.is_valid():
        events = audit_events_filter(events, school=request.school, **form.cleaned_data)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.sentence = sentence(event)
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if form.errors else 200
    return render(request, "audit/log.html", {"page": page, "form": form, "query": query.urlencode()}, status=status)
