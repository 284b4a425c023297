from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import now
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.incidents.access import get_incident_for_user
from socialsafe.incidents.services import progress_message
from socialsafe.letters import merge
from socialsafe.letters.access import get_letter_for_user, get_template_for_user, letters_for_parent
from socialsafe.letters.forms import IssueForm, SendForm, TemplateForm
from socialsafe.letters.services import (
    letter_downloaded,
    letter_issue,
    letter_mark_posted,
    letter_send,
    letter_template_update,
    letter_templates_ensure,
    letter_viewed,
)
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_GET
@require_perm(Perm.VIEW_OWN_LETTERS)
def mine(request: HttpRequest) -> HttpResponse:
    letters = letters_for_parent(request).order_by("-issued_at")
    audit_record(actor=request.user, verb="letters.mine_viewed", school=request.school, request=request)
    return render(request, "letters/mine.html", {"letters": letters})


@require_GET
@require_perm(Perm.MANAGE_LETTER_TEMPLATES)
def templates(request: HttpRequest) -> HttpResponse:
    return render(request, "letters/templates.html", {"templates": letter_templates_ensure(school=request.school)})


@require_http_methods(["GET", "POST"])
@require_perm(Perm.MANAGE_LETTER_TEMPLATES)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_template_for_user(request, pk)
    form = TemplateForm(request.POST if request.method == "POST" else None, instance=template)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "save":
            letter_template_update(template=template, by=request.user, **form.cleaned_data)
            messages.success(request, f"Saved: {template.name}.")
            return redirect("letters:templates")
        preview = form.preview()
    context = {"template": template, "form": form, "preview": preview, "fields": merge.FIELDS}
    return render(request, "letters/template_edit.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def issue(request: HttpRequest, case_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request, case_pk, manage=True)
    choices = letter_templates_ensure(school=incident.school)
    chosen = _chosen_template(request, choices)
    if chosen is None:
        return render(request, "letters/choose.html", {"incident": incident, "choices": choices})
    form = IssueForm(
        request.POST if request.method == "POST" else None,
        incident=incident,
        initial=_initial(request, incident, chosen),
    )
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "issue":
        started = now()
        try:
            letter = letter_issue(
                incident=incident,
                by=request.user,
                template=form.cleaned_data["template"],
                subject=form.cleaned_data["subject"],
                source=form.cleaned_data["body"],
                values=form.values,
                recipient_guardian=form.cleaned_data["recipient"],
                recipient_name=form.recipient_display,
                recipient_address=form.cleaned_data["recipient_address"],
                premises_ban=form.cleaned_data["premises_ban"],
            )
        except (ValidationError, merge.MergeError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else exc.problems)
        else:
            messages.success(
                request,
                f"Letter issued: {letter.subject}. It is kept on the case. "
                + progress_message(incident.pk, since=started),
            )
            return redirect("letters:detail", pk=letter.pk)
    preview = form.is_bound and form.is_valid()
    context = {"incident": incident, "form": form, "chosen": chosen, "preview": preview, "fields": merge.FIELDS}
    return render(request, "letters/issue.html", context, status=400 if form.errors else 200)


def _chosen_template(request, choices):
    wanted = request.POST.get("template") or request.GET.get("template")
    kind = request.GET.get("kind")
    for template in choices:
        if str(template.pk) == wanted or (not wanted and template.kind == kind):
            return template
    if wanted or kind:
        raise Http404
    return None


def _initial(request, incident, template) -> dict:
    # From the premises register, ?ban= names the entry the notice is about; otherwise the case's latest one.
    bans = incident.premises_bans.all()
    wanted = request.GET.get("ban", "")
    ban = bans.filter(pk=int(wanted)).first() if wanted.isdigit() else bans.first()
    return {
        "template": template.pk,
        "recipient": incident.responsible_guardian_id,
        "subject": template.subject,
        "body": template.body,
        "premises_ban": ban.pk if ban else None,
    }


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request, pk, manage=True)
    letter_viewed(letter=letter, by=request.user, request=request)
    initial = {"to": letter.recipient_guardian.email if letter.recipient_guardian else ""}
    return render(request, "letters/detail.html", {"letter": letter, "send_form": SendForm(initial=initial)})


@require_GET
@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    letter = get_letter_for_user(request, pk)
    letter_downloaded(letter=letter, by=request.user, fmt=fmt, request=request)
    field = letter.pdf if fmt == "pdf" else letter.docx
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{letter.file_stem}.{fmt}", content_type=CONTENT_TYPES[fmt]
    )


@require_POST
@login_required
@submit_once
def send(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request, pk, manage=True)
    form = SendForm(request.POST)
    if form.is_valid():
        letter_send(letter=letter, by=request.user, to=form.cleaned_data["to"])
        messages.success(request, f"The letter has been emailed to {form.cleaned_data['to']}.")
        return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/detail.html", {"letter": letter, "send_form": form}, status=400)


@require_POST
@login_required
@submit_once
def posted(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request, pk, manage=True)
    try:
        letter_mark_posted(letter=letter, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Recorded: the letter was printed and posted.")
    return redirect("letters:detail", pk=letter.pk)
