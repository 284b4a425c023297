from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import now
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.audit.words import access_what
from socialsafe.evidence import validate
from socialsafe.evidence.access import get_bundle_for_user, get_item_for_user
from socialsafe.evidence.forms import BundleForm, EvidenceForm
from socialsafe.evidence.models import FileType
from socialsafe.evidence.services import Metadata, bundle_create, evidence_add, evidence_viewed
from socialsafe.evidence.storage import evidence_storage
from socialsafe.evidence.upload import VaultUpload, VaultUploadHandler
from socialsafe.incidents.access import can_manage, get_incident_for_user
from socialsafe.incidents.services import progress_message
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm


def _discard_uploads(request: HttpRequest) -> None:
    """A repeated post stores nothing: drop the files its upload already streamed in."""
    for upload in request.FILES.getlist("files"):
        if isinstance(upload, VaultUpload):
            upload.discard()


@csrf_exempt  # the CSRF check runs in _add, once our upload handler is in place (Django's documented pattern)
@require_http_methods(["GET", "POST"])
@require_perm(Perm.VIEW_CASES)
def add(request: HttpRequest, case: int) -> HttpResponse:
    handler = VaultUploadHandler(request, max_bytes=settings.EVIDENCE_MAX_BYTES)
    request.upload_handlers = [handler]
    return _add(request, case, handler)


@csrf_protect
@submit_once(on_repeat=_discard_uploads)
def _add(request: HttpRequest, case: int, handler: VaultUploadHandler) -> HttpResponse:
    incident = get_incident_for_user(request, case)
    uploads = (
        [f for f in request.FILES.getlist("files") if isinstance(f, VaultUpload)] if request.method == "POST" else []
    )
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        initial={"captured_by": request.user.get_full_name(), "platform": incident.platform},
    )
    problems = [message for _, message in handler.problems]
    if request.method == "POST":
        if not uploads and not problems:
            form.add_error("files", "Choose at least one file to upload.")
        if form.is_valid() and not problems:
            meta = Metadata(**{k: form.cleaned_data[k] for k in Metadata.__dataclass_fields__})
            started = now()
            stored, refused = _store_all(incident, request.user, uploads, meta)
            if stored and not refused:
                messages.success(
                    request,
                    f"{len(stored)} file{'s' if len(stored) != 1 else ''} added to the evidence. "
                    + progress_message(incident.pk, since=started),
                )
                return redirect("incidents:detail", pk=incident.pk)
            problems += refused
            if stored:
                problems.insert(0, f"{len(stored)} file(s) were stored; these were not:")
        else:
            for upload in uploads:
                upload.discard()  # nothing is kept from a form with errors
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "evidence/add.html",
        {
            "incident": incident,
            "form": form,
            "problems": problems,
            "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


def _store_all(incident, by, uploads: list[VaultUpload], meta: Metadata) -> tuple[list, list[str]]:
    stored, refused = [], []
    for i, upload in enumerate(uploads):
        try:
            stored.append(evidence_add(incident=incident, by=by, upload=upload, meta=meta))
        except validate.Refused as exc:
            refused.append(str(exc))
        except OSError as exc:
            refused.append(f"{upload.name} could not be stored ({exc.strerror}). Nothing was stored for it.")
            for rest in uploads[i + 1 :]:
                rest.discard()
            break
    return stored, refused


@require_GET
@require_perm(Perm.VIEW_CASES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    evidence_viewed(item=item, by=request.user, request=request)
    text = None
    if item.is_text and not item.active_content:
        with evidence_storage().open(item.storage_name, "rb") as f:
            text = f.read(200_000).decode("utf-8", "replace")
    custody = item.custody.select_related("actor")
    seen = list(
        AuditEvent.objects.filter(
            Q(target_type="evidence.evidenceitem", target_id=str(item.pk))
            | Q(verb="access.refused", case_id=item.incident_id, data__path__startswith=f"/evidence/{item.pk}/")
        ).select_related("actor")[:50]
    )
    for event in seen:
        event.what = access_what(event)
    return render(request, "evidence/detail.html", {"item": item, "text": text, "custody": custody, "seen": seen})


INLINE_TYPES = (FileType.PNG, FileType.JPEG, FileType.WEBP)


@require_GET
@require_perm(Perm.VIEW_CASES)
def file(request: HttpRequest, pk: int) -> FileResponse:
    item = get_item_for_user(request, pk)
    inline = request.GET.get("inline") == "1"
    if inline and (item.content_type not in INLINE_TYPES or item.active_content):
        raise Http404("This file is not shown in the page; download it instead.")
    if inline:  # the image shown in the item's page: a view of the full-size file, logged on its own
        audit_record(actor=request.user, verb="evidence.image_shown", target=item, school=item.school, request=request)
    else:
        evidence_viewed(item=item, by=request.user, downloaded=True, request=request)
    active = item.active_content
    response = FileResponse(
        evidence_storage().open(item.storage_name, "rb"),
        as_attachment=not inline,
        filename=item.original_name,
        # A file that could run is sent as bytes to save, never as something a browser would open.
        content_type="application/octet-stream" if active else item.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@require_perm(Perm.VIEW_CASES)
@submit_once
def bundle(request: HttpRequest, case: int) -> HttpResponse:
    incident = get_incident_for_user(request, case)
    if not can_manage(incident, request.user, request.roles):
        raise PermissionDenied
    form = BundleForm(request.POST)
    if form.is_valid():
        try:
            made = bundle_create(incident=incident, by=request.user, **form.cleaned_data)
        except validate.Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Bundle ready. Its SHA-256 is {made.sha256}.")
            return redirect("evidence:bundle_file", pk=made.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("incidents:detail", pk=incident.pk)


@require_GET
@require_perm(Perm.VIEW_CASES)
def bundle_file(request: HttpRequest, pk: int) -> FileResponse:
    made = get_bundle_for_user(request, pk)
    if not can_manage(made.incident, request.user, request.roles):
        raise PermissionDenied
    name = f"{made.incident.reference}-evidence-{made.created_at:%Y%m%d-%H%M}.zip"
    audit_record(
        actor=request.user,
        verb="evidence.bundle_downloaded",
        target=made.incident,
        data={"bundle": made.pk, "recipient": made.recipient, "sha256": made.sha256},
        request=request,
    )
    response = FileResponse(
        evidence_storage().open(made.storage_name, "rb"),
        as_attachment=True,
        filename=name,
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
