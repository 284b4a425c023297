"""The welcome page a family opens from their email or letter: read both documents, then acknowledge them."""

from contextlib import suppress

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.concerns.access import get_school_by_slug
from socialsafe.concerns.throttle import throttle_exceeded, throttle_hit
from socialsafe.families.forms import AcknowledgeForm, CodeForm
from socialsafe.families.services import CodeRefused, invitation_acknowledge, invitation_for_code
from socialsafe.lib.net import client_ip

# Codes that open nothing, from one address: a parent mistyping now and then, never a search of 32^8 codes.
MISS_LIMIT, WINDOW = 10, 60 * 60
# Acknowledgements sent from one address: a whole family at one computer, not a script.
POST_LIMIT = 30


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _too_many(request: HttpRequest, school) -> HttpResponse:
    response = render(request, "families/public/too_many.html", {"school": school}, status=429)
    response["Retry-After"] = str(WINDOW)
    return response


@require_http_methods(["GET", "POST"])
@submit_once(quiet=True)
def welcome(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    posted = request.method == "POST"
    if posted and not throttle_hit(scope="welcome-ip", key=_ip(request), limit=POST_LIMIT, seconds=WINDOW):
        return _too_many(request, school)
    data = request.POST if posted else (request.GET if "code" in request.GET else None)
    form = CodeForm(data)
    if data is None or not form.is_valid():
        return render(
            request, "families/public/code.html", {"school": school, "form": form}, status=400 if data else 200
        )
    if throttle_exceeded(scope="welcome-miss", key=_ip(request), limit=MISS_LIMIT, seconds=WINDOW):
        return _too_many(request, school)
    try:
        invitation = invitation_for_code(school=school, code=form.cleaned_data["code"])
    except CodeRefused as refused:
        if refused.args[1:] and refused.args[1] == "guess":
            throttle_hit(scope="welcome-miss", key=_ip(request), limit=MISS_LIMIT, seconds=WINDOW)
        if refused.args[1:] and refused.args[1] == "used":  # a letter opened again: nothing is wrong
            return render(request, "families/public/thanks.html", {"school": school, "already": refused.args[0]})
        form.add_error("code", refused.args[0])
        return render(request, "families/public/code.html", {"school": school, "form": form}, status=400)
    ack = AcknowledgeForm(request.POST if posted else None, initial={"code": form.cleaned_data["code"]})
    if posted and ack.is_valid():
        # Acknowledged a moment ago from the same letter: the thanks page is the answer either way.
        with suppress(CodeRefused):
            invitation_acknowledge(invitation=invitation, request=request)
        return redirect("families_public:welcome_thanks", school=school.slug)
    audit_record(actor=None, verb="families.welcome_viewed", target=invitation, school=school, request=request)
    context = {
        "school": school,
        "form": ack,
        "code": form.cleaned_data["code"],
        "guardian": invitation.guardian,
        "children": [p.first_name for p in invitation.pupils.all()],
        "versions": list(invitation.versions.select_related("document").order_by("document__kind").reverse()),
    }
    return render(request, "families/public/read.html", context, status=400 if ack.errors else 200)


@require_GET
def welcome_thanks(request: HttpRequest, school: str) -> HttpResponse:
    school = get_school_by_slug(school)
    return render(request, "families/public/thanks.html", {"school": school})
