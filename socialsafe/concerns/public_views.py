"""A school's public pages: raise a concern without an account, follow it, read the online-safety advice."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.concerns.access import get_school_by_slug
from socialsafe.concerns.forms import AnswerForm, ConcernForm
from socialsafe.concerns.models import Concern, ConcernStatus, DocKind, InvalidTransition, PolicyDocument
from socialsafe.concerns.services import (
    concern_answer,
    concern_can_answer,
    concern_confirm,
    concern_from_token,
    concern_submit,
    settings_for,
)
from socialsafe.concerns.throttle import throttle_hit
from socialsafe.incidents.rules import FAMILIES_TOLD
from socialsafe.lib.net import client_ip
from socialsafe.schools.crest import crest_bytes
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


def _concern_by_token(school, token: str) -> Concern:
    # Another school's token under this school's address is a 404 like any unknown one.
    return get_object_or_404(
        Concern.objects.sent().select_related("school_class", "guardian"), school=school, status_token=token[:64]
    )


def _status_context(request: HttpRequest, school, concern: Concern, form: AnswerForm | None = None) -> dict:
    return {
        "school": school,
        "concern": concern,
        "thread": concern.messages.all(),
        "just_sent": request.GET.get("sent") == "1",
        "days": settings_for(school).response_days,
        "can_answer": concern_can_answer(concern),
        "answer_form": form or AnswerForm(),
    }


@require_GET
def concern_status(request: HttpRequest, school: str, token: str) -> HttpResponse:
    school = get_school_by_slug(school)
    concern = _concern_by_token(school, token)
    # The parent's own page of their concern (by its secret link): who opened it, from where, is kept too.
    audit_record(actor=request.user, verb="concern.status_viewed", target=concern, request=request)
    return render(request, "concerns/public/status.html", _status_context(request, school, concern))


# A parent's answers to the school's reply, per concern and per address: a conversation, not a flood.
ANSWER_LIMIT, ANSWER_WINDOW = 5, 60 * 60


@require_POST
@submit_once(quiet=True)
def concern_answer_view(request: HttpRequest, school: str, token: str) -> HttpResponse:
    school = get_school_by_slug(school)
    concern = _concern_by_token(school, token)
    form = AnswerForm(request.POST)
    if form.is_valid():
        # Counted once the answer is well formed: those are what store a message and send two emails. A refused
        # post stores and sends nothing.
        for scope, key in (("answer-token", concern.status_token), ("answer-ip", _ip(request))):
            if not throttle_hit(scope=scope, key=key, limit=ANSWER_LIMIT, seconds=ANSWER_WINDOW):
                return _too_many(request, school, ANSWER_WINDOW)
        try:
            concern_answer(concern=concern, text=form.cleaned_data["text"], by=request.user, request=request)
        except (ValidationError, InvalidTransition) as exc:
            form.add_error(None, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("concerns_public:answered", school=school.slug, token=concern.status_token)
    context = _status_context(request, school, concern, form)
    return render(request, "concerns/public/status.html", context, status=400)


@require_GET
def concern_answered(request: HttpRequest, school: str, token: str) -> HttpResponse:
    school = get_school_by_slug(school)
    concern = _concern_by_token(school, token)
    return render(request, "concerns/public/answered.html", {"school": school, "concern": concern})


@require_GET
def online_safety(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    return render(request, "concerns/public/online_safety.html", {"school": school})


# --- The school's public pages (part "public", issue 18): no sign-in, no personal data ---


def _current(school, kind: str):
    """The version in force today: never one dated in the future."""
    document = PolicyDocument.objects.filter(school=school, kind=kind).first()
    return document.current_version() if document else None


@require_GET
def school_home(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    context = {
        "school": school,
        "policy": _current(school, DocKind.SOCIAL_MEDIA),
        "code": _current(school, DocKind.CODE_OF_CONDUCT),
    }
    return render(request, "concerns/public/home.html", context)


PUBLIC_DOCUMENTS = {"policy": DocKind.SOCIAL_MEDIA, "code-of-conduct": DocKind.CODE_OF_CONDUCT}


@require_GET
def school_document(request: HttpRequest, school: str, kind: str) -> HttpResponse:
    school = get_school_by_slug(school)
    version = _current(school, PUBLIC_DOCUMENTS[kind])
    if version is None:
        raise Http404("The school has not published this document yet.")
    return render(request, "concerns/public/document.html", {"school": school, "version": version})


@require_GET
def newsletter(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    home = request.build_absolute_uri(reverse("concerns_public:home", kwargs={"school": school.slug}))
    context = {
        "school": school,
        "home_url": home,
        "asks": FAMILIES_TOLD.asks,
    }
    return render(request, "concerns/public/newsletter.html", context)


@require_GET
def crest(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    data = crest_bytes(school)
    if data is None:
        raise Http404("No crest.")
    etag = f'"{school.crest.name.rsplit("-", 1)[-1].removesuffix(".png")}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type="image/png")
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    # A day in caches; a changed crest has a new ETag, so a revalidation picks it up.
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response
