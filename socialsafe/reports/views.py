from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found, permission_denied

from socialsafe.audit.services import audit_record
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
    audit_record(
        actor=request.user,
        verb="audit.viewed",
        school=request.school,
        data={k: v for k, v in request.GET.items() if k in AuditFilterForm.base_fields},
        request=request,
    )
    return render(request, "audit/log.html", {"page": page, "form": form, "query": query.urlencode()}, status=status)


# Where a refused URL names a row of a case's file: the model that holds it, so the case can be named in the log.
RECORD_OF_URL = {
    "evidence:detail": "evidence.EvidenceItem",
    "evidence:file": "evidence.EvidenceItem",
    "evidence:bundle_file": "evidence.Bundle",
    "letters:detail": "letters.Letter",
    "letters:download": "letters.Letter",
    "letters:send": "letters.Letter",
    "letters:posted": "letters.Letter",
    "registers:premises_detail": "registers.PremisesBan",
    "registers:premises_lift": "registers.PremisesBan",
    "registers:ict_detail": "registers.IctBan",
    "registers:ict_reinstate": "registers.IctBan",
    "incidents:action": "incidents.Action",
    "incidents:withdraw_action": "incidents.Action",
}


def _refused_case(request):
    """The case a refused URL is about, if it names one that exists (looked up whatever the school)."""
    from django.apps import apps

    from socialsafe.incidents.models import Incident

    match = request.resolver_match
    kwargs = match.kwargs
    case_id = kwargs.get("case") or kwargs.get("case_pk")
    if case_id is None and match.view_name in RECORD_OF_URL and "pk" in kwargs:
        model = apps.get_model(RECORD_OF_URL[match.view_name])
        case_id = model.objects.filter(pk=kwargs["pk"]).values_list("incident_id", flat=True).first()
    elif case_id is None and match.namespace == "incidents" and "pk" in kwargs:
        case_id = kwargs["pk"]
    if case_id is None:
        return None
    return Incident.objects.select_related("school").filter(pk=case_id).first()


def _record_refusal(request, status: int) -> None:
    """A signed-in person was refused a page that names a record: the log keeps the attempt (the answer is unchanged).

    The event belongs to the school whose case it was, so that its Principal sees who tried.
    """
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None or not match.kwargs:
        return
    case = _refused_case(request)
    data = {"path": request.path[:300], "status": status, "method": request.method}
    audit_record(
        actor=user,
        verb="access.refused",
        school=case.school if case else getattr(request, "school", None),
        case=case,
        data=data,
        request=request,
    )


def refused_403(request: HttpRequest, exception=None) -> HttpResponse:
    """The 403 page, after logging the refusal."""
    _record_refusal(request, 403)
    return permission_denied(request, exception)


def refused_404(request: HttpRequest, exception=None) -> HttpResponse:
    """The 404 page, after logging the refusal; the page says the same whether or not the record exists."""
    _record_refusal(request, 404)
    return page_not_found(request, exception)
