"""Every write about subject access requests: each in one transaction with its audit row."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import localdate, now

from socialsafe.audit.services import audit_record
from socialsafe.subjectaccess.deadlines import MAX_EXTENSION_MONTHS, sar_due_date
from socialsafe.subjectaccess.export import build_export, exports_dir
from socialsafe.subjectaccess.models import (
    OPEN_STATUSES,
    InvalidTransition,
    SarStatus,
    SubjectAccessExport,
    SubjectAccessRequest,
)

# How long a produced ZIP is kept once its request is closed: long enough to answer "please send it again" or a
# complaint to the ICO about what was sent; the audit row (with its SHA-256) stays for good.
EXPORT_KEEP_DAYS = 30


@transaction.atomic
def sar_create(*, school, by, fields: dict) -> SubjectAccessRequest:
    """Record a request received, with its due date by the ICO's rule."""
    sar = SubjectAccessRequest(school=school, created_by=by, **fields)
    sar.set_due()
    sar.full_clean()
    sar.save()
    audit_record(
        actor=by,
        verb="subjectaccess.created",
        target=sar,
        data={"subject_kind": sar.subject_kind, "received_on": sar.received_on.isoformat()},
    )
    return sar


@transaction.atomic
def sar_extend(*, sar: SubjectAccessRequest, by, months: int, reason: str) -> SubjectAccessRequest:
    """Extend the deadline by `months` more (two in all at most) because the request is complex; the reason is kept."""
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request is complex: the law requires a reason."})
    if sar.status not in OPEN_STATUSES:
        raise InvalidTransition("Only an open request can be extended.")
    first_month = sar_due_date(sar.received_on)
    if localdate() > first_month:
        # The ICO: the requester must be told of an extension, and why, within the first month.
        raise ValidationError(
            {
                "months": f"The first month ended on {first_month:%-d %b %Y}: an extension had to be told to the "
                "requester within it. Answer the request now, and record the delay."
            }
        )
    if months < 1 or sar.extension_months + months > MAX_EXTENSION_MONTHS:
        left = MAX_EXTENSION_MONTHS - sar.extension_months
        raise ValidationError(
            {
                "months": f"The law allows at most {MAX_EXTENSION_MONTHS} months' extension in all; "
                + (f"this request can be extended by {left} more." if left else "it has been extended fully.")
            }
        )
    before = sar.due_on
    sar.extension_months += months
    reasons = [r for r in (sar.extension_reason, reason.strip()) if r]
    sar.extension_reason = "\n\n".join(reasons)
    sar.set_due()
    sar.status, sar.updated_at = SarStatus.EXTENDED, now()
    sar.save(update_fields=["extension_months", "extension_reason", "due_on", "status", "updated_at"])
    audit_record(
        actor=by,
        verb="subjectaccess.extended",
        target=sar,
        data={"months": months, "reason": reason.strip(), "due_was": before.isoformat(), "due": sar.due_on.isoformat()},
    )
    return sar


@transaction.atomic
def sar_move(*, sar: SubjectAccessRequest, by, to: str) -> SubjectAccessRequest:
    """Move the request on: identity checked, in preparation, sent, closed."""
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    was = sar.status
    sar.move_to(to)
    sar.save(update_fields=["status", "updated_at", "closed_at"])
    audit_record(actor=by, verb="subjectaccess.status", target=sar, data={"from": was, "to": to})
    return sar


@transaction.atomic
def sar_redaction_confirm(
    *, sar: SubjectAccessRequest, by, withheld_staff: list[int], include_evidence: bool
) -> SubjectAccessRequest:
    """Record the redaction the Principal has seen and confirmed; the export then applies exactly that."""
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.status not in OPEN_STATUSES:
        raise InvalidTransition("This request is no longer open.")
    sar.redaction = {
        "withheld_staff": sorted(set(withheld_staff)),
        "include_evidence": include_evidence,
        "confirmed_at": now().isoformat(),
        "confirmed_by": by.pk,
    }
    sar.updated_at = now()
    sar.save(update_fields=["redaction", "updated_at"])
    audit_record(
        actor=by,
        verb="subjectaccess.redaction_confirmed",
        target=sar,
        data={"withheld_staff": len(sar.redaction["withheld_staff"]), "include_evidence": include_evidence},
    )
    return sar


def sar_export_produce(*, sar: SubjectAccessRequest, by) -> SubjectAccessExport:
    """Produce the ZIP under VAR_DIR/exports and record it with its SHA-256. Needs the redaction confirmed first."""
    if not sar.redaction_confirmed:
        raise InvalidTransition("Confirm the redaction before producing the export.")
    if sar.status not in OPEN_STATUSES:
        raise InvalidTransition("This request is no longer open.")
    built = build_export(sar)
    try:
        with transaction.atomic():
            export = SubjectAccessExport.objects.create(
                request=sar,
                produced_by=by,
                file_name=built.path.name,
                sha256=built.sha256,
                size=built.size,
                summary={**built.summary, "case_ids": built.case_ids},
            )
            audit_record(
                actor=by,
                verb="subjectaccess.exported",
                target=sar,
                data={"export": export.pk, "sha256": built.sha256, "size": built.size},
            )
    except BaseException:
        built.path.unlink(missing_ok=True)  # no row points at it
        raise
    return export


def export_path(export: SubjectAccessExport) -> Path:
    return exports_dir() / export.file_name


@transaction.atomic
def sar_export_downloaded(*, export: SubjectAccessExport, by, request=None) -> None:
    """Audit a download of an export."""
    audit_record(
        actor=by,
        verb="subjectaccess.downloaded",
        target=export.request,
        data={"export": export.pk, "sha256": export.sha256},
        request=request,
    )


def sar_exports_purge(*, today: dt.date | None = None) -> int:
    """Delete the ZIPs of requests closed more than EXPORT_KEEP_DAYS ago; each row stays, marked deleted, with its
    audit line. For the retention job to run daily; safe to run twice. Returns how many files were deleted."""
    today = today or localdate()
    cutoff = dt.datetime.combine(today - dt.timedelta(days=EXPORT_KEEP_DAYS), dt.time.min, tzinfo=dt.UTC)
    due = SubjectAccessExport.objects.filter(
        deleted_at__isnull=True, request__status=SarStatus.CLOSED, request__closed_at__lt=cutoff
    ).select_related("request__school")
    done = 0
    for export in due:
        path = export_path(export)
        with transaction.atomic():
            SubjectAccessExport.objects.filter(pk=export.pk).update(deleted_at=now())
            audit_record(
                actor=None,
                verb="subjectaccess.export_deleted",
                target=export.request,
                data={"export": export.pk, "sha256": export.sha256},
            )
            transaction.on_commit(lambda p=path: p.unlink(missing_ok=True))
        done += 1
    return done


def exports_of_destroyed_cases(*, case_ids: set[int]) -> int:
    """Cases destroyed under the retention schedule: delete every export that holds one, after commit (the row stays,
    marked deleted, as for sar_exports_purge). Registered with socialsafe.retention.destruction; runs in its
    transaction."""
    doomed = [
        e
        for e in SubjectAccessExport.objects.select_for_update().filter(deleted_at__isnull=True)
        if case_ids & set(e.summary.get("case_ids", []))
    ]
    for export in doomed:
        export.deleted_at = now()
        export.save(update_fields=["deleted_at"])
        path = export_path(export)
        transaction.on_commit(lambda p=path: p.unlink(missing_ok=True))
    return len(doomed)
