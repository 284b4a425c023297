from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime, now
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.accounts.middleware import kept_form_take
from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.audit.words import ACCESS_KINDS, ACCESS_VERBS, access_what
from socialsafe.incidents import rules, selectors
from socialsafe.incidents.access import (
    can_manage,
    get_action_for_user,
    get_incident_for_user,
    visible_incidents,
    whole_file_incidents,
)
from socialsafe.incidents.choices import BullyingMotivation
from socialsafe.incidents.chronology import chronology_csv, chronology_pdf
from socialsafe.incidents.forms import (
    ActionAddForm,
    ActionFilterForm,
    BullyingFilterForm,
    BullyingRecordForm,
    FactsForm,
    FilterForm,
    MoveForm,
    NoteForm,
    ReportForm,
    SeenFilterForm,
    TakedownForm,
    WithdrawForm,
    record_form_for,
)
from socialsafe.incidents.models import (
    ActionKind,
    ActionStatus,
    BullyingRecord,
    Ground,
    InvalidTransition,
    Status,
    TakedownStage,
    TimelineEntry,
)
from socialsafe.incidents.services import (
    action_add,
    action_complete,
    action_withdraw,
    bullying_record_save,
    facts_for,
    incident_move,
    incident_report,
    incident_triage,
    incident_update_facts,
    incident_viewed,
    note_add,
    progress_message,
    takedown_add,
)
from socialsafe.lib import export
from socialsafe.lib.text import clean_query
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm


@require_http_methods(["GET", "POST"])
@require_perm(Perm.REPORT_INCIDENT)
@submit_once
def report(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else kept_form_take(request)
    form = ReportForm(data, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_report(school=request.school, by=request.user, fields=form.incident_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Thank you. Your report is {incident.reference}; it has gone to {incident.handler or 'the school'}.",
            )
            visible = visible_incidents(request.user, request.school, request.roles).filter(pk=incident.pk).exists()
            return redirect("incidents:detail", pk=incident.pk) if visible else redirect("home")
    status = 400 if form.errors and request.method == "POST" else 200
    return render(request, "incidents/report.html", {"form": form}, status=status)


@require_GET
@require_perm(Perm.VIEW_CASES)
def case_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    if "format" in request.GET:
        return _case_export(request, form)
    cases = _listed_cases(request, form)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "incidents/list.html#results" if request.htmx else "incidents/list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def _listed_cases(request: HttpRequest, form: FilterForm):
    """The cases the list shows for these filters, all pages: the page and its export both come from here."""
    cases = visible_incidents(request.user, request.school, request.roles)
    if form.is_valid():
        whole = whole_file_incidents(request.user, request.school, request.roles)
        cases = selectors.incidents_filter(
            cases, user=request.user, school=request.school, whole_file=whole, **form.cleaned_data
        )
    return cases.select_related("handler").order_by("-reported_at")


CASE_COLUMNS = [
    ("Reference", lambda i: i.reference),
    ("Summary", lambda i: i.summary),
    ("Kind", lambda i: i.get_kind_display()),
    ("Reported", lambda i: i.reported_at),
    ("Handler", lambda i: i.handler or ""),
    ("State", lambda i: i.get_status_display()),
]


def _case_export(request: HttpRequest, form: FilterForm) -> HttpResponse:
    if not form.is_valid():
        return export.refused_filters(form)
    return export.download(
        request, _listed_cases(request, form), CASE_COLUMNS, "cases", verb="export.cases", filters=form.cleaned_data
    )


ACTION_COLUMNS = [
    ("List", lambda row: row[0]),
    ("Action", lambda row: row[1].title),
    ("Case", lambda row: row[1].incident.reference),
    ("Who", lambda row: row[1].owner),
    ("Due", lambda row: row[1].due_on),
    ("Overdue", lambda row: row[1].is_overdue),
]


@require_GET
@require_perm(Perm.VIEW_CASES)
def action_list(request: HttpRequest) -> HttpResponse:
    visible = visible_incidents(request.user, request.school, request.roles)
    mine = selectors.actions_for(request.user, visible)
    overdue = selectors.overdue_actions(visible, managed_by=request.user, roles=request.roles)
    context = {"mine": mine, "overdue": overdue, "filter": ActionFilterForm(request.GET or None)}
    if context["filter"].is_valid():
        whole = whole_file_incidents(request.user, request.school, request.roles)
        context["filtered"] = selectors.actions_due(whole, **context["filter"].cleaned_data)
        context["query"] = request.GET.urlencode()
    if "format" in request.GET:
        if "filtered" in context:  # the file holds what the page shows: the filtered list, when there is one
            due = "Overdue" if context["filter"].cleaned_data["due"] == "overdue" else "Due this week"
            rows = [(due, a) for a in context["filtered"]]
        else:
            rows = [("Yours to do", a) for a in mine] + [("Overdue on the cases you manage", a) for a in overdue]
        filters = context["filter"].cleaned_data if "filtered" in context else {}
        return export.download(request, rows, ACTION_COLUMNS, "actions", verb="export.actions", filters=filters)
    return render(request, "incidents/actions.html", context)


@require_GET
@require_perm(Perm.VIEW_CASES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk)
    incident_viewed(incident=incident, by=request.user, request=request)
    return render(request, "incidents/detail.html", _detail_context(request, incident))


def _detail_context(request, incident, **forms) -> dict:
    manage = can_manage(incident, request.user, request.roles)
    whole = incident.access.whole_file
    outcome = rules.evaluate(facts_for(incident))
    taken = {(a.rule_id, a.kind) for a in incident.actions.all()}
    recommended = [(rule, req) for rule, req in outcome.recommended if (rule.id, req.kind) not in taken]
    actions = incident.actions.select_related("owner", "completed_by")
    shown = list(actions if whole else actions.filter(owner__user=request.user))
    takedown = list(incident.takedown_steps.select_related("by"))
    # Other cases about the same people: only for those who see this file whole, and only among files they see whole.
    whole_files = whole_file_incidents(request.user, request.school, request.roles) if whole else None
    related = selectors.related_cases(incident, whole_files) if whole else {}
    return {
        "hx_panels": HX_PANELS,
        "summary": _summary(incident, shown, takedown if whole else []),
        "related": related,
        "recurrent": any(rules.looks_recurrent(len(rows) + 1) for rows in related.values()),
        "persistent_clause": rules.PERSISTENT_CLAUSE,
        "incident": incident,
        "manage": manage,
        "whole_file": whole,
        "grounds": [Ground(g).label for g in incident.grounds],
        "notes": outcome.notes if whole else [],
        "recommended": recommended,
        "proposed": outcome.required if incident.status == Status.REPORTED else [],
        # Someone who sees only their part of the case sees their own actions, not the others'.
        "actions": shown,
        **(_timeline(incident) if whole else {}),
        "views": AuditEvent.objects.filter(case_id=incident.pk, verb="incident.viewed")
        .select_related("actor")
        .order_by("-at")[:20]
        if whole
        else [],
        "takedown": takedown,
        **(_bullying(incident) if whole else {}),
        "facts_form": forms.get("facts_form") or FactsForm(incident=incident),
        "move_form": forms.get("move_form") or MoveForm(),
        "action_form": forms.get("action_form") or ActionAddForm(incident=incident),
        "note_form": forms.get("note_form") or NoteForm(),
        "takedown_form": forms.get("takedown_form") or TakedownForm(),
        # Triaged and ready to close are reached by doing the work, not by a button.
        "next_states": [
            s for s in Status if incident.can_move_to(s) and s not in (Status.TRIAGED, Status.READY_TO_CLOSE)
        ],
        "open_actions": [a for a in shown if a.status == ActionStatus.OPEN]
        if manage and not incident.is_closed
        else [],
    }


def _bullying(incident) -> dict:
    """The statutory bullying record on the case page: the record, or whether the case needs one."""
    record = BullyingRecord.objects.filter(incident=incident).first()
    return {
        "bullying_record": record,
        "bullying_needed": record is None and rules.needs_bullying_record(facts_for(incident)),
    }


# The latest entries are shown; the earlier ones fold away (all are on the page, and in the chronology).
TIMELINE_SHOWN = 8


def _timeline(incident) -> dict:
    entries = list(
        incident.timeline.select_related("actor", "corrects").prefetch_related("corrections").exclude(kind="viewed")
    )
    return {"timeline_earlier": entries[:-TIMELINE_SHOWN], "timeline_recent": entries[-TIMELINE_SHOWN:]}


# What each state asks of the person handling the case, in the summary at the top of its page.
STATE_HINTS = {
    Status.REPORTED: "Triage it: confirm the facts and the policy's rules create the actions, each with an owner.",
    Status.TRIAGED: "The policy's actions are to do. Each is completed by doing it: the screenshot, the letter, the "
    "register entry or the record of what was done.",
    Status.IN_PROGRESS: "Work has begun. The case is ready to close once every action is done.",
    Status.AWAITING_OUTCOME: "Waiting for an answer from outside the school.",
    Status.READY_TO_CLOSE: "Every action is done. Close the case with its outcome.",
}


# Referrals whose record says the case is now also in another agency's hands.
REFERRALS = {
    ActionKind.REFERRAL_PSNI: "the PSNI",
    ActionKind.REFERRAL_EA_LEGAL: "the EA Legal Department",
    ActionKind.REFERRAL_EA_ALLEGATION: "the Education Authority",
    ActionKind.REFERRAL_CPSS: "CPSS",
    ActionKind.REFERRAL_C2K: "C2K",
}
WAITING_STAGES = {TakedownStage.ASKED_POSTER, TakedownStage.REPORTED_PLATFORM, TakedownStage.FOLLOWED_UP}


def _summary(incident, actions: list, takedown: list) -> dict:
    """Where the case stands, from the actions and takedown steps already read for the page (no further queries)."""
    open_ = sorted((a for a in actions if a.status == ActionStatus.OPEN), key=lambda a: (a.due_on, a.pk))
    latest = takedown[-1] if takedown else None
    referred = [
        REFERRALS[a.kind] + (f" ({a.record['reference']})" if a.record.get("reference") else "")
        for a in actions
        if a.kind in REFERRALS and a.status == ActionStatus.DONE
    ]
    return {
        # Awaiting removal: the last takedown step asked for it and nothing says it came down.
        "awaiting_removal": latest if latest and latest.stage in WAITING_STAGES else None,
        "referred": referred,
        "hint": STATE_HINTS.get(incident.status, ""),
        "next": open_[0] if open_ else None,
        "overdue": [a for a in open_ if a.is_overdue],
        "done": sum(1 for a in actions if a.status == ActionStatus.DONE),
        "open": len(open_),
        "total": sum(1 for a in actions if a.status != ActionStatus.WITHDRAWN),
    }


# Which panel of the case page each of its forms lives in: an htmx post swaps only that panel.
FORM_PANELS = {
    "facts_form": "actions-panel",
    "action_form": "actions-panel",
    "takedown_form": "takedown-panel",
    "move_form": "state-panel",
    "note_form": "timeline-panel",
}
HX_PANELS = ["messages", "summary", "actions-panel", "takedown-panel", "state-panel", "timeline-panel"]


def _refuse(request, incident, message: str, **forms) -> HttpResponse:
    context = _detail_context(request, incident, **forms)
    name = next(iter(forms), "")
    context.update(error=message, error_form=forms.get(name), error_panel=FORM_PANELS.get(name, ""))
    return render(request, "incidents/detail.html", context, status=400)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk, manage=True)
    form = FactsForm(request.POST, incident=incident)
    if not form.is_valid():
        return _refuse(request, incident, "Check the facts.", facts_form=form)
    started = now()
    try:
        created = incident_triage(
            incident=incident, by=request.user, facts=form.facts(), note=form.cleaned_data["note"]
        )
    except (InvalidTransition, ValidationError) as exc:
        return _refuse(request, incident, f"This case cannot be triaged: {_message(exc)}", facts_form=form)
    messages.success(
        request,
        f"Triaged. The policy requires {len(created)} action{'s' if len(created) != 1 else ''}. "
        + progress_message(pk, since=started),
    )
    return redirect("incidents:detail", pk=pk)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def facts(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk, manage=True)
    form = FactsForm(request.POST, incident=incident)
    if not form.is_valid():
        return _refuse(request, incident, "Check the facts.", facts_form=form)
    try:
        created = incident_update_facts(
            incident=incident, by=request.user, facts=form.facts(), reason=form.cleaned_data["note"]
        )
    except (InvalidTransition, ValidationError) as exc:
        return _refuse(request, incident, _message(exc), facts_form=form)
    messages.success(
        request, "Facts updated." + (f" {len(created)} new action(s) required by the policy." if created else "")
    )
    return redirect("incidents:detail", pk=pk)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def move(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk, manage=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refuse(request, incident, "Choose where the case should go.", move_form=form)
    try:
        incident_move(incident=incident, by=request.user, **form.cleaned_data)
    except (InvalidTransition, ValidationError) as exc:
        return _refuse(request, incident, _message(exc), move_form=form)
    messages.success(request, "The case has been updated.")
    return redirect("incidents:detail", pk=pk)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk, manage=True)
    form = ActionAddForm(request.POST, incident=incident)
    if not form.is_valid():
        return _refuse(request, incident, "Check the new action.", action_form=form)
    try:
        action_add(incident=incident, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refuse(request, incident, _message(exc), action_form=form)
    messages.success(request, "Action added.")
    return redirect("incidents:detail", pk=pk)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.VIEW_CASES)
@submit_once
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request, pk)
    if request.method == "GET":
        audit_record(
            actor=request.user, verb="action.viewed", target=action, school=action.incident.school, request=request
        )
    form = record_form_for(action, request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        started = now()
        try:
            action_complete(
                action=action,
                by=request.user,
                completion=form.completion(),
                confirmed_by_name=form.cleaned_data.get("confirmed_by") or "",
            )
        except (InvalidTransition, ValidationError) as exc:
            error = _message(exc)
        else:
            messages.success(
                request, f"Recorded: {action.title}. " + progress_message(action.incident_id, since=started)
            )
            return redirect("incidents:detail", pk=action.incident_id)
    status = 400 if (form.errors or error) else 200
    return render(request, "incidents/action.html", _action_context(action, form, error=error), status=status)


# Where the record that completes an action is made (rules.DONE_ELSEWHERE), and what the button says.
DONE_AT = {
    ActionKind.EVIDENCE: ("evidence:add", "", "Add the screenshots to the case"),
    ActionKind.INVITATION: ("letters:issue", "?kind=invitation", "Issue the model letter"),
    ActionKind.PREMISES_BAR: ("registers:premises_new", "", "Record the bar in the premises register"),
    ActionKind.ICT_BAN: ("registers:ict_new", "", "Record the ban in the ICT ban register"),
    ActionKind.BULLYING_RECORD: ("incidents:bullying_record", "", "Complete the statutory bullying record"),
}


def _action_context(action, form, *, error: str = "", withdraw_form=None) -> dict:
    done_at = None
    if action.kind in DONE_AT:
        name, query, label = DONE_AT[action.kind]
        done_at = {"url": reverse(name, args=[action.incident_id]) + query, "label": label}
    letters = []
    if action.kind == ActionKind.MEETING:
        letters = list(action.incident.letters.filter(kind__in=["invitation", "meeting_outcome"]).order_by("issued_at"))
    return {
        "action": action,
        "form": form,
        "error": error,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "rules": [rule for rid in (action.rule_ids or [action.rule_id]) if (rule := rules.rule_by_id(rid))],
        "done_at": done_at,
        "done_elsewhere": action.kind in rules.DONE_ELSEWHERE,
        "letters": letters,
    }


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def withdraw_action(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request, pk)
    if not can_manage(action.incident, request.user, request.roles):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    error = "Say why the action is no longer needed."
    if form.is_valid():
        started = now()
        try:
            action_withdraw(action=action, by=request.user, reason=form.cleaned_data["reason"])
        except (InvalidTransition, ValidationError) as exc:
            error = _message(exc)
        else:
            messages.success(
                request, "Action marked as no longer needed. " + progress_message(action.incident_id, since=started)
            )
            return redirect("incidents:detail", pk=action.incident_id)
    context = _action_context(action, record_form_for(action), error=error, withdraw_form=form)
    return render(request, "incidents/action.html", context, status=400)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def note(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refuse(request, incident, "Write the note.", note_form=form)
    corrects = None
    if form.cleaned_data["corrects"]:
        entries = TimelineEntry.objects.filter(incident=incident)
        if not incident.access.whole_file:
            entries = entries.filter(actor=request.user)  # only what they can see: their own entries
        corrects = get_object_or_404(entries, pk=form.cleaned_data["corrects"])
    note_add(incident=incident, by=request.user, text=form.cleaned_data["text"], corrects=corrects)
    messages.success(request, "Correction added." if corrects else "Note added.")
    return redirect("incidents:detail", pk=pk)


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def takedown(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, pk, manage=True)
    form = TakedownForm(request.POST)
    if not form.is_valid():
        return _refuse(request, incident, "Check the takedown step.", takedown_form=form)
    started = now()
    takedown_add(incident=incident, by=request.user, **form.cleaned_data)
    messages.success(request, "Takedown step recorded. " + progress_message(incident.pk, since=started))
    return redirect("incidents:detail", pk=pk)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@require_GET
@require_perm(Perm.VIEW_CASES)
def chronology_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The case's chronology as a PDF to print or send, or a CSV: for those who see the whole file."""
    incident = get_incident_for_user(request, pk, whole_file=True)
    audit_record(
        actor=request.user,
        verb="incident.chronology_downloaded",
        target=incident,
        data={"format": fmt},
        request=request,
    )
    name = f"{incident.reference}-chronology.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(chronology_pdf(incident), content_type="application/pdf")
    else:
        response = HttpResponse(chronology_csv(incident), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@require_perm(Perm.VIEW_CASES)
def seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has seen this case: every view, evidence view or download, bundle, letter, export and refused attempt."""
    incident = get_incident_for_user(request, pk, whole_file=True)
    form = SeenFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    audit_record(
        actor=request.user,
        verb="incident.access_log_viewed",
        target=incident,
        data={"kind": kind} if kind else {},
        request=request,
    )
    page = Paginator(_access_events(incident, kind), 100).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.what = access_what(event)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"incident": incident, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "incidents/seen.html", context, status=400 if form.errors else 200)


def _access_events(incident, kind: str):
    match = Q()
    for verb in ACCESS_KINDS[kind][1] if kind else ACCESS_VERBS:
        match |= Q(verb__startswith=verb)
    return AuditEvent.objects.filter(match, case_id=incident.pk).select_related("actor")


# The report form's pickers that search as you type (htmx): what each one matches a word against.
PICKER_SEARCH = {
    "target_pupil": ("first_name", "last_name"),
    "responsible_pupil": ("first_name", "last_name"),
    "on_behalf_of": ("first_name", "last_name"),
    "responsible_guardian": ("first_name", "last_name", "pupils__first_name", "pupils__last_name"),
    "target_member": ("first_name", "last_name", "job_title"),
    "target_governor": ("first_name", "last_name"),
    "responsible_member": ("first_name", "last_name", "job_title"),
}
PICKER_LIMIT = 50


@require_GET
@require_perm(Perm.REPORT_INCIDENT)
def picker_options(request: HttpRequest, field: str) -> HttpResponse:
    """The options of one of the report form's pickers that match what is typed, for htmx to swap in.

    The same people the form itself lists (this school's), labelled the same way; without JavaScript the form's own
    list is used instead.
    """
    if field not in PICKER_SEARCH:
        raise Http404
    picker = ReportForm(school=request.school).fields[field]
    found = picker.queryset
    for word in clean_query(request.GET.get("q", "")).split()[:5]:
        match = Q()
        for name in PICKER_SEARCH[field]:
            match |= Q(**{f"{name}__icontains": word})
        found = found.filter(match)
    rows = list(found.distinct()[: PICKER_LIMIT + 1])
    options = [("", picker.empty_label)] + [(obj.pk, picker.label_from_instance(obj)) for obj in rows[:PICKER_LIMIT]]
    more = len(rows) > PICKER_LIMIT
    return render(request, "incidents/_picker_options.html", {"options": options, "more": more})


# --- The statutory bullying record (Addressing Bullying in Schools Act (NI) 2016, s.3) ---


@require_http_methods(["GET", "POST"])
@require_perm(Perm.VIEW_CASES)
@submit_once
def bullying_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Make or revise the case's statutory bullying record: for those who manage the case."""
    incident = get_incident_for_user(request, pk, manage=True)
    record = BullyingRecord.objects.filter(incident=incident).first()
    if request.method == "GET":
        audit_record(actor=request.user, verb="incident.bullying_record_viewed", target=incident, request=request)
    form = BullyingRecordForm(request.POST if request.method == "POST" else None, record=record)
    error = ""
    if request.method == "POST" and form.is_valid():
        started = now()
        try:
            bullying_record_save(incident=incident, by=request.user, data=form.cleaned_data)
        except (InvalidTransition, ValidationError) as exc:
            error = _message(exc)
        else:
            done = "saved" if record is None else "updated"
            messages.success(request, f"Statutory bullying record {done}. " + progress_message(pk, since=started))
            return redirect("incidents:detail", pk=pk)
    context = {
        "incident": incident,
        "record": record,
        "form": form,
        "error": error,
        "law": rules.BULLYING_ACT_RECORD_DUTY,
    }
    return render(request, "incidents/bullying_record.html", context, status=400 if form.errors or error else 200)


REGISTER_PAGE = 25


def _bullying_register_rows(request):
    form = BullyingFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    whole = whole_file_incidents(request.user, request.school, request.roles)
    return form, filters, selectors.bullying_records(whole, **filters)


@require_GET
@require_perm(Perm.VIEW_CASES)
def bullying_register(request: HttpRequest) -> HttpResponse:
    """The register of statutory bullying records of the cases whose whole file the person sees."""
    form, filters, records = _bullying_register_rows(request)
    if "format" in request.GET:
        return _bullying_export(request, form, filters, records)
    audit_record(
        actor=request.user,
        verb="incident.bullying_register_viewed",
        school=request.school,
        data={k: str(v) for k, v in filters.items()},
        request=request,
    )
    if form.errors:  # the message says what to change; no rows that the filters did not choose
        records = records.none()
    page = Paginator(records, REGISTER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "incidents/bullying_register.html", context, status=400 if form.errors else 200)


def _motivations(r) -> str:
    return "; ".join(label for value, label in BullyingMotivation.choices if value in r.motivations)


# The statutory record as the register exports it: case references, no pupil's name, no free text but a typed
# "other" motivation.
BULLYING_COLUMNS = [
    ("Case", lambda r: r.incident.reference),
    ("Reported", lambda r: localtime(r.incident.reported_at).date()),
    ("Occurred", lambda r: localtime(r.incident.occurred_at).date()),
    ("Judgement", lambda r: r.get_judgement_display()),
    ("Methods", lambda r: "; ".join(r.method_labels)),
    ("Motivations", _motivations),
    ("Other motivation", lambda r: r.motivation_other),
    ("Level of response", lambda r: r.get_level_display()),
    ("Interventions", lambda r: "; ".join(r.intervention_labels)),
    ("Outcome", lambda r: r.get_outcome_display()),
    ("Parents of the pupil experiencing it informed", lambda r: r.target_parents_informed_on),
    ("Parents of the pupil displaying it informed", lambda r: r.responsible_parents_informed_on),
    ("Pupils involved", lambda r: r.pupils_involved),
    ("Recorded", lambda r: localtime(r.recorded_at).date()),
]


def _bullying_export(request: HttpRequest, form, filters: dict, records) -> HttpResponse:
    """The same filtered register as CSV or XLSX: case references only, no pupil's name; audited."""
    if form.errors:
        return export.refused_filters(form)
    return export.download(
        request, records, BULLYING_COLUMNS, "bullying-register", verb="export.bullying", filters=filters
    )
