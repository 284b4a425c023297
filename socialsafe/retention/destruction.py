"""Destruction under the retention schedule: a record and everything derived from it, in one transaction.

Each `destroy_<class>` function takes the root row, walks every reverse relation from it (hidden ones too, so a
table added later that points at a case is taken with the case, not left behind), deletes every row found, removes
the audit events about them, and leaves one DestructionRecord with counts and ids only. The model layer refuses
deletes of PROTECTed and append-only rows on purpose; here rows go by raw DELETE instead (foreign keys are checked
at commit, so the order does not matter) through the append-only triggers' sanctioned window
(socialsafe.audit.triggers.destruction_window), after keeping the removed rows' chain links so that verify_audit
accepts exactly these gaps. Files go only after commit, and a content-addressed evidence file only when no row
left still points at it.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.services import audit_record
from socialsafe.audit.triggers import destruction_window
from socialsafe.concerns.models import Acknowledgement, Concern, ParentInvite, PhotoConsent
from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.evidence.storage import evidence_storage
from socialsafe.families.models import FamilyInvitation, InvitationBatch
from socialsafe.incidents.models import Incident
from socialsafe.letters.models import Letter
from socialsafe.moderation.models import ScoredText
from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest
from socialsafe.registers.models import IctBan, PremisesBan, TeachingAccount
from socialsafe.reports.models import ReportRun
from socialsafe.retention.models import DestructionRecord, LegalHold, RetentionReview, RuleOverride
from socialsafe.retention.schedule import BY_KEY, rule_for
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation

log = logging.getLogger(__name__)

# Rows that point at a destroyed record but are not part of it: the link is cleared, the row kept.
KEEP_AND_UNLINK = {
    (TeachingAccount, "conduct_case"),
    (Letter, "premises_ban"),
    (FamilyInvitation, "batch"),  # issue 18 (dpcover): an invitation keeps its own clock when its run goes
}
# Rows whose files live in the content-addressed evidence store, by their storage_name.
EVIDENCE_FILES = (EvidenceItem, Bundle)


class UnderLegalHold(Exception):
    """The case is under legal hold: it cannot be destroyed."""


@dataclass
class Found:
    rows: dict[type[models.Model], set] = field(default_factory=lambda: defaultdict(set))

    def add(self, model, pks) -> set:
        new = set(pks) - self.rows[model]
        self.rows[model] |= new
        return new


def _reverse_relations(model: type[models.Model]):
    return [f for f in model._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]


def collect(model: type[models.Model], pks: set) -> Found:
    """Every row that belongs to these rows, through reverse foreign keys and many-to-many links, transitively."""
    found = Found()
    todo = [(model, found.add(model, pks))]
    while todo:
        current, keys = todo.pop()
        if not keys:
            continue
        for rel in _reverse_relations(current):
            related = rel.related_model
            if rel.many_to_many:
                through = rel.through
                if through._meta.auto_created:
                    fk = next(f for f in through._meta.fields if f.is_relation and f.related_model is current)
                    ids = through.objects.filter(**{f"{fk.name}__in": keys}).values_list("pk", flat=True)
                    found.add(through, ids)
                continue
            if (related, rel.field.name) in KEEP_AND_UNLINK:
                continue
            ids = related._base_manager.filter(**{f"{rel.field.name}__in": keys}).values_list("pk", flat=True)
            todo.append((related, found.add(related, ids)))
        for m2m in current._meta.many_to_many:  # e.g. a bundle's items: the link rows go, the items stay
            through = m2m.remote_field.through
            fk = next(f for f in through._meta.fields if f.is_relation and f.related_model is current)
            found.add(through, through.objects.filter(**{f"{fk.name}__in": keys}).values_list("pk", flat=True))
    return found


def _audit_events_about(found: Found, *, case_ids: set) -> set:
    q = Q(case_id__in=case_ids) if case_ids else Q(pk__in=[])
    for model, pks in found.rows.items():
        if pks and model is not AuditEvent:
            q |= Q(target_type=model._meta.label_lower, target_id__in=[str(pk) for pk in pks])
    return set(AuditEvent.objects.filter(q).values_list("pk", flat=True))


def _files(found: Found) -> list[tuple[object, str]]:
    """(storage, name) of every file the rows hold."""
    out = []
    for model, pks in found.rows.items():
        if not pks:
            continue
        if model in EVIDENCE_FILES:
            names = model._base_manager.filter(pk__in=pks).values_list("storage_name", flat=True)
            out += [(evidence_storage(), n) for n in names if n]
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                names = model._base_manager.filter(pk__in=pks).values_list(f.attname, flat=True)
                out += [(f.storage, n) for n in names if n]
    return out


def _still_used(found: Found, name: str) -> bool:
    return any(
        m._base_manager.filter(storage_name=name).exclude(pk__in=found.rows.get(m, set())).exists()
        for m in EVIDENCE_FILES
    )


def delete_rows(model: type[models.Model], pks: set) -> int:
    """One raw DELETE (no signals, no model checks); the guard window must be open."""
    return model._base_manager.filter(pk__in=pks)._raw_delete(model._base_manager.db)


def _rule_in_force(record_class: str, school_id: int | None):
    """The rule as it applied to the school: the schedule's default or its Education Authority's own."""
    default = BY_KEY[record_class]
    if school_id is None:
        return default
    overrides = {
        o.record_class: o
        for o in RuleOverride.objects.filter(authority__schools__pk=school_id, record_class=record_class)
    }
    return rule_for(default, overrides)


def destroy(
    *,
    root: models.Model,
    record_class: str,
    by=None,
    review=None,
    reason: str = "scheduled",
    case_ids: set | None = None,
) -> DestructionRecord:
    """Destroy `root` and everything that belongs to it; return the content-free record of it."""
    model = type(root)
    school_id = getattr(root, "school_id", None)
    if school_id is None and isinstance(root, ScoredText | Bundle):
        school_id = root.incident.school_id
    if school_id is None and isinstance(root, ParentInvite):
        school_id = root.guardian.school_id
    if school_id is None and isinstance(root, Acknowledgement):
        school_id = root.version.document.school_id
    with transaction.atomic():
        found = collect(model, {root.pk})
        found.add(AuditEvent, _audit_events_about(found, case_ids=case_ids or set()))
        files = _files(found)
        links, counts = {}, {}
        for m, pks in found.rows.items():
            if pks and hasattr(m, "CHAIN_FIELDS"):
                pairs = m._base_manager.filter(pk__in=pks).order_by("pk").values_list("prev_hash", "hash")
                links[m._meta.db_table] = [list(p) for p in pairs]
        for m, attname in KEEP_AND_UNLINK:
            kept = m._base_manager.filter(
                **{f"{attname}__in": found.rows.get(m._meta.get_field(attname).related_model, set())}
            )
            kept.exclude(pk__in=found.rows.get(m, set())).update(**{attname: None})
        with destruction_window():
            for m, pks in sorted(found.rows.items(), key=lambda kv: kv[0]._meta.label_lower):
                if pks:
                    counts[m._meta.label_lower] = delete_rows(m, pks)
        RetentionReview.objects.filter(record_class=record_class, record_id=root.pk).update(keep_reason="")
        counts["files"] = len(files)
        record = DestructionRecord.objects.create(
            school_id=school_id,
            record_class=record_class,
            record_id=root.pk,
            rule=_rule_in_force(record_class, school_id).description[:300],
            reason=reason,
            counts=counts,
            removed_links=links,
            by=by,
            review=review,
        )
        audit_record(
            actor=by,
            verb="retention.destroyed",
            school=record.school,
            target=record,
            data={"record_class": record_class, "record_id": root.pk, "reason": reason},
        )
        transaction.on_commit(lambda: _remove_files(found, files))
    return record


def _remove_files(found: Found, files: list[tuple[object, str]]) -> None:
    for storage, name in files:
        if storage is evidence_storage() and _still_used(found, name):
            continue  # the same bytes are evidence of another case too
        try:
            storage.delete(name)
        except OSError:
            log.exception("Could not remove a destroyed record's file; remove it by hand or run sweep_evidence")


# Derivatives of a case kept by the apps above this one, which may not be imported here (a subject access export that
# copied the case): each app registers a function called as hook(case_ids=) inside the destroying transaction.
CASE_DESTROYED_HOOKS: list[Callable[..., object]] = []


def on_case_destroyed(hook: Callable[..., object]) -> None:
    if hook not in CASE_DESTROYED_HOOKS:
        CASE_DESTROYED_HOOKS.append(hook)


def destroy_case(*, incident: Incident, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a case and every derivative: actions, timeline, evidence and files, letters, bans, concern, audit,
    and the exports that copied it."""
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if LegalHold.objects.active().filter(incident=incident).exists():
            raise UnderLegalHold(f"Case {incident.pk} is under legal hold.")
        record_class = "case_pupil" if _names_a_pupil(incident) else "case_other"
        record = destroy(
            root=incident, record_class=record_class, by=by, review=review, reason=reason, case_ids={incident.pk}
        )
        for hook in CASE_DESTROYED_HOOKS:
            hook(case_ids={incident.pk})
        return record


def _names_a_pupil(incident: Incident) -> bool:
    return any([incident.target_pupil_id, incident.responsible_pupil_id, incident.on_behalf_of_id])


def destroy_concern(*, concern: Concern, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a parent's concern with its events and messages (not the case it became, if any)."""
    return destroy(root=concern, record_class="concern", by=by, review=review, reason=reason)


def destroy_premises_bar(*, bar: PremisesBan, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a premises bar; the case's letters about it stay with the case, unlinked."""
    return destroy(root=bar, record_class="premises_bar", by=by, review=review, reason=reason)


def destroy_ict_ban(*, ban: IctBan, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a pupil's ICT ban."""
    return destroy(root=ban, record_class="ict_ban", by=by, review=review, reason=reason)


def destroy_photo_consent(
    *, consent: PhotoConsent, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy one photo-consent row."""
    return destroy(root=consent, record_class="photo_consent", by=by, review=review, reason=reason)


def destroy_acknowledgement(
    *, ack: Acknowledgement, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy one policy acknowledgement."""
    return destroy(root=ack, record_class="acknowledgement", by=by, review=review, reason=reason)


def destroy_parent_invite(
    *, invite: ParentInvite, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy one parent invitation."""
    return destroy(root=invite, record_class="parent_invite", by=by, review=review, reason=reason)


def destroy_scored_text(*, scored: ScoredText, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a text's classifier scores (and the suggestions made from them)."""
    return destroy(root=scored, record_class="scored_text", by=by, review=review, reason=reason)


def destroy_bundle(*, bundle: Bundle, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a referral bundle and its ZIP (the evidence items in it stay)."""
    return destroy(root=bundle, record_class="bundle", by=by, review=review, reason=reason)


def destroy_report_run(*, run: ReportRun, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy a produced governors' report and its PDF."""
    return destroy(root=run, record_class="report_run", by=by, review=review, reason=reason)


def destroy_audit_event(*, event: AuditEvent, by=None, review=None, reason: str = "scheduled") -> DestructionRecord:
    """Destroy one audit event (not about a case: those go with their case)."""
    return destroy(root=event, record_class="audit_event", by=by, review=review, reason=reason)


# --- issue 18 (dpcover): the records of the check-before-you-post page, staff attestations, family invitations


def destroy_advice_request(
    *, advice: AdviceRequest, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy a member of staff's question about a draft, the answer, and its encrypted photo (after commit)."""
    return destroy(root=advice, record_class="advice_request", by=by, review=review, reason=reason)


def destroy_official_post_request(
    *, post: OfficialPostRequest, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy a proposed official post, its decision, its links to the accounts and its encrypted photo."""
    return destroy(root=post, record_class="official_post_request", by=by, review=review, reason=reason)


def destroy_staff_attestation(
    *, attestation: StaffAttestation, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy one yearly attestation (the policy acknowledgement it made keeps its own clock)."""
    return destroy(root=attestation, record_class="staff_attestation", by=by, review=review, reason=reason)


def destroy_attestation_reminder(
    *, reminder: AttestationReminder, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy one attestation reminder."""
    return destroy(root=reminder, record_class="attestation_reminder", by=by, review=review, reason=reason)


def destroy_family_invitation(
    *, invitation: FamilyInvitation, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy a family invitation (acknowledged or not) with its links to the pupils and versions."""
    record_class = "family_acknowledgement" if invitation.acknowledged_at else "family_invitation"
    return destroy(root=invitation, record_class=record_class, by=by, review=review, reason=reason)


def destroy_invitation_batch(
    *, batch: InvitationBatch, by=None, review=None, reason: str = "scheduled"
) -> DestructionRecord:
    """Destroy a run of invitations; the invitations stay, unlinked, on their own clocks."""
    return destroy(root=batch, record_class="invitation_batch", by=by, review=review, reason=reason)


ISSUE18_DESTROYERS = {
    "advice_request": lambda row, **kw: destroy_advice_request(advice=row, **kw),
    "official_post_request": lambda row, **kw: destroy_official_post_request(post=row, **kw),
    "staff_attestation": lambda row, **kw: destroy_staff_attestation(attestation=row, **kw),
    "attestation_reminder": lambda row, **kw: destroy_attestation_reminder(reminder=row, **kw),
    "family_invitation": lambda row, **kw: destroy_family_invitation(invitation=row, **kw),
    "family_acknowledgement": lambda row, **kw: destroy_family_invitation(invitation=row, **kw),
    "invitation_batch": lambda row, **kw: destroy_invitation_batch(batch=row, **kw),
}
ISSUE18_MODELS = {
    "advice_request": AdviceRequest,
    "official_post_request": OfficialPostRequest,
    "staff_attestation": StaffAttestation,
    "attestation_reminder": AttestationReminder,
    "family_invitation": FamilyInvitation,
    "family_acknowledgement": FamilyInvitation,
    "invitation_batch": InvitationBatch,
}


DESTROYERS = {
    "case_pupil": lambda row, **kw: destroy_case(incident=row, **kw),
    "case_other": lambda row, **kw: destroy_case(incident=row, **kw),
    "concern": lambda row, **kw: destroy_concern(concern=row, **kw),
    "premises_bar": lambda row, **kw: destroy_premises_bar(bar=row, **kw),
    "ict_ban": lambda row, **kw: destroy_ict_ban(ban=row, **kw),
    "photo_consent": lambda row, **kw: destroy_photo_consent(consent=row, **kw),
    "acknowledgement": lambda row, **kw: destroy_acknowledgement(ack=row, **kw),
    "parent_invite": lambda row, **kw: destroy_parent_invite(invite=row, **kw),
    "scored_text": lambda row, **kw: destroy_scored_text(scored=row, **kw),
    "bundle": lambda row, **kw: destroy_bundle(bundle=row, **kw),
    "report_run": lambda row, **kw: destroy_report_run(run=row, **kw),
    "audit_event": lambda row, **kw: destroy_audit_event(event=row, **kw),
    **ISSUE18_DESTROYERS,
}


MODELS = {
    "case_pupil": Incident,
    "case_other": Incident,
    "concern": Concern,
    "premises_bar": PremisesBan,
    "ict_ban": IctBan,
    "photo_consent": PhotoConsent,
    "acknowledgement": Acknowledgement,
    "parent_invite": ParentInvite,
    "scored_text": ScoredText,
    "bundle": Bundle,
    "report_run": ReportRun,
    "audit_event": AuditEvent,
    **ISSUE18_MODELS,
}


def model_for(record_class: str) -> type[models.Model]:
    return MODELS[record_class]
