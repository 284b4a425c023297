"""Check before you post. The draft travels only in a POST body: never in a URL, a log line or an error report."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.postcheck import services
from socialsafe.postcheck.access import get_advice_for_user, get_post_for_user
from socialsafe.postcheck.forms import AdviceForm, AnswerForm, CheckForm, DecideForm, OfficialPostForm
from socialsafe.postcheck.models import AdviceRequest, AdviceStatus, InvalidTransition, OfficialPostRequest, PostStatus
from socialsafe.postcheck.uploads import photo_in_memory
from socialsafe.registers.access import member_for
from socialsafe.registers.forms import AccountRequestForm
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm, allows

SENSITIVE = ("text", "photo", "question")


def _page(request, *, form=None, result=None, advice_form=None, post_form=None, status=200) -> HttpResponse:
    accounts = services.official_accounts(request.school)
    context = {
        "form": form or CheckForm(),
        "result": result,
        "advice_form": advice_form or AdviceForm(auto_id="advice-%s"),
        "post_form": post_form or OfficialPostForm(accounts=accounts, auto_id="post-%s"),
        "has_accounts": accounts.exists(),
        "errors_of": next((f for f in (form, advice_form, post_form) if f is not None and f.errors), None),
    }
    return render(request, "postcheck/check.html", context, status=status)


def _checked(request, form) -> services.CheckResult:
    result = services.check_draft(
        school=request.school, text=form.cleaned_data["text"] or "", photo=form.cleaned_data["photo"]
    )
    services.check_recorded(school=request.school, by=request.user, result=result, request=request)
    return result


@photo_in_memory
@sensitive_post_parameters(*SENSITIVE)
@require_http_methods(["GET", "POST"])
@require_perm(Perm.CHECK_POST)
@sensitive_variables()
def check(request) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    form = CheckForm(request.POST, request.FILES)
    result = _checked(request, form) if form.is_valid() else None
    if request.htmx:
        # An empty draft as you type is no error: the panel just says what to do.
        return render(request, "postcheck/check.html#result", {"result": result, "form": form})
    return _page(request, form=form, result=result, status=200 if result else 400)


@photo_in_memory
@sensitive_post_parameters(*SENSITIVE)
@require_POST
@require_perm(Perm.CHECK_POST)
@sensitive_variables()
def api(request) -> JsonResponse:
    form = CheckForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
    return JsonResponse(_checked(request, form).as_json())


@photo_in_memory
@sensitive_post_parameters(*SENSITIVE)
@require_POST
@require_perm(Perm.CHECK_POST)
@submit_once
@sensitive_variables()
def advice_new(request) -> HttpResponse:
    member = member_for(request)
    form = AdviceForm(request.POST, request.FILES, auto_id="advice-%s")
    check_form = CheckForm(request.POST)
    if not form.is_valid():
        result = _checked(request, check_form) if check_form.is_valid() else None
        return _page(request, form=check_form, result=result, advice_form=form, status=400)
    data = form.cleaned_data
    result = services.check_draft(school=request.school, text=data["text"], photo=data["photo"])
    advice = services.advice_request(
        member=member,
        by=request.user,
        text=data["text"],
        question=data["question"],
        warnings=[{"id": w.id, "title": w.title} for w in result.warnings],
        photo_data=data["photo"],
    )
    messages.success(request, "Your question has gone to the Principal. You will get an email when they answer.")
    return redirect("postcheck:advice_detail", pk=advice.pk)


@photo_in_memory
@sensitive_post_parameters(*SENSITIVE)
@require_POST
@require_perm(Perm.CHECK_POST)
@submit_once
@sensitive_variables()
def official_new(request) -> HttpResponse:
    member = member_for(request)
    accounts = services.official_accounts(request.school)
    form = OfficialPostForm(request.POST, request.FILES, accounts=accounts, auto_id="post-%s")
    check_form = CheckForm(request.POST)
    if not form.is_valid():
        result = _checked(request, check_form) if check_form.is_valid() else None
        return _page(request, form=check_form, result=result, post_form=form, status=400)
    data = form.cleaned_data
    post = services.official_post_request(
        member=member, by=request.user, text=data["text"], accounts=list(data["accounts"]), photo_data=data["photo"]
    )
    messages.success(request, "Your post has gone to the Principal to approve for the school's accounts.")
    return redirect("postcheck:official_detail", pk=post.pk)


@photo_in_memory
@sensitive_post_parameters(*SENSITIVE)
@require_POST
@require_perm(Perm.REQUEST_TEACHING_ACCOUNT)
@sensitive_variables()
def teaching_account(request) -> HttpResponse:
    """The registers' request form, filled in from the draft. Nothing is stored until it is sent from there."""
    text = (request.POST.get("text") or "").strip()
    initial = {"purpose": f"To post things like this:\n{text}" if text else ""}
    form = AccountRequestForm(initial=initial, school=request.school)
    return render(request, "registers/account_form.html", {"form": form, "official": False})


@require_GET
@require_perm(Perm.CHECK_POST)
def mine(request) -> HttpResponse:
    member = member_for(request)
    context = {
        "advice": AdviceRequest.objects.filter(school=request.school, requested_by=member),
        "posts": OfficialPostRequest.objects.filter(school=request.school, requested_by=member),
    }
    return render(request, "postcheck/mine.html", context)


@require_GET
@require_perm(Perm.POSTCHECK_ANSWER)
def queue(request) -> HttpResponse:
    advice = AdviceRequest.objects.filter(school=request.school).select_related("requested_by", "answered_by")
    posts = OfficialPostRequest.objects.filter(school=request.school).select_related("requested_by", "decided_by")
    context = {
        "open_advice": advice.filter(status=AdviceStatus.OPEN),
        "waiting_posts": posts.filter(status=PostStatus.REQUESTED),
        "answered_advice": advice.exclude(status=AdviceStatus.OPEN)[:20],
        "decided_posts": posts.exclude(status=PostStatus.REQUESTED)[:20],
    }
    return render(request, "postcheck/queue.html", context)


def _advice_page(request, advice, form=None, status=200) -> HttpResponse:
    context = {
        "advice": advice,
        "form": form or AnswerForm(),
        "can_answer": allows(request.roles, Perm.POSTCHECK_ANSWER) and advice.status == AdviceStatus.OPEN,
    }
    return render(request, "postcheck/advice_detail.html", context, status=status)


@require_GET
@require_perm(Perm.CHECK_POST)
def advice_detail(request, pk: int) -> HttpResponse:
    advice = get_advice_for_user(request, pk)
    services.request_viewed(item=advice, by=request.user, request=request)
    return _advice_page(request, advice)


@require_POST
@require_perm(Perm.CHECK_POST)
@submit_once
def advice_answer(request, pk: int) -> HttpResponse:
    advice = get_advice_for_user(request, pk, answer=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.advice_answer(advice=advice, by=request.user, answer=form.cleaned_data["answer"])
        except InvalidTransition as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Your answer is saved, and the member of staff has been emailed to read it.")
            return redirect("postcheck:advice_detail", pk=advice.pk)
    return _advice_page(request, advice, form, status=400)


def _post_page(request, post, form=None, status=200) -> HttpResponse:
    context = {
        "post": post,
        "accounts": post.accounts.all(),
        "form": form or DecideForm(),
        "can_decide": allows(request.roles, Perm.POSTCHECK_ANSWER) and post.status == PostStatus.REQUESTED,
    }
    return render(request, "postcheck/official_detail.html", context, status=status)


@require_GET
@require_perm(Perm.CHECK_POST)
def official_detail(request, pk: int) -> HttpResponse:
    post = get_post_for_user(request, pk)
    services.request_viewed(item=post, by=request.user, request=request)
    return _post_page(request, post)


@require_POST
@require_perm(Perm.CHECK_POST)
@submit_once
def official_decide(request, pk: int) -> HttpResponse:
    post = get_post_for_user(request, pk, decide=True)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.official_post_decide(
                post=post, by=request.user, status=form.cleaned_data["decision"], note=form.cleaned_data["note"]
            )
        except InvalidTransition as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Your decision is saved, and the member of staff has been emailed.")
            return redirect("postcheck:official_detail", pk=post.pk)
    return _post_page(request, post, form, status=400)


def _photo(request, item) -> HttpResponse:
    if not item.photo:
        return HttpResponse("This request has no photo.", status=404, content_type="text/plain")
    services.request_viewed(item=item, by=request.user, request=request)
    f = item.photo.open("rb")
    head = f.read(8)
    f.seek(0)
    kind = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg" if head.startswith(b"\xff\xd8") else None
    response = FileResponse(f, content_type=kind or "application/octet-stream")
    response["Content-Disposition"] = "inline" if kind else "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@require_perm(Perm.CHECK_POST)
def advice_photo(request, pk: int) -> HttpResponse:
    return _photo(request, get_advice_for_user(request, pk))


@require_GET
@require_perm(Perm.CHECK_POST)
def official_photo(request, pk: int) -> HttpResponse:
    return _photo(request, get_post_for_user(request, pk))
