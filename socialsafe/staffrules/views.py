"""The staff rules pages: a member's own page (the guidance and the yearly confirmation) and the Principal's list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.concerns.forms import PublishForm
from socialsafe.concerns.models import DocKind
from socialsafe.lib import export
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm
from socialsafe.staffrules import selectors
from socialsafe.staffrules.access import get_member_for_attestation
from socialsafe.staffrules.forms import AttestForm
from socialsafe.staffrules.guidance import DEFAULT_LABEL, default_guidance_text
from socialsafe.staffrules.services import attestation_reminders_send, staff_attest


@require_http_methods(["GET", "POST"])
@require_perm(Perm.ATTEST_STAFF_RULES)
@submit_once
def index(request: HttpRequest) -> HttpResponse:
    member = get_member_for_attestation(request)
    status = selectors.status_for(member)
    form = AttestForm(request.POST if request.method == "POST" else None, version=status.version)
    if request.method == "POST" and status.version is None:
        form.add_error(None, "The school has not published its staff guidance yet, so there is nothing to confirm.")
    elif request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != status.version.pk:
            form.add_error(None, "A newer version of the staff guidance has been published. Read it, then confirm.")
        else:
            try:
                staff_attest(member=member, version=status.version, by=request.user, **_statements(form))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Thank you. You have confirmed both for the {status.label} school year.")
                return redirect("staffrules:index")
    context = {"status": status, "form": form, "member": member}
    return render(request, "staffrules/index.html", context, status=400 if form.errors else 200)


def _statements(form: AttestForm) -> dict:
    return {k: form.cleaned_data[k] for k in ("privacy_checked", "guidance_read")}


OUTSTANDING_COLUMNS = [
    ("Name", lambda r: r.member.display_name),
    ("Job title", lambda r: r.member.job_title),
    ("State", lambda r: "Confirmed" if r.attestation else "Overdue" if r.overdue else "Outstanding"),
    ("Due by", lambda r: r.due),
    ("Confirmed", lambda r: r.attestation.at if r.attestation else None),
    ("Guidance version", lambda r: r.attestation.version.label if r.attestation else ""),
    ("Last reminded", lambda r: r.reminded),
]


@require_GET
@require_perm(Perm.STAFF_RULES_OUTSTANDING)
def outstanding(request: HttpRequest) -> HttpResponse:
    today = localdate()
    rows = selectors.attestation_rows(school=request.school, today=today)
    year = selectors.school_year_start(today)
    label = selectors.school_year_label(year)
    if "format" in request.GET:
        return export.download(
            request,
            rows,
            OUTSTANDING_COLUMNS,
            "staff-attestations",
            verb="export.staff_attestations",
            filters={"school_year": label},
        )
    audit_record(
        actor=request.user,
        verb="staffrules.outstanding_viewed",
        school=request.school,
        data={"school_year": label},
        request=request,
    )
    context = {
        "rows": rows,
        "label": label,
        "version": selectors.current_guidance(request.school),
        "pending": [r for r in rows if r.outstanding],
        "overdue": [r for r in rows if r.overdue],
        "done": [r for r in rows if not r.outstanding],
    }
    return render(request, "staffrules/outstanding.html", context)


@require_POST
@require_perm(Perm.STAFF_RULES_OUTSTANDING)
@submit_once
def remind(request: HttpRequest) -> HttpResponse:
    if selectors.current_guidance(request.school) is None:
        messages.error(
            request, "No reminders sent: publish the staff guidance first, so that there is something to read."
        )
        return redirect("staffrules:outstanding")
    sent = attestation_reminders_send(school=request.school, by=request.user)
    messages.success(
        request, f"{sent} reminder{'s' if sent != 1 else ''} sent. Nobody is reminded more than once a week."
    )
    return redirect("staffrules:outstanding")


@require_GET
@require_perm(Perm.MANAGE_POLICIES)
def default_guidance(request: HttpRequest) -> HttpResponse:
    """SocialSafe's default guidance in the publish form, to edit before publishing (the policies page publishes)."""
    current = selectors.current_guidance(request.school)
    # A first version is 1.0; after that the Principal numbers it (labels are unique per document).
    form = PublishForm(initial={"label": "" if current else DEFAULT_LABEL, "text": default_guidance_text()})
    return render(
        request, "staffrules/default_guidance.html", {"form": form, "current": current, "kind": DocKind.STAFF_GUIDANCE}
    )
