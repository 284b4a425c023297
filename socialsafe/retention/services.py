"""Writes: legal holds, the authority's overrides, the review queue's decisions, and the daily run."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.timezone import localdate, now

from socialsafe.accounts.models import UserSession
from socialsafe.audit.services import audit_record
from socialsafe.incidents.models import Incident
from socialsafe.retention.destruction import DESTROYERS, UnderLegalHold, delete_rows
from socialsafe.retention.models import Action, LegalHold, RetentionReview, ReviewStatus, RuleOverride
from socialsafe.retention.schedule import BY_KEY
from socialsafe.retention.selectors import due_records, expired_sessions
from socialsafe.schools.models import EducationAuthority, School


class RetentionError(Exception):
    """A retention step that cannot be done now (the message says why)."""


@transaction.atomic
def hold_set(*, incident: Incident, by, reason: str) -> LegalHold:
    """Put a case under legal hold: it is neither destroyed nor queued while the hold lasts."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if LegalHold.objects.active().filter(incident=incident).exists():
        raise RetentionError("This case is already under legal hold.")
    hold = LegalHold.objects.create(school=incident.school, incident=incident, reason=reason, set_by=by)
    audit_record(actor=by, verb="retention.hold_set", target=incident, data={"reason": reason})
    return hold


@transaction.atomic
def hold_lift(*, hold: LegalHold, by, reason: str) -> LegalHold:
    """Lift a legal hold, with the reason."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise RetentionError("This hold has already been lifted.")
    hold.lift_reason, hold.lifted_by, hold.lifted_at = reason, by, now()
    hold.save(update_fields=["lift_reason", "lifted_by", "lifted_at"])
    audit_record(actor=by, verb="retention.hold_lifted", target=hold.incident, data={"reason": reason})
    return hold


@transaction.atomic
def override_set(
    *, authority: EducationAuthority, record_class: str, years: int, months: int, action: str, note: str, by
) -> RuleOverride:
    """Set the authority's own period and action for a record class."""
    if record_class not in BY_KEY or not BY_KEY[record_class].overridable or BY_KEY[record_class].follows:
        raise RetentionError("That record class cannot be changed.")
    if action not in (Action.REVIEW, Action.DESTROY):
        raise RetentionError("Choose review or destroy.")
    default = BY_KEY[record_class]
    if default.floor and years * 12 + months < default.years * 12 + default.months:
        raise RetentionError(
            f"{default.label}: the guidance keeps these at least {default.period} ({default.source}). An authority "
            "may keep them longer, never shorter."
        )
    if default.floor and action != Action.REVIEW:
        raise RetentionError(f"{default.label}: a person reviews these before any is destroyed. Choose review.")
    o, _ = RuleOverride.objects.select_for_update().update_or_create(
        authority=authority,
        record_class=record_class,
        defaults={
            "years": years,
            "months": months,
            "action": action,
            "note": note,
            "updated_by": by,
            "updated_at": now(),
        },
    )
    audit_record(
        actor=by,
        verb="retention.override_set",
        target=o,
        data={
            "authority": authority.pk,
            "record_class": record_class,
            "years": years,
            "months": months,
            "action": action,
            "note": note,
        },
    )
    return o


@transaction.atomic
def override_clear(*, authority: EducationAuthority, record_class: str, by) -> None:
    """Go back to the schedule's default for a record class."""
    deleted, _ = RuleOverride.objects.filter(authority=authority, record_class=record_class).delete()
    if deleted:
        audit_record(
            actor=by, verb="retention.override_cleared", data={"authority": authority.pk, "record_class": record_class}
        )


def _row(record_class: str, record_id: int, school: School):
    from socialsafe.retention.destruction import model_for

    model = model_for(record_class)
    return model._base_manager.filter(pk=record_id).first()


@transaction.atomic
def review_keep(*, review: RetentionReview, by, reason: str, next_review_on: dt.date) -> RetentionReview:
    """Keep a record that reached its date, with the reason and the date to look at it again."""
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.PENDING:
        raise RetentionError("This record has already been reviewed.")
    if next_review_on <= localdate():
        raise RetentionError("The next review date must be in the future.")
    review.status, review.decided_by, review.decided_at = ReviewStatus.KEPT, by, now()
    review.keep_reason, review.next_review_on = reason, next_review_on
    review.save()
    audit_record(
        actor=by,
        verb="retention.kept",
        school=review.school,
        target=review,
        data={
            "record_class": review.record_class,
            "record_id": review.record_id,
            "next_review_on": next_review_on.isoformat(),
        },
    )
    return review


@transaction.atomic
def review_destroy(*, review: RetentionReview, by):
    """Destroy a record the Principal has reviewed; returns the destruction record."""
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.PENDING:
        raise RetentionError("This record has already been reviewed.")
    row = _row(review.record_class, review.record_id, review.school)
    review.status, review.decided_by, review.decided_at = ReviewStatus.DESTROYED, by, now()
    review.save()
    if row is None:
        raise RetentionError("This record no longer exists.")
    try:
        return DESTROYERS[review.record_class](row, by=by, review=review, reason="review")
    except UnderLegalHold as e:
        raise RetentionError("This case is under legal hold: lift the hold first.") from e


@dataclass
class RunReport:
    queued: list = field(default_factory=list)
    destroyed: list = field(default_factory=list)
    sessions: int = 0


def retention_apply(*, school: School, dry_run: bool = False, today: dt.date | None = None) -> RunReport:
    """Queue every due "review" record of the school once, and destroy every due "destroy" record."""
    report = RunReport()
    for due in due_records(school, today=today):
        if due.record_class.action == Action.REVIEW:
            report.queued.append(due)
            if not dry_run:
                _queue(school=school, due=due)
        elif due.record_class.action == Action.DESTROY:
            report.destroyed.append(due)
            if not dry_run:
                row = _row(due.record_class.key, due.record_id, school)
                if row is not None:
                    DESTROYERS[due.record_class.key](row, by=None, reason="scheduled")
    return report


@transaction.atomic
def _queue(*, school: School, due) -> RetentionReview:
    review = RetentionReview.objects.create(
        school=school, record_class=due.record_class.key, record_id=due.record_id, due_on=due.due_on
    )
    audit_record(
        actor=None,
        verb="retention.queued",
        school=school,
        target=review,
        data={"record_class": review.record_class, "record_id": review.record_id},
    )
    return review


@transaction.atomic
def transferred_cases_queue(*, school: School, pupil, today: dt.date | None = None) -> list[RetentionReview]:
    """The next school has acknowledged a leaver's file: queue its copies here for the Principal's review now.

    The schedule's "pupil_record" row: the file goes to the next school and this school keeps no copy. The Principal
    still decides (people decide; nothing is destroyed unseen), so each closed case about the leaver is queued today
    unless it names another pupil still at the school (then it is their record too and keeps its own clock), is
    under legal hold, or is already queued. A case still open is left to its own clock: it is still being worked on.
    """
    from socialsafe.retention.selectors import Due, held_case_ids

    today = today or localdate()
    held = held_case_ids(school)
    queued = set(
        RetentionReview.objects.filter(
            school=school, record_class="case_pupil", status=ReviewStatus.PENDING
        ).values_list("record_id", flat=True)
    )
    cases = Incident.objects.filter(
        Q(target_pupil=pupil) | Q(responsible_pupil=pupil) | Q(on_behalf_of=pupil),
        school=school,
        closed_at__isnull=False,
    ).select_related("target_pupil", "responsible_pupil", "on_behalf_of")
    reviews = []
    for case in cases:
        others = {case.target_pupil, case.responsible_pupil, case.on_behalf_of} - {None, pupil}
        if case.pk in held or case.pk in queued or any(p.left_on is None for p in others):
            continue
        reviews.append(_queue(school=school, due=Due(BY_KEY["case_pupil"], case.pk, today)))
    return reviews


@transaction.atomic
def sessions_expire(*, dry_run: bool = False) -> int:
    """Remove expired sessions (installation-wide: no school's)."""
    ids = expired_sessions(at=now())
    if ids and not dry_run:
        delete_rows(UserSession, set(ids))
    return len(ids)
