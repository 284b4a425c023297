from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm
from socialsafe.transfers import services
from socialsafe.transfers.access import get_incoming_for_user, get_received_for_user, get_transfer_for_user
from socialsafe.transfers.forms import ImportForm, LeaverForm, PackageForm, PupilChoiceForm, ReceiptForm
from socialsafe.transfers.models import PupilTransfer, ReceivedTransfer


def _choice(form) -> services.PupilChoice:
    data = form.cleaned_data
    return services.PupilChoice(
        pupil=data.get("pupil"), add_to_class=data.get("add_to_class"), reference=data.get("reference", "")
    )


@require_GET
@require_perm(Perm.TRANSFER_RECORDS)
def transfer_list(request: HttpRequest) -> HttpResponse:
    audit_record(actor=request.user, verb="transfers.listed", school=request.school, request=request)
    context = {
        "transfers": PupilTransfer.objects.filter(school=request.school).select_related("pupil", "recipient_school"),
        "inbox": services.inbox_for(request.school),
        "received": ReceivedTransfer.objects.filter(school=request.school).select_related("pupil"),
        "leaver_form": LeaverForm(school=request.school),
        "receipt_form": ReceiptForm(),
        "fingerprint": services.installation_fingerprint(),
        "days": services.TRANSFER_SCHOOL_DAYS,
    }
    return render(request, "transfers/list.html", context)


@require_POST
@require_perm(Perm.TRANSFER_RECORDS)
@submit_once
def leaver(request: HttpRequest) -> HttpResponse:
    form = LeaverForm(request.POST, school=request.school)
    if form.is_valid():
        pupil = form.cleaned_data["pupil"]
        try:
            transfer = services.pupil_mark_left(pupil=pupil, left_on=form.cleaned_data["left_on"], by=request.user)
        except services.TransferRefused as exc:
            form.add_error(None, str(exc))
        else:
            if transfer is None:
                messages.success(request, f"{pupil.full_name} is recorded as left. They have no records to send on.")
                return redirect("transfers:list")
            messages.success(
                request, f"{pupil.full_name} is recorded as left: send their records by {transfer.due_on:%-d %b %Y}."
            )
            return redirect("transfers:detail", pk=transfer.pk)
    return render(request, "transfers/leaver.html", {"form": form}, status=400)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.TRANSFER_RECORDS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for_user(request, pk)
    form = PackageForm(request.POST if request.method == "POST" else None, school=request.school)
    code = ""
    if request.method == "POST" and form.is_valid():
        try:
            transfer, code = services.transfer_package(
                transfer=transfer,
                by=request.user,
                recipient_school=form.cleaned_data["recipient_school"],
                recipient_name=form.cleaned_data["recipient_name"],
            )
        except services.TransferRefused as exc:
            form.add_error(None, str(exc))
    elif request.method == "GET":
        audit_record(
            actor=request.user, verb="transfer.viewed", target=transfer, school=request.school, request=request
        )
    context = {
        "transfer": transfer,
        "form": form,
        "code": code,
        "cases": services.cases_of(transfer.pupil).order_by("reported_at"),
        "fingerprint": services.installation_fingerprint(),
    }
    return render(request, "transfers/detail.html", context, status=400 if form.errors else 200)


@require_GET
@require_perm(Perm.TRANSFER_RECORDS)
def download(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for_user(request, pk)
    if not transfer.package_name or not services.package_path(transfer).exists():
        raise Http404
    services.transfer_downloaded(transfer=transfer, by=request.user, request=request)
    name = f"records-{transfer.pupil.last_name.lower()}-{localtime(transfer.packaged_at):%Y%m%d}.sstransfer"
    return FileResponse(services.package_path(transfer).open("rb"), as_attachment=True, filename=name)


@require_POST
@require_perm(Perm.TRANSFER_RECORDS)
@submit_once
def send(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for_user(request, pk)
    try:
        services.transfer_send(transfer=transfer, by=request.user)
    except services.TransferRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Sent to {transfer.recipient_label}: their designated teacher will accept it.")
    return redirect("transfers:detail", pk=transfer.pk)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.TRANSFER_RECORDS)
@submit_once
def incoming(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_incoming_for_user(request, pk)
    form = PupilChoiceForm(request.POST if request.method == "POST" else None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            received = services.transfer_accept(
                transfer=transfer, school=request.school, by=request.user, choice=_choice(form)
            )
        except services.TransferRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Accepted: every file's SHA-256 was checked, and the receipt was recorded.")
            return redirect("transfers:received", pk=received.pk)
    context = {"transfer": transfer, "form": form, "manifest_pupil": transfer.pupil}
    return render(request, "transfers/incoming.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.TRANSFER_RECORDS)
@submit_once
def import_package(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            received = services.transfer_import(
                school=request.school,
                source=form.cleaned_data["package"],
                code=form.cleaned_data["code"],
                by=request.user,
                choice=_choice(form),
                expected_fingerprint=form.cleaned_data["fingerprint"],
            )
        except services.TransferRefused as exc:
            form.add_error(None, f"Nothing was imported. {exc}")
        else:
            messages.success(request, "Imported: every file's SHA-256 was checked. Send the receipt back.")
            return redirect("transfers:received", pk=received.pk)
    return render(request, "transfers/import.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@require_perm(Perm.TRANSFER_RECORDS)
def received(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_received_for_user(request, pk)
    audit_record(actor=request.user, verb="transfer.import_viewed", target=item, school=request.school, request=request)
    return render(request, "transfers/received.html", {"item": item})


@require_GET
@require_perm(Perm.TRANSFER_RECORDS)
def receipt_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_received_for_user(request, pk)
    audit_record(
        actor=request.user, verb="transfer.receipt_downloaded", target=item, school=request.school, request=request
    )
    response = HttpResponse(item.receipt, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="receipt-{item.package_id}.ssreceipt"'
    return response


@require_POST
@require_perm(Perm.TRANSFER_RECORDS)
@submit_once
def receipt_upload(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            transfer = services.receipt_record(
                school=request.school, data=form.cleaned_data["receipt"], by=request.user
            )
        except services.TransferRefused as exc:
            form.add_error("receipt", str(exc))
        else:
            messages.success(request, f"Receipt recorded: received on {localtime(transfer.received_at):%-d %b %Y}.")
            return redirect("transfers:detail", pk=transfer.pk)
    return render(request, "transfers/receipt.html", {"form": form}, status=400)
