from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm, allows
from socialsafe.subjectaccess import services
from socialsafe.subjectaccess.access import get_export_for_user, get_request_for_user
from socialsafe.subjectaccess.collect import collect
from socialsafe.subjectaccess.export import open_export, type_label
from socialsafe.subjectaccess.forms import ExtendForm, MoveForm, RedactionForm, RequestForm
from socialsafe.subjectaccess.models import InvalidTransition, SubjectAccessRequest
from socialsafe.subjectaccess.redact import STAFF_PLACEHOLDER, staff_in, third_parties


@require_GET
@require_perm(Perm.SUBJECT_ACCESS)
def request_list(request: HttpRequest) -> HttpResponse:
    rows = SubjectAccessRequest.objects.filter(school=request.school).select_related(
        "subject_pupil", "subject_guardian", "subject_member"
    )
    audit_record(actor=request.user, verb="subjectaccess.listed", school=request.school, request=request)
    return render(request, "subjectaccess/list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@require_perm(Perm.SUBJECT_ACCESS)
@submit_once
def request_new(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST if request.method == "POST" else None, school=request.school)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items()}
        try:
            sar = services.sar_create(school=request.school, by=request.user, fields=fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Recorded. The answer is due by {sar.due_on:%-d %b %Y}.")
            return redirect("subjectaccess:detail", pk=sar.pk)
    return render(request, "subjectaccess/form.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request, sar, *, extend=None, move=None, status=200) -> HttpResponse:
    context = {
        "sar": sar,
        "extend_form": extend or ExtendForm(),
        "move_form": move or MoveForm(sar=sar),
        "exports": sar.exports.select_related("produced_by"),
        "may_export": allows(request.roles, Perm.SUBJECT_ACCESS_EXPORT),
    }
    return render(request, "subjectaccess/detail.html", context, status=status)


@require_GET
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sar = get_request_for_user(request, pk)
    audit_record(actor=request.user, verb="subjectaccess.viewed", target=sar, request=request)
    return _detail(request, sar)


@require_POST
@login_required
@submit_once
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    sar = get_request_for_user(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            sar = services.sar_extend(sar=sar, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Extended. The answer is now due by {sar.due_on:%-d %b %Y}.")
            return redirect("subjectaccess:detail", pk=sar.pk)
    return _detail(request, sar, extend=form, status=400)


@require_POST
@login_required
@submit_once
def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    sar = get_request_for_user(request, pk)
    form = MoveForm(request.POST, sar=sar)
    if form.is_valid():
        try:
            sar = services.sar_move(sar=sar, by=request.user, to=form.cleaned_data["to"])
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The request is now marked {sar.get_status_display().lower()}.")
            return redirect("subjectaccess:detail", pk=sar.pk)
    return _detail(request, sar, move=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def redaction(request: HttpRequest, pk: int) -> HttpResponse:
    sar = get_request_for_user(request, pk, export=True)
    c = collect(sar)
    staff = staff_in(c)
    initial = {
        "withheld_staff": sar.redaction.get("withheld_staff", []),
        "include_evidence": sar.redaction.get("include_evidence", False),
    }
    form = RedactionForm(request.POST if request.method == "POST" else None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sar_redaction_confirm(sar=sar, by=request.user, **form.cleaned_data)
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Redaction confirmed. You can now produce the export.")
            return redirect("subjectaccess:detail", pk=sar.pk)
    else:
        audit_record(actor=request.user, verb="subjectaccess.redaction_viewed", target=sar, request=request)
    withheld = set(initial["withheld_staff"])
    context = {
        "sar": sar,
        "form": form,
        "parties": third_parties(c, withheld_staff=set()),
        "staff": staff,
        "withheld": withheld,
        "staff_placeholder": STAFF_PLACEHOLDER,
        "evidence": [f for f in c.files if f.record_type == "evidence_item"],
        "counts": sorted((type_label(t), n) for t, n in c.counts().items()),
    }
    return render(request, "subjectaccess/redaction.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
@submit_once
def produce(request: HttpRequest, pk: int) -> HttpResponse:
    sar = get_request_for_user(request, pk, export=True)
    try:
        export = services.sar_export_produce(sar=sar, by=request.user)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return _detail(request, sar, status=400)
    messages.success(request, f"Export produced ({export.size:,} bytes, SHA-256 {export.sha256[:16]}…).")
    return redirect("subjectaccess:detail", pk=sar.pk)


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_export_for_user(request, pk)
    path = services.export_path(export)
    if export.deleted_at or not path.exists():
        raise Http404("This export has been deleted.")
    services.sar_export_downloaded(export=export, by=request.user, request=request)
    return FileResponse(open_export(path), as_attachment=True, filename=export.download_name)
