"""Reads: which records are due under the schedule, the schedule as it applies to a school, the review queue."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils.timezone import localdate, localtime

from socialsafe.accounts.models import UserSession
from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import Acknowledgement, Concern, ParentInvite, PhotoConsent
from socialsafe.evidence.models import Bundle
from socialsafe.families.models import FamilyInvitation, InvitationBatch
from socialsafe.incidents.models import Incident, Status
from socialsafe.lib.dates import add_months
from socialsafe.moderation.models import ScoredText
from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest
from socialsafe.registers.models import IctBan, PremisesBan
from socialsafe.reports.models import ReportRun
from socialsafe.retention.models import DestructionRecord, LegalHold, RetentionReview, ReviewStatus, RuleOverride
from socialsafe.retention.schedule import BY_KEY, CLASSES, OWN_CLOCK, RecordClass, rule_for
from socialsafe.schools.models import School
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation


def removed_links(table: str) -> Iterator[tuple[str, str]]:
    """The chain links of every row of `table` removed by a destruction (the audit app's gap source)."""
    for links in DestructionRecord.objects.filter(removed_links__has_key=table).values_list("removed_links", flat=True):
        yield from ((prev, hash_) for prev, hash_ in links[table])


def overrides_for(school: School) -> dict[str, RuleOverride]:
    return {o.record_class: o for o in RuleOverride.objects.filter(authority_id=school.authority_id)}


def schedule_for(school: School) -> list[RecordClass]:
    """Every record class as it applies to the school, its authority's overrides included."""
    overrides = overrides_for(school)
    return [rule_for(c, overrides) for c in CLASSES]


def held_case_ids(school: School) -> set[int]:
    return set(LegalHold.objects.active().filter(school=school).values_list("incident_id", flat=True))


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return localdate(value) if isinstance(value, dt.datetime) else value


def _cases(school: School, *, pupil: bool):
    named = Q(target_pupil__isnull=False) | Q(responsible_pupil__isnull=False) | Q(on_behalf_of__isnull=False)
    rows = Incident.objects.filter(school=school, status=Status.CLOSED).filter(named if pupil else ~named)
    if not pupil:
        yield from rows.values_list("pk", "closed_at")
        return
    dobs = rows.values_list(
        "pk",
        "closed_at",
        "target_pupil__date_of_birth",
        "responsible_pupil__date_of_birth",
        "on_behalf_of__date_of_birth",
    )
    for pk, closed, *births in dobs:
        # The youngest pupil's clock runs longest; never before the case closed.
        yield pk, max([d for d in births if d is not None]), closed


def _starts(record_class: str, school: School) -> Iterator[tuple[int, dt.date | None]]:
    """(record id, the day its clock started) for every record of the class in the school that has a clock."""
    match record_class:
        case "case_pupil":
            for pk, birth, _closed in _cases(school, pupil=True):
                yield pk, birth
        case "case_other":
            yield from _cases(school, pupil=False)
        case "scored_text":
            rows = ScoredText.objects.filter(incident__school=school, incident__status=Status.CLOSED)
            yield from rows.values_list("pk", "incident__closed_at")
        case "bundle":
            yield from Bundle.objects.filter(incident__school=school).values_list("pk", "created_at")
        case "concern":
            rows = Concern.objects.filter(school=school, incident__isnull=True, closed_at__isnull=False)
            yield from rows.values_list("pk", "closed_at")
        case "premises_bar":
            for pk, ends, lifted in PremisesBan.objects.filter(school=school).values_list("pk", "ends_on", "lifted_on"):
                yield pk, lifted or ends
        case "ict_ban":
            rows = IctBan.objects.filter(school=school).values_list("pk", "ends_on", "reinstated_at")
            for pk, ends, reinstated in rows:
                yield pk, _day(reinstated) or ends
        case "photo_consent":
            rows = PhotoConsent.objects.filter(school=school, pupil__left_on__isnull=False)
            yield from rows.values_list("pk", "pupil__left_on")
        case "acknowledgement":
            yield from Acknowledgement.objects.filter(version__document__school=school).values_list("pk", "at")
        case "parent_invite":
            yield from ParentInvite.objects.filter(guardian__school=school).values_list("pk", "at")
        case "report_run":
            yield from ReportRun.objects.filter(school=school).values_list("pk", "produced_at")
        case "audit_event":
            rows = AuditEvent.objects.filter(school=school, case_id__isnull=True).exclude(verb="retention.destroyed")
            yield from rows.values_list("pk", "at")
        case "session":
            yield from ()  # installation-wide: see expired_sessions()
        case _:
            yield from _starts_issue18(record_class, school)


# --- issue 18 (dpcover): the records of the check-before-you-post page, staff attestations, family invitations
def _starts_issue18(record_class: str, school: School) -> Iterator[tuple[int, dt.date | None]]:
    match record_class:
        case "advice_request":
            rows = AdviceRequest.objects.filter(school=school).values_list("pk", "answered_at", "requested_at")
            for pk, answered, asked in rows:
                yield pk, answered or asked
        case "official_post_request":
            rows = OfficialPostRequest.objects.filter(school=school).values_list("pk", "decided_at", "requested_at")
            for pk, decided, proposed in rows:
                yield pk, decided or proposed
        case "staff_attestation":
            # The clock starts when the school year it covers ends: a year after its 1 September.
            for pk, year in StaffAttestation.objects.filter(school=school).values_list("pk", "school_year"):
                yield pk, add_months(year, 12)
        case "attestation_reminder":
            yield from AttestationReminder.objects.filter(school=school).values_list("pk", "at")
        case "family_invitation":
            rows = FamilyInvitation.objects.filter(school=school, acknowledged_at__isnull=True)
            for pk, sent, made in rows.values_list("pk", "sent_at", "created_at"):
                yield pk, sent or made
        case "family_acknowledgement":
            rows = FamilyInvitation.objects.filter(school=school, acknowledged_at__isnull=False)
            yield from rows.values_list("pk", "acknowledged_at")
        case "invitation_batch":
            yield from InvitationBatch.objects.filter(school=school).values_list("pk", "created_at")


@dataclass
class Due:
    record_class: RecordClass
    record_id: int
    due_on: dt.date


def due_records(school: School, *, today: dt.date | None = None) -> list[Due]:
    """Every record of the school past its date, not under legal hold, and not already queued or kept past today."""
    today = today or localdate()
    held = held_case_ids(school)
    overrides = overrides_for(school)
    out = []
    for default in OWN_CLOCK:
        if default.key == "session":
            continue
        rule = rule_for(default, overrides)
        waiting = set()
        for pk, status, next_review in RetentionReview.objects.filter(school=school, record_class=rule.key).values_list(
            "record_id", "status", "next_review_on"
        ):
            if status == ReviewStatus.PENDING or (status == ReviewStatus.KEPT and next_review > today):
                waiting.add(pk)
        for pk, start in _starts(rule.key, school):
            start = _day(start)
            if start is None or pk in waiting:
                continue
            if rule.key.startswith("case_") and pk in held:
                continue
            if rule.key in ("scored_text", "bundle") and _case_of(rule.key, pk) in held:
                continue
            due_on = rule.due_on(start)
            if due_on <= today:
                out.append(Due(rule, pk, due_on))
    return out


def _case_of(record_class: str, pk: int) -> int | None:
    model = ScoredText if record_class == "scored_text" else Bundle
    return model.objects.filter(pk=pk).values_list("incident_id", flat=True).first()


def expired_sessions(*, at) -> list[int]:
    return list(UserSession.objects.filter(expire_date__lte=at).values_list("pk", flat=True))


@dataclass
class QueueRow:
    review: RetentionReview
    label: str  # the record class in words
    what: str  # what the record is, no more than the Principal already sees
    held: bool
    case_id: int | None = None  # a case: the queue links to it (its own page decides what the Principal may see)


def review_queue(school: School) -> list[QueueRow]:
    """The Principal's pending reviews, with a short description of each record."""
    reviews = list(RetentionReview.objects.filter(school=school, status=ReviewStatus.PENDING))
    held = held_case_ids(school)
    cases = {
        i.pk: i
        for i in Incident.objects.filter(
            pk__in=[r.record_id for r in reviews if r.record_class.startswith("case_")], school=school
        )
    }
    concerns = {c.pk: c for c in Concern.objects.filter(pk__in=[r.record_id for r in reviews], school=school)}
    rows = []
    for r in reviews:
        rc = BY_KEY[r.record_class]
        if r.record_class.startswith("case_") and r.record_id in cases:
            c = cases[r.record_id]
            what = f"Case {c.reference}, closed {localtime(c.closed_at):%-d %b %Y}"
        elif r.record_class == "concern" and r.record_id in concerns:
            what = f"Concern {concerns[r.record_id].reference}"
        else:
            what = f"{rc.label} no. {r.record_id}"
        is_case = r.record_class.startswith("case_") and r.record_id in cases
        rows.append(
            QueueRow(
                r,
                rc.label,
                what,
                r.record_class.startswith("case_") and r.record_id in held,
                case_id=r.record_id if is_case else None,
            )
        )
    return rows


def holds_for(school: School):
    return LegalHold.objects.active().filter(school=school).select_related("incident", "set_by")
