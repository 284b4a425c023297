from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate, now
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.incidents.services import progress_message
from socialsafe.lib import export
from socialsafe.lib.net import client_ip
from socialsafe.registers import services
from socialsafe.registers.access import (
    case_for_register,
    get_account_for_user,
    get_account_report_for_user,
    get_ict_ban_for_user,
    get_premises_ban_for_user,
    member_for,
    visible_ict_bans,
    visible_premises_bans,
)
from socialsafe.registers.forms import (
    AccountReportForm,
    AccountRequestForm,
    DecisionForm,
    IctBanForm,
    LiftForm,
    OfficialAccountForm,
    PremisesBanForm,
    ReceptionCheckForm,
    ReinstateForm,
    UsedBeforeApprovalForm,
)
from socialsafe.registers.models import DUE_FILTERS, AccountReport, AccountStatus, InvalidTransition, TeachingAccount
from socialsafe.schools.access import require_perm
from socialsafe.schools.models import School
from socialsafe.schools.roles import Perm, allows


def _can(request) -> dict[str, bool]:
    return {p.name: allows(request.roles, p) for p in Perm}


@require_GET
@require_perm(Perm.VIEW_REGISTERS)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "registers/index.html", {"can": _can(request)})


# Exports: the registers as their pages list them.

PREMISES_COLUMNS = [
    ("Person", lambda b: b.name),
    ("From", lambda b: b.starts_on),
    ("Until", lambda b: b.ends_on),
    ("Review", lambda b: b.review_on),
    ("Case", lambda b: b.incident.reference),
    ("State", lambda b: b.state_label),
]
ICT_COLUMNS = [
    ("Pupil", lambda b: b.pupil.full_name),
    ("Class", lambda b: b.pupil.school_class.name if b.pupil.school_class else ""),
    ("Reason", lambda b: b.reason),
    ("From", lambda b: b.starts_on),
    ("Until", lambda b: b.ends_on or "Further notice"),
    ("Case", lambda b: b.incident.reference),
    ("State", lambda b: b.state_label),
    ("Reinstated", lambda b: b.reinstated_at),
    ("Reinstated by", lambda b: b.reinstated_by or ""),
]


# Premises licences

# The registers' pages list this many bars or bans each; the export holds them all.
REGISTER_PAGE = 50


@require_GET
@require_perm(Perm.PREMISES_REGISTER)
def premises_list(request: HttpRequest) -> HttpResponse:
    bans = visible_premises_bans(request).select_related("incident", "guardian")
    due = DUE_FILTERS.get(request.GET.get("due", ""))  # ?due=review|ending, as the dashboard links; else every bar
    if due:
        bans = bans.filter(due[0](localdate()))
    if "format" in request.GET:
        return export.download(request, bans, PREMISES_COLUMNS, "premises-register", verb="export.premises")
    audit_record(actor=request.user, verb="registers.premises_listed", school=request.school, request=request)
    page = Paginator(bans, REGISTER_PAGE).get_page(request.GET.get("page"))
    context = {
        "bans": page.object_list,
        "page": page,
        "due": due[1] if due else "",
        "query": urlencode({"due": request.GET["due"]}) if due else "",
    }
    return render(request, "registers/premises_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def premises_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    incident = case_for_register(request, case_pk)
    form = PremisesBanForm(request.POST if request.method == "POST" else None, incident=incident)
    if request.method == "POST" and form.is_valid():
        started = now()
        try:
            ban = services.premises_ban_create(incident=incident, by=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Recorded: {ban.name} is barred from the premises until {ban.ends_on:%-d %b %Y}. "
                + progress_message(incident.pk, since=started),
            )
            return redirect("registers:premises_detail", pk=ban.pk)
    status = 400 if form.errors else 200
    return render(request, "registers/premises_form.html", {"form": form, "incident": incident}, status=status)


@require_GET
@login_required
def premises_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ban = get_premises_ban_for_user(request, pk)
    services.premises_ban_viewed(ban=ban, by=request.user, request=request)
    return render(request, "registers/premises_detail.html", {"ban": ban, "lift_form": LiftForm()})


@require_POST
@login_required
@submit_once
def premises_lift(request: HttpRequest, pk: int) -> HttpResponse:
    ban = get_premises_ban_for_user(request, pk)
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            services.premises_ban_lift(ban=ban, by=request.user, reason=form.cleaned_data["reason"])
        except (InvalidTransition, ValidationError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"The bar on {ban.name} has been lifted.")
            return redirect("registers:premises_detail", pk=ban.pk)
    return render(request, "registers/premises_detail.html", {"ban": ban, "lift_form": form}, status=400)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.RECEPTION_CHECK)
def reception(request: HttpRequest) -> HttpResponse:
    # POST, not GET: a person's name should not end up in web addresses and server logs.
    form = ReceptionCheckForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        until, possible = services.reception_check(
            school=request.school, name=form.cleaned_data["name"], by=request.user, request=request
        )
        result = {"name": form.cleaned_data["name"], "until": until, "possible": possible}
    status = 400 if form.errors else 200
    return render(request, "registers/reception.html", {"form": form, "result": result}, status=status)


# ICT equipment bans


@require_GET
@require_perm(Perm.ICT_BANS)
def ict_list(request: HttpRequest) -> HttpResponse:
    bans = visible_ict_bans(request).select_related("incident", "pupil__school_class", "reinstated_by")
    if "format" in request.GET:
        return export.download(request, bans, ICT_COLUMNS, "ict-register", verb="export.ict_bans")
    audit_record(actor=request.user, verb="registers.ict_listed", school=request.school, request=request)
    page = Paginator(bans, REGISTER_PAGE).get_page(request.GET.get("page"))
    return render(request, "registers/ict_list.html", {"bans": page.object_list, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def ict_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    incident = case_for_register(request, case_pk)
    form = IctBanForm(request.POST if request.method == "POST" else None, incident=incident)
    if request.method == "POST" and form.is_valid():
        started = now()
        try:
            ban = services.ict_ban_create(incident=incident, by=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Recorded: {ban.pupil.full_name} is banned from school ICT equipment. "
                + progress_message(incident.pk, since=started),
            )
            return redirect("registers:ict_detail", pk=ban.pk)
    status = 400 if form.errors else 200
    return render(request, "registers/ict_form.html", {"form": form, "incident": incident}, status=status)


@require_GET
@login_required
def ict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ban = get_ict_ban_for_user(request, pk)
    audit_record(actor=request.user, verb="registers.ict_viewed", target=ban, school=ban.school, request=request)
    return render(request, "registers/ict_detail.html", {"ban": ban, "form": ReinstateForm()})


@require_POST
@login_required
@submit_once
def ict_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    ban = get_ict_ban_for_user(request, pk)
    form = ReinstateForm(request.POST)
    if form.is_valid():
        try:
            services.ict_ban_reinstate(ban=ban, by=request.user, note=form.cleaned_data["note"])
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{ban.pupil.full_name} may use school ICT equipment again.")
            return redirect("registers:ict_detail", pk=ban.pk)
    return render(request, "registers/ict_detail.html", {"ban": ban, "form": form}, status=400)


# Approved accounts


@require_GET
@require_perm(Perm.REQUEST_TEACHING_ACCOUNT)
def accounts(request: HttpRequest) -> HttpResponse:
    approver = allows(request.roles, Perm.APPROVE_TEACHING_ACCOUNTS)
    mine = TeachingAccount.objects.filter(school=request.school)
    if not approver:
        mine = mine.filter(requested_by__user=request.user)
    context = {
        "approved": TeachingAccount.objects.filter(school=request.school).public().select_related("requested_by"),
        "requests": mine.exclude(status=AccountStatus.APPROVED).select_related("requested_by", "school_class"),
        "approver": approver,
        "new_reports": AccountReport.objects.filter(school=request.school, status="new").count() if approver else 0,
    }
    audit_record(actor=request.user, verb="registers.accounts_listed", school=request.school, request=request)
    return render(request, "registers/accounts.html", context)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.REQUEST_TEACHING_ACCOUNT)
@submit_once
def account_request(request: HttpRequest) -> HttpResponse:
    member = member_for(request)
    form = AccountRequestForm(request.POST if request.method == "POST" else None, school=request.school)
    if request.method == "POST" and form.is_valid():
        account = services.account_request(member=member, by=request.user, fields=form.cleaned_data)
        messages.success(
            request, "Your request has gone to the Principal. Do not use the account until it is approved."
        )
        return redirect("registers:account_detail", pk=account.pk)
    status = 400 if form.errors else 200
    return render(request, "registers/account_form.html", {"form": form, "official": False}, status=status)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.APPROVE_TEACHING_ACCOUNTS)
@submit_once
def account_official_new(request: HttpRequest) -> HttpResponse:
    form = OfficialAccountForm(request.POST if request.method == "POST" else None, school=request.school)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "review_on"}
        account = services.account_add_official(
            school=request.school,
            member=member_for(request),
            by=request.user,
            fields=fields,
            review_on=form.cleaned_data["review_on"],
        )
        messages.success(request, f"Added: {account} is listed on the school's public page.")
        return redirect("registers:account_detail", pk=account.pk)
    status = 400 if form.errors else 200
    return render(request, "registers/account_form.html", {"form": form, "official": True}, status=status)


def _account_page(request, account, status: int = 200, **forms) -> HttpResponse:
    context = {
        "account": account,
        "approver": allows(request.roles, Perm.APPROVE_TEACHING_ACCOUNTS),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "used_form": forms.get("used_form") or UsedBeforeApprovalForm(),
    }
    return render(request, "registers/account_detail.html", context, status=status)


@require_GET
@require_perm(Perm.REQUEST_TEACHING_ACCOUNT)
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(request, pk)
    audit_record(
        actor=request.user, verb="registers.account_viewed", target=account, school=account.school, request=request
    )
    return _account_page(request, account)


@require_POST
@require_perm(Perm.REQUEST_TEACHING_ACCOUNT)
@submit_once
def account_decide(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(request, pk, decide=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            account = services.account_decide(
                account=account,
                by=request.user,
                status=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                review_on=form.cleaned_data["review_on"],
            )
        except (InvalidTransition, ValidationError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"{account}: {account.get_status_display().lower()}.")
            return redirect("registers:account_detail", pk=account.pk)
    return _account_page(request, account, status=400, decision_form=form)


@require_POST
@require_perm(Perm.REQUEST_TEACHING_ACCOUNT)
@submit_once
def account_used_before_approval(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(request, pk, decide=True)
    form = UsedBeforeApprovalForm(request.POST)
    if form.is_valid():
        try:
            incident = services.account_record_used_before_approval(
                account=account, by=request.user, details=form.cleaned_data["details"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"A staff conduct concern has been filed: {incident.reference}.")
            return redirect("incidents:detail", pk=incident.pk)
    return _account_page(request, account, status=400, used_form=form)


@require_GET
@require_perm(Perm.APPROVE_TEACHING_ACCOUNTS)
def account_reports(request: HttpRequest) -> HttpResponse:
    reports = AccountReport.objects.filter(school=request.school).select_related("reviewed_by")
    audit_record(actor=request.user, verb="registers.account_reports_viewed", school=request.school, request=request)
    return render(request, "registers/account_reports.html", {"reports": reports})


@require_POST
@require_perm(Perm.APPROVE_TEACHING_ACCOUNTS)
@submit_once
def account_report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_account_report_for_user(request, pk)
    try:
        services.account_report_review(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Marked as reviewed: {report}.")
    return redirect("registers:account_reports")


# The school's public page (no sign-in)


@require_http_methods(["GET", "POST"])
@submit_once(quiet=True)
def public_accounts(request: HttpRequest, school: str) -> HttpResponse:
    school_obj = get_object_or_404(School, slug=school)
    form = AccountReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect(f"{request.path}?sent=1")
        try:
            services.account_report_submit(
                school=school_obj,
                ip=client_ip(request),
                fields={k: v for k, v in form.cleaned_data.items() if k != "website"},
            )
        except services.RateLimited:
            form.add_error(None, "Too many reports have been sent from your connection. Please try again in an hour.")
            status = 429
        else:
            return redirect(f"{request.path}?sent=1")
    accounts = TeachingAccount.objects.filter(school=school_obj).public().select_related("school_class")
    context = {"school_obj": school_obj, "accounts": accounts, "form": form, "sent": request.GET.get("sent") == "1"}
    context["school"] = school_obj  # the public layout's header shows the school's name and crest (issue 18)
    return render(
        request, "registers/public_accounts.html", context, status=400 if form.errors and status == 200 else status
    )
