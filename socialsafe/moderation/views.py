from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.incidents.access import can_manage, get_incident_for_user
from socialsafe.incidents.models import InvalidTransition
from socialsafe.moderation.forms import DismissForm, ThresholdsForm
from socialsafe.moderation.models import Flag
from socialsafe.moderation.services import flag_confirm, flag_dismiss, thresholds_for, thresholds_set
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm


def _flag_for_manager(request, pk: int) -> Flag:
    flag = get_object_or_404(Flag.objects.select_related("scored"), pk=pk)
    incident = get_incident_for_user(request, flag.incident_id)  # 404 if the case is not theirs to see
    if not can_manage(incident, request.user, request.roles):
        raise PermissionDenied
    flag.incident = incident
    return flag


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _flag_for_manager(request, pk)
    try:
        flag_confirm(flag=flag, by=request.user)
    except (ValidationError, InvalidTransition) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request, f"Confirmed: the content is {flag.label_name}. The policy's actions have been updated."
        )
    return redirect("incidents:detail", pk=flag.incident_id)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _flag_for_manager(request, pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the suggestion is dismissed.")
        return redirect("incidents:detail", pk=flag.incident_id)
    try:
        flag_dismiss(flag=flag, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Suggestion dismissed; the reason is on the timeline.")
    return redirect("incidents:detail", pk=flag.incident_id)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.MODERATION_THRESHOLDS)
def thresholds(request: HttpRequest) -> HttpResponse:
    current = thresholds_for(request.school)
    form = ThresholdsForm(request.POST if request.method == "POST" else None, thresholds=current)
    if request.method == "POST" and form.is_valid():
        thresholds_set(school=request.school, by=request.user, values=form.values())
        messages.success(request, "Thresholds saved. They apply to texts read from now on.")
        return redirect("moderation:thresholds")
    return render(request, "moderation/thresholds.html", {"form": form}, status=400 if form.errors else 200)
