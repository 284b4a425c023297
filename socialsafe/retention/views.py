from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.incidents.models import Incident
from socialsafe.retention import selectors, services
from socialsafe.retention.access import get_authority_for_officer, get_hold_for_user, get_review_for_user
from socialsafe.retention.forms import DestroyForm, HoldForm, KeepForm, OverrideForm, ReasonForm
from socialsafe.retention.models import RuleOverride
from socialsafe.retention.schedule import BY_KEY, CLASSES, rule_for
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm, allows


@require_GET
@require_perm(Perm.RETENTION_SCHEDULE)
def schedule(request: HttpRequest) -> HttpResponse:
    audit_record(actor=request.user, verb="retention.schedule_viewed", school=request.school, request=request)
    context = {
        "rules": selectors.schedule_for(request.school),
        "holds": selectors.holds_for(request.school) if allows(request.roles, Perm.LEGAL_HOLD) else None,
        "may_review": allows(request.roles, Perm.RETENTION_REVIEW),
    }
    return render(request, "retention/schedule.html", context)


def _queue_page(request, *, keep_forms=None, destroy_forms=None, status=200) -> HttpResponse:
    rows = selectors.review_queue(request.school)
    keep_forms, destroy_forms = keep_forms or {}, destroy_forms or {}
    for row in rows:
        row.keep_form = keep_forms.get(row.review.pk) or KeepForm(prefix=f"keep-{row.review.pk}")
        row.destroy_form = destroy_forms.get(row.review.pk) or DestroyForm(prefix=f"destroy-{row.review.pk}")
    errors = [f for f in [*keep_forms.values(), *destroy_forms.values()] if f.errors]
    return render(
        request, "retention/queue.html", {"reviews": rows, "error_form": errors[0] if errors else None}, status=status
    )


@require_GET
@require_perm(Perm.RETENTION_REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    audit_record(actor=request.user, verb="retention.queue_viewed", school=request.school, request=request)
    return _queue_page(request)


@require_POST
@login_required
@submit_once
def keep(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk)
    form = KeepForm(request.POST, prefix=f"keep-{pk}")
    if form.is_valid():
        try:
            kept = services.review_keep(
                review=review,
                by=request.user,
                reason=form.cleaned_data["reason"],
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except services.RetentionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Kept. It will be reviewed again on {kept.next_review_on:%-d %b %Y}.")
            return redirect("retention:queue")
    return _queue_page(request, keep_forms={pk: form}, status=400)


@require_POST
@login_required
@submit_once
def destroy(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk)
    form = DestroyForm(request.POST, prefix=f"destroy-{pk}")
    if form.is_valid():
        try:
            services.review_destroy(review=review, by=request.user)
        except services.RetentionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Destroyed. Only a record that it was destroyed is kept.")
            return redirect("retention:queue")
    return _queue_page(request, destroy_forms={pk: form}, status=400)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.LEGAL_HOLD)
@submit_once
def holds(request: HttpRequest) -> HttpResponse:
    # From a case page's "Put this case under legal hold": its reference is filled in.
    initial = {"reference": request.GET.get("case", "")[:20]}
    form = HoldForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()  # "gle-2026-0008 " as typed is the same case
        incident = Incident.objects.filter(school=request.school, reference=reference)
        incident = incident.first()
        if incident is None:
            form.add_error("reference", "There is no case with that reference in this school.")
        else:
            try:
                services.hold_set(incident=incident, by=request.user, reason=form.cleaned_data["reason"])
            except services.RetentionError as e:
                form.add_error("reference", str(e))
            else:
                messages.success(request, f"Case {incident.reference} is now under legal hold.")
                return redirect("retention:holds")
    if request.method == "GET":
        audit_record(actor=request.user, verb="retention.holds_viewed", school=request.school, request=request)
    return _holds_page(request, form=form, status=400 if form.errors else 200)


def _holds_page(request, *, form, lift_form=None, status=200) -> HttpResponse:
    holds = list(selectors.holds_for(request.school))
    for hold in holds:
        mine = lift_form is not None and lift_form.prefix == f"lift-{hold.pk}"
        hold.lift_form = lift_form if mine else ReasonForm(prefix=f"lift-{hold.pk}")
    context = {"form": form, "holds": holds, "lift_form": lift_form}
    return render(request, "retention/holds.html", context, status=status)


@require_POST
@login_required
@submit_once
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    hold = get_hold_for_user(request, pk)
    form = ReasonForm(request.POST, prefix=f"lift-{pk}")
    if form.is_valid():
        try:
            services.hold_lift(hold=hold, by=request.user, reason=form.cleaned_data["reason"])
        except services.RetentionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"The legal hold on case {hold.incident.reference} is lifted.")
            return redirect("retention:holds")
    return _holds_page(request, form=HoldForm(), lift_form=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def authority(request: HttpRequest) -> HttpResponse:
    ea = get_authority_for_officer(request)
    form = OverrideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.override_set(
                authority=ea,
                record_class=data["record_class"],
                years=data["years"],
                months=data["months"] or 0,
                action=data["action"],
                note=data["note"],
                by=request.user,
            )
        except services.RetentionError as e:
            form.add_error("years" if "shorter" in str(e) else "action", str(e))
        else:
            messages.success(request, f"Saved the rule for {BY_KEY[data['record_class']].label.lower()}.")
            return redirect("retention:authority")
    if request.method == "GET":
        audit_record(actor=request.user, verb="retention.authority_viewed", request=request)
    overrides = {o.record_class: o for o in RuleOverride.objects.filter(authority=ea)}
    rules = [(rule_for(c, overrides), c, c.key in overrides) for c in CLASSES]
    context = {"authority": ea, "rules": rules, "form": form}
    return render(request, "retention/authority.html", context, status=400 if form.errors else 200)
