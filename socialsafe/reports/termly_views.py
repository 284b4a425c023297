"""The Governors' termly report: the list and the form, a stored report on screen, and its stored PDF.

A GET shows what was stored when the report was produced and computes nothing; only "Produce the report" (a POST,
done once however often it is sent) reads the records.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.reports.access import get_report_for_user, produces_scope, visible_reports
from socialsafe.reports.forms import TermlyReportForm
from socialsafe.reports.services import termly_report_produce
from socialsafe.reports.termly import SCOPES, termly_charts, termly_dates
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm, Role, allows

PRODUCED_AS = {
    Role.PRINCIPAL: "the Principal",
    Role.VICE_PRINCIPAL: "the Vice-Principal",
    Role.CHAIR_OF_GOVERNORS: "the Chair of Governors",
}


def _produced_as(roles: frozenset[str]) -> str:
    return next(words for role, words in PRODUCED_AS.items() if role in roles)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.GOVERNORS_REPORT_READ)
@submit_once
def termly(request: HttpRequest) -> HttpResponse:
    may_produce = allows(request.roles, Perm.GOVERNORS_REPORT)
    form = TermlyReportForm(request.POST or None)
    if request.method == "POST":
        if not may_produce:
            raise PermissionDenied
        if form.is_valid():
            run = termly_report_produce(
                school=request.school,
                scope=produces_scope(request.roles),
                period=form.cleaned_data["the_period"],
                produced_as=_produced_as(request.roles),
                by=request.user,
                request=request,
            )
            messages.success(request, f"The report for {run.label} has been produced.")
            return redirect("reports:termly_detail", pk=run.pk)
    reports = visible_reports(request.user, request.school, request.roles).defer("pdf", "figures")[:50]
    context = {
        "form": form,
        "reports": reports,
        "may_produce": may_produce,
        "scope_label": SCOPES[produces_scope(request.roles)],
    }
    return render(request, "reports/termly.html", context, status=400 if form.errors else 200)


@require_GET
@require_perm(Perm.GOVERNORS_REPORT_READ)
def termly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_report_for_user(request, pk)
    audit_record(actor=request.user, verb="reports.termly_viewed", target=run, request=request)
    context = {
        "run": run,
        "f": run.figures,
        "charts": termly_charts(run.figures),
        "dates": termly_dates(run.figures),
        "scope_label": SCOPES[run.scope],
        "may_produce": allows(request.roles, Perm.GOVERNORS_REPORT) and run.scope == produces_scope(request.roles),
        "again": run.parameters,
        "chart_template": "reports/_chart.html",
    }
    return render(request, "reports/termly_detail.html", context)


@require_GET
@require_perm(Perm.GOVERNORS_REPORT_READ)
def termly_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_report_for_user(request, pk, with_pdf=True)
    audit_record(actor=request.user, verb="reports.termly_downloaded", target=run, request=request)
    response = HttpResponse(bytes(run.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{run.file_name}"'
    response["Cache-Control"] = "no-store"
    return response
