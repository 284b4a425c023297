"""Signed-in pages: the Principal's concerns inbox, parents' own pages, policy documents and photo consent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.concerns import selectors
from socialsafe.concerns.access import (
    get_child_for_parent,
    get_concern_for_user,
    get_guardian_for_invite,
    get_kind_for_manager,
    get_template_for_user,
    get_version_for_user,
)
from socialsafe.concerns.forms import (
    AcknowledgeForm,
    AnswerForm,
    CaseForm,
    ConsentForm,
    CrestForm,
    NoteForm,
    PublishForm,
    ReplyForm,
    ReplyTemplateForm,
    SettingsForm,
    TemplatePickForm,
)
from socialsafe.concerns.models import (
    AUDIENCE,
    Concern,
    ConcernStatus,
    DocKind,
    InvalidTransition,
    PhotoConsent,
    PolicyDocument,
    ReplyTemplate,
)
from socialsafe.concerns.services import (
    acknowledgement_reminders_send,
    concern_acknowledge,
    concern_can_answer,
    concern_close,
    concern_reopen,
    concern_reply,
    concern_settings_update,
    concern_to_case,
    concern_to_complaint,
    concern_viewed,
    guardian_invite,
    photo_consent_set,
    policy_acknowledge,
    policy_version_publish,
    reply_template_delete,
    reply_template_save,
    settings_for,
)
from socialsafe.incidents.access import visible_incidents
from socialsafe.lib import export
from socialsafe.lib.text import clean_query
from socialsafe.schools.access import require_perm, visible_pupils
from socialsafe.schools.crest import school_crest_set
from socialsafe.schools.models import Guardian
from socialsafe.schools.roles import Perm, allows

INBOX_TABS = [
    ("open", "Open"),
    (ConcernStatus.NEW, "New"),
    (ConcernStatus.ACKNOWLEDGED, "Acknowledged"),
    (ConcernStatus.ANSWERED, "Answered"),
    (ConcernStatus.CASE, "Cases"),
    (ConcernStatus.COMPLAINT, "Complaints"),
    (ConcernStatus.CLOSED, "Closed"),
    ("all", "All"),
]


def _message(exc: Exception) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


# --- The Principal's inbox ---


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """/concerns/ leads each person to their own first page here."""
    for perm, url_name in [
        (Perm.CONCERNS_INBOX, "concerns:inbox"),
        (Perm.VIEW_OWN_CONCERNS, "concerns:mine"),
        (Perm.ACKNOWLEDGE_POLICIES, "concerns:policies"),
    ]:
        if allows(request.roles, perm):
            return redirect(url_name)
    raise PermissionDenied


@require_GET
@require_perm(Perm.CONCERNS_INBOX)
def inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("status", "open")
    if "format" in request.GET:
        return _inbox_export(request, tab)
    if tab not in dict(INBOX_TABS):
        tab = "open"
    concerns = selectors.inbox(school=request.school, status="" if tab == "all" else tab)
    page = Paginator(concerns, 25).get_page(request.GET.get("page"))
    counts = selectors.inbox_counts(school=request.school)
    tabs = [
        (value, label, counts.get(value, sum(counts[s] for s in ConcernStatus.values))) for value, label in INBOX_TABS
    ]
    average = selectors.average_first_response(school=request.school)
    context = {"page": page, "tab": tab, "tabs": tabs, "query": f"status={tab}", "average": average}
    audit_record(actor=request.user, verb="concern.inbox_viewed", school=request.school, request=request)
    return render(request, "concerns/inbox.html", context)


CONCERN_COLUMNS = [
    ("Reference", lambda c: c.reference),
    ("State", lambda c: c.get_status_display()),
    ("Topic", lambda c: c.get_topic_display()),
    ("From", lambda c: c.name),
    ("Class", lambda c: c.school_class.name if c.school_class else ""),
    ("Received", lambda c: c.confirmed_at),
    ("Reply due", lambda c: c.due_on),
    ("First response", lambda c: c.first_response_at),
    ("Overdue", lambda c: c.is_overdue),
    ("Case", lambda c: c.incident.reference if c.incident else ""),
]


def _inbox_export(request: HttpRequest, tab: str) -> HttpResponse:
    if tab not in dict(INBOX_TABS):
        return export.refused(f"Unknown state {tab[:20]!r}, so nothing was exported: choose one of the inbox's tabs.")
    concerns = selectors.inbox(school=request.school, status="" if tab == "all" else tab)
    return export.download(
        request, concerns, CONCERN_COLUMNS, "concerns", verb="export.concerns", filters={"status": tab}
    )


def _detail_context(request: HttpRequest, concern: Concern, **forms) -> dict:
    initial = {}
    pick = TemplatePickForm(request.GET or None, school=request.school)
    if "reply_form" not in forms and pick.is_valid():
        initial["text"] = pick.cleaned_data["template"].text
    case_visible = bool(
        concern.incident_id
        and visible_incidents(request.user, request.school, request.roles).filter(pk=concern.incident_id).exists()
    )
    return {
        "concern": concern,
        "events": concern.events.select_related("actor"),
        "replies": concern.messages.all(),
        "pick_form": pick,
        "has_templates": ReplyTemplate.objects.filter(school=request.school).exists(),
        "reply_form": forms.get("reply_form") or ReplyForm(initial=initial),
        "case_form": forms.get("case_form") or CaseForm(concern=concern),
        "complaint_form": forms.get("complaint_form") or NoteForm(prefix="complaint"),
        "close_form": forms.get("close_form") or NoteForm(prefix="close"),
        "can": {s: concern.can_move_to(s) for s in ConcernStatus.values},
        "can_reply": concern.status not in (ConcernStatus.PENDING, ConcernStatus.CLOSED),
        "case_visible": case_visible,
        "response_days": settings_for(request.school).response_days,
    }


def _refuse(request: HttpRequest, concern: Concern, error: str, **forms) -> HttpResponse:
    context = _detail_context(request, concern, **forms)
    context["error"] = error
    return render(request, "concerns/detail.html", context, status=400)


@require_GET
@require_perm(Perm.CONCERNS_INBOX)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    concern_viewed(concern=concern, by=request.user, request=request)
    return render(request, "concerns/detail.html", _detail_context(request, concern))


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    try:
        concern_acknowledge(concern=concern, by=request.user)
    except InvalidTransition:
        return _refuse(request, concern, "This concern can no longer be acknowledged.")
    messages.success(request, "Acknowledged. The parent has been told by email that you have read it.")
    return redirect("concerns:detail", pk=pk)


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _refuse(request, concern, "Check the reply.", reply_form=form)
    try:
        concern_reply(concern=concern, by=request.user, text=form.cleaned_data["text"])
    except (InvalidTransition, ValidationError) as exc:
        return _refuse(request, concern, _message(exc), reply_form=form)
    messages.success(request, "Reply sent. The parent can read it on their status page and has been emailed.")
    return redirect("concerns:detail", pk=pk)


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def to_case(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    form = CaseForm(request.POST, concern=concern)
    if not form.is_valid():
        return _refuse(request, concern, "Check the facts for the case.", case_form=form)
    try:
        incident = concern_to_case(concern=concern, by=request.user, facts=form.cleaned_data)
    except (InvalidTransition, ValidationError) as exc:
        return _refuse(request, concern, _message(exc), case_form=form)
    if visible_incidents(request.user, request.school, request.roles).filter(pk=incident.pk).exists():
        messages.success(request, f"Case {incident.reference} opened from concern {concern.reference}.")
        return redirect("incidents:detail", pk=incident.pk)
    # Opened, and handled by others (the Governors, when the Principal is the target): nothing of it to show here.
    messages.success(request, f"A case was opened from concern {concern.reference}. It goes to {incident.handler}.")
    return redirect("concerns:detail", pk=pk)


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def to_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    form = NoteForm(request.POST, prefix="complaint")
    if not form.is_valid():
        return _refuse(request, concern, "Check the note.", complaint_form=form)
    try:
        concern_to_complaint(concern=concern, by=request.user, note=form.cleaned_data["note"])
    except InvalidTransition:
        return _refuse(request, concern, "This concern can no longer become a formal complaint.")
    messages.success(request, "Recorded: the school's Complaints Procedure has been opened. The parent was told.")
    return redirect("concerns:detail", pk=pk)


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def close(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    form = NoteForm(request.POST, prefix="close")
    if not form.is_valid():
        return _refuse(request, concern, "Check the note.", close_form=form)
    try:
        concern_close(concern=concern, by=request.user, note=form.cleaned_data["note"])
    except InvalidTransition:
        return _refuse(request, concern, "This concern is already closed.")
    messages.success(request, "Concern closed.")
    return redirect("concerns:detail", pk=pk)


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_user(request, pk)
    try:
        concern_reopen(concern=concern, by=request.user)
    except InvalidTransition:
        return _refuse(request, concern, "Only a closed concern can be reopened.")
    messages.success(request, "Concern reopened.")
    return redirect("concerns:detail", pk=pk)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CONCERNS_INBOX)
@submit_once
def templates(request: HttpRequest) -> HttpResponse:
    form = ReplyTemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reply_template_save(school=request.school, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Template saved.")
            return redirect("concerns:templates")
    context = {"form": form, "templates": ReplyTemplate.objects.filter(school=request.school)}
    return render(request, "concerns/templates.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CONCERNS_INBOX)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_template_for_user(request, pk)
    initial = {"title": template.title, "text": template.text}
    form = ReplyTemplateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reply_template_save(school=request.school, by=request.user, template=template, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Template saved.")
            return redirect("concerns:templates")
    context = {"form": form, "template": template}
    return render(request, "concerns/template_edit.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm(Perm.CONCERNS_INBOX)
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_template_for_user(request, pk)
    reply_template_delete(template=template, by=request.user)
    messages.success(request, f"Template “{template.title}” deleted.")
    return redirect("concerns:templates")


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CONCERNS_INBOX)
def concern_settings(request: HttpRequest) -> HttpResponse:
    current = settings_for(request.school)
    form = SettingsForm(
        request.POST if request.method == "POST" else None, initial={"response_days": current.response_days}
    )
    if request.method == "POST" and form.is_valid():
        concern_settings_update(school=request.school, by=request.user, **form.cleaned_data)
        messages.success(request, "Settings saved.")
        return redirect("concerns:settings")
    return render(request, "concerns/settings.html", {"form": form}, status=400 if form.errors else 200)


# --- Parents ---


@require_GET
@require_perm(Perm.VIEW_OWN_CONCERNS)
def mine(request: HttpRequest) -> HttpResponse:
    concerns = (
        Concern.objects.sent()
        .filter(school=request.school, guardian__user=request.user)
        .prefetch_related("messages")
        .order_by("-confirmed_at")
    )
    for concern in concerns:
        concern.can_answer = concern_can_answer(concern)
    audit_record(actor=request.user, verb="concern.mine_viewed", school=request.school, request=request)
    return render(request, "concerns/mine.html", {"concerns": concerns, "answer_form": AnswerForm()})


@require_GET
@require_perm(Perm.SET_PHOTO_CONSENT)
def my_consent(request: HttpRequest) -> HttpResponse:
    context = _consent_context(request)
    audit_record(actor=request.user, verb="consent.mine_viewed", school=request.school, request=request)
    return render(request, "concerns/my_consent.html", context)


def _consent_context(request: HttpRequest, failed: tuple | None = None) -> dict:
    guardian = get_object_or_404(Guardian, school=request.school, user=request.user)
    children = selectors.pupils_with_consent(visible_pupils(request).current().filter(guardians=guardian))
    rows = []
    for child in children:
        initial = {"may_publish": "yes" if child.may_publish else "no"} if child.has_consent else {}
        form = ConsentForm(prefix=f"c{child.pk}", initial=initial)
        if failed and failed[0] == child.pk:
            form = failed[1]
        history = PhotoConsent.objects.filter(pupil=child).select_related("set_by").order_by("-at", "-id")[:10]
        rows.append({"child": child, "form": form, "history": history})
    return {"rows": rows}


@require_POST
@require_perm(Perm.SET_PHOTO_CONSENT)
@submit_once
def consent_set(request: HttpRequest, pk: int) -> HttpResponse:
    pupil, guardian = get_child_for_parent(request, pk)
    form = ConsentForm(request.POST, prefix=f"c{pupil.pk}")
    if form.is_valid():
        may_publish = form.cleaned_data["may_publish"] == "yes"
        try:
            photo_consent_set(pupil=pupil, guardian=guardian, by=request.user, may_publish=may_publish)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            answer = "may" if may_publish else "may not"
            messages.success(request, f"Saved: the school {answer} publish photos or videos of {pupil.first_name}.")
            return redirect("concerns:my_consent")
    return render(request, "concerns/my_consent.html", _consent_context(request, (pupil.pk, form)), status=400)


CONSENT_COLUMNS = [
    ("Surname", lambda p: p.last_name),
    ("First name", lambda p: p.first_name),
    ("Class", lambda p: p.school_class.name),
    ("May the school publish?", lambda p: "Not answered" if not p.has_consent else "Yes" if p.may_publish else "No"),
    ("Answered", lambda p: p.consent_at),
]


@require_GET
@require_perm(Perm.VIEW_PHOTO_CONSENT)
def consent_list(request: HttpRequest) -> HttpResponse:
    pupils = selectors.pupils_with_consent(visible_pupils(request).current()).order_by(
        "school_class__year_group", "school_class__name", "last_name", "first_name"
    )
    only = request.GET.get("show", "")
    if only == "no":
        pupils = pupils.filter(has_consent=True, may_publish=False)
    elif only == "unknown":
        pupils = pupils.filter(has_consent=False)
    if "format" in request.GET:
        if only not in ("", "no", "unknown"):
            return export.refused(f"Unknown choice {only[:20]!r}, so nothing was exported: show all, no or unknown.")
        return export.download(
            request, pupils, CONSENT_COLUMNS, "photo-consent", verb="export.consent", filters={"show": only}
        )
    page = Paginator(pupils, 50).get_page(request.GET.get("page"))
    context = {"page": page, "show": only, "query": f"show={only}" if only else ""}
    audit_record(
        actor=request.user, verb="consent.list_viewed", school=request.school, data={"show": only}, request=request
    )
    return render(request, "concerns/consent_list.html", context)


@require_GET
@require_perm(Perm.INVITE_PARENTS)
def parents(request: HttpRequest) -> HttpResponse:
    q = clean_query(request.GET.get("q", ""))
    found = (
        Guardian.objects.filter(school=request.school).select_related("user").annotate(last_invite=Max("invites__at"))
    )
    for word in q.split():
        found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word))
    if request.GET.get("show") == "no-account":
        found = found.filter(user__isnull=True)
    page = Paginator(found.order_by("last_name", "first_name", "id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "q": q, "show": request.GET.get("show", ""), "query": query.urlencode()}
    return render(request, "concerns/parents.html", context)


@require_POST
@require_perm(Perm.INVITE_PARENTS)
@submit_once
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    guardian = get_guardian_for_invite(request, pk)
    try:
        guardian_invite(guardian=guardian, by=request.user)
    except ValidationError as exc:
        messages.error(request, f"{guardian.display_name} was not invited: {_message(exc)}")
    else:
        messages.success(request, f"Invitation sent to {guardian.display_name} at {guardian.email}.")
    return redirect("concerns:parents")


# --- Policy documents ---


@require_GET
@require_perm(Perm.ACKNOWLEDGE_POLICIES)
def policies(request: HttpRequest) -> HttpResponse:
    mine = selectors.documents_for_user(user=request.user, school=request.school, roles=request.roles)
    managed = []
    if allows(request.roles, Perm.MANAGE_POLICIES):
        documents = {d.kind: d for d in PolicyDocument.objects.filter(school=request.school)}
        for kind in DocKind:
            document = documents.get(kind)
            version = document.current_version() if document else None
            rows = selectors.acknowledgement_rows(version) if version else []
            done = sum(1 for r in rows if r.at)
            managed.append(
                {"kind": kind, "audience": AUDIENCE[kind], "version": version, "done": done, "total": len(rows)}
            )
    return render(request, "concerns/policies.html", {"mine": mine, "managed": managed})


@require_http_methods(["GET", "POST"])
@require_perm(Perm.ACKNOWLEDGE_POLICIES)
@submit_once
def version(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request, pk)
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            policy_acknowledge(version=version, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Thank you. You have acknowledged the {version.document}, version {version.label}."
            )
            return redirect("concerns:policies")
    acknowledged = version.acknowledgements.filter(user=request.user).first()
    context = {
        "version": version,
        "form": form,
        "acknowledged": acknowledged,
        "current": version.document.current_version(),
    }
    return render(request, "concerns/version.html", context, status=400 if form.errors else 200)


def _manage_context(request: HttpRequest, kind: DocKind, form: PublishForm | None = None) -> dict:
    document = PolicyDocument.objects.filter(school=request.school, kind=kind).first()
    current = document.current_version() if document else None
    rows = selectors.acknowledgement_rows(current) if current else []
    return {
        "kind": kind,
        "audience": AUDIENCE[kind],
        "document": document,
        "versions": document.versions.all() if document else [],
        "current": current,
        "done": [r for r in rows if r.at],
        "pending": [r for r in rows if not r.at and r.user],
        "no_account": [r for r in rows if not r.user],
        "form": form or PublishForm(),
        "today": localdate(),
    }


ACKNOWLEDGEMENT_COLUMNS = [
    ("Name", lambda r: r.name),
    ("Email or role", lambda r: r.detail),
    ("State", lambda r: "Acknowledged" if r.at else "Not yet" if r.user else "No account"),
    ("Acknowledged", lambda r: r.at),
]


@require_GET
@require_perm(Perm.MANAGE_POLICIES)
def policy_manage(request: HttpRequest, kind: str) -> HttpResponse:
    kind = get_kind_for_manager(request, kind)
    context = _manage_context(request, kind)
    if "format" in request.GET:
        rows = context["done"] + context["pending"] + context["no_account"]
        return export.download(
            request,
            rows,
            ACKNOWLEDGEMENT_COLUMNS,
            f"{kind.value}-acknowledgements",
            verb="export.acknowledgements",
            filters={"kind": str(kind)},
        )
    audit_record(
        actor=request.user,
        verb="policy.acknowledgements_viewed",
        school=request.school,
        data={"kind": str(kind)},
        request=request,
    )
    return render(request, "concerns/policy_manage.html", context)


@require_POST
@require_perm(Perm.MANAGE_POLICIES)
@submit_once
def publish(request: HttpRequest, kind: str) -> HttpResponse:
    kind = get_kind_for_manager(request, kind)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            new = policy_version_publish(school=request.school, kind=kind, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Version {new.label} published. Everyone it is for will be asked to read it.")
            return redirect("concerns:policy", kind=kind.value)
    return render(request, "concerns/policy_manage.html", _manage_context(request, kind, form), status=400)


@require_POST
@require_perm(Perm.MANAGE_POLICIES)
@submit_once
def remind(request: HttpRequest, kind: str) -> HttpResponse:
    kind = get_kind_for_manager(request, kind)
    sent = 0
    document = PolicyDocument.objects.filter(school=request.school, kind=kind).first()
    if document is not None:
        sent = acknowledgement_reminders_send(school=request.school, by=request.user, kinds=[kind])
    messages.success(
        request,
        f"{sent} reminder{'s' if sent != 1 else ''} sent. Nobody is reminded more than once a week.",
    )
    return redirect("concerns:policy", kind=kind.value)


# --- The school's public pages (part "public", issue 18): the crest and the snippet for the school's website ---


def _public_pages_context(request: HttpRequest, form: CrestForm | None = None) -> dict:
    school = request.school
    links = {
        name: request.build_absolute_uri(reverse(f"concerns_public:{name}", kwargs={"school": school.slug}))
        for name in ("home", "policy", "code_of_conduct", "online_safety", "new", "newsletter")
    }
    snippet = render_to_string("concerns/_snippet.html", {"school": school, "links": links}).strip()
    return {"form": form or CrestForm(), "school": school, "links": links, "snippet": snippet}


@require_http_methods(["GET", "POST"])
@require_perm(Perm.MANAGE_POLICIES)
@submit_once
def public_pages(request: HttpRequest) -> HttpResponse:
    """The Principal's page for the school's public pages: upload the crest, copy the snippet."""
    form = CrestForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and "remove" in request.POST:
        school_crest_set(school=request.school, by=request.user, data=None)
        messages.success(request, "The crest has been removed from the public pages.")
        return redirect("concerns:public_pages")
    if request.method == "POST" and form.is_valid():
        try:
            school_crest_set(school=request.school, by=request.user, data=form.cleaned_data["crest"].read())
        except ValidationError as exc:
            form.add_error("crest", exc)
        else:
            messages.success(request, "Crest saved. It now shows on the school's public pages.")
            return redirect("concerns:public_pages")
    status = 400 if form.errors else 200
    return render(request, "concerns/public_pages.html", _public_pages_context(request, form), status=status)
