"""A school's public pages: raise a concern without an account, follow it, read the online-safety advice."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.concerns.access import get_school_by_slug
from socialsafe.concerns.forms import ConcernForm
from socialsafe.concerns.models import Concern, ConcernStatus
from socialsafe.concerns.services import concern_confirm, concern_from_token, concern_submit, settings_for
from socialsafe.concerns.throttle import throttle_hit
from socialsafe.lib.net import client_ip
from socialsafe.schools.models import Guardian

# Posts of the form from one address, and concerns for one email address: enough for a worried parent, not a bot.
IP_LIMIT, IP_WINDOW = 10, 60 * 60
EMAIL_LIMIT, EMAIL_WINDOW = 3, 24 * 60 * 60


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _too_many(request: HttpRequest, school, window: int) -> HttpResponse:
    wait = "in an hour" if window <= 60 * 60 else "tomorrow"
    response = render(request, "concerns/public/too_many.html", {"school": school, "wait": wait}, status=429)
    response["Retry-After"] = str(window)
    return response


def _known(request: HttpRequest, school) -> dict:
    """A signed-in parent of this school need not type their name and email again."""
    if not request.user.is_authenticated:
        return {}
    guardian = Guardian.objects.filter(school=school, user=request.user).first()
    return {"name": f"{guardian.first_name} {guardian.last_name}", "email": request.user.email} if guardian else {}


@require_http_methods(["GET", "POST"])
@submit_once(quiet=True)
def concern_new(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    if request.method == "POST" and not throttle_hit(
        scope="concern-ip", key=_ip(request), limit=IP_LIMIT, seconds=IP_WINDOW
    ):
        return _too_many(request, school, IP_WINDOW)
    form = ConcernForm(
        request.POST if request.method == "POST" else None, school=school, initial=_known(request, school)
    )
    if request.method == "POST" and form.is_valid():
        # A filled-in hidden field is a bot: it sees the same page as a person, and nothing is stored or sent.
        if not form.is_spam:
            email = form.cleaned_data["email"]
            if not throttle_hit(scope="concern-email", key=email, limit=EMAIL_LIMIT, seconds=EMAIL_WINDOW):
                return _too_many(request, school, EMAIL_WINDOW)
            concern_submit(school=school, fields=form.concern_fields(), by=request.user, request=request)
        return redirect("concerns_public:sent", school=school.slug)
    context = {"school": school, "form": form, "days": settings_for(school).response_days}
    return render(request, "concerns/public/form.html", context, status=400 if form.errors else 200)


@require_GET
def concern_sent(request: HttpRequest, school: str) -> HttpResponse:
    # The same page whatever the address: it never tells whether an email is known to the school.
    school = get_school_by_slug(school)
    return render(request, "concerns/public/sent.html", {"school": school})


@require_http_methods(["GET", "POST"])
def concern_confirm_view(request: HttpRequest, school: str, token: str) -> HttpResponse:
    school = get_school_by_slug(school)
    concern = concern_from_token(token, school=school)
    if concern is None:
        return render(request, "concerns/public/link_invalid.html", {"school": school}, status=404)
    if concern.status != ConcernStatus.PENDING:
        return redirect("concerns_public:status", school=school.slug, token=concern.status_token)
    if request.method == "POST":
        # Confirmed by a button, not by opening the link: email scanners open links on their own.
        concern = concern_confirm(concern=concern)
        return redirect(f"{_status_path(concern)}?sent=1")
    return render(request, "concerns/public/confirm.html", {"school": school, "concern": concern})


def _status_path(concern: Concern) -> str:
    return reverse("concerns_public:status", kwargs={"school": concern.school.slug, "token": concern.status_token})


@require_GET
def concern_status(request: HttpRequest, school: str, token: str) -> HttpResponse:
    school = get_school_by_slug(school)
    concern = get_object_or_404(
        Concern.objects.sent().select_related("school_class"), school=school, status_token=token[:64]
    )
    context = {
        "school": school,
        "concern": concern,
        "messages_from_school": concern.messages.all(),
        "just_sent": request.GET.get("sent") == "1",
        "days": settings_for(school).response_days,
    }
    # The parent's own page of their concern (by its secret link): who opened it, from where, is kept too.
    audit_record(actor=request.user, verb="concern.status_viewed", target=concern, request=request)
    return render(request, "concerns/public/status.html", context)


@require_GET
def online_safety(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    return render(request, "concerns/public/online_safety.html", {"school": school})
