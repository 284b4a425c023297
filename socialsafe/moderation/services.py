"""Put the classifier's suggestions on a case, and record what a person decides about each one."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import now

from socialsafe.audit.services import audit_record
from socialsafe.evidence.models import EvidenceItem, OcrStatus
from socialsafe.evidence.storage import evidence_storage
from socialsafe.incidents import rules
from socialsafe.incidents.models import Incident
from socialsafe.incidents.services import incident_update_facts, timeline_add
from socialsafe.moderation import classify, explain
from socialsafe.moderation.models import LABEL_NAMES, Flag, FlagStatus, ScoredText, Source, Thresholds

TEXT_LIMIT = 200_000  # characters of a chat export read for classification


def thresholds_for(school) -> Thresholds:
    return Thresholds.objects.filter(school=school).first() or Thresholds(school=school, values={})


def case_texts(incident: Incident) -> list[tuple[str, int, str, str]]:
    """(source, id, name, text) for every text of the case the classifier should read."""
    texts = [(Source.REPORT, incident.pk, "the report", f"{incident.summary}\n{incident.description}")]
    for item in EvidenceItem.objects.filter(incident=incident).order_by("id"):
        if item.is_text:
            with evidence_storage().open(item.storage_name, "rb") as f:
                texts.append(
                    (Source.EVIDENCE, item.pk, item.original_name, f.read(TEXT_LIMIT).decode("utf-8", "replace"))
                )
        elif item.ocr_status == OcrStatus.DONE and item.ocr_text:
            texts.append((Source.EVIDENCE, item.pk, item.original_name, item.ocr_text))
    return texts


def flags_refresh(*, incident: Incident) -> list[Flag]:
    """Classify the case's texts not yet read and suggest each label above the school's threshold."""
    pending = []
    for source, source_id, name, text in case_texts(incident):
        digest = hashlib.sha256(text.encode()).hexdigest()
        if not ScoredText.objects.filter(
            incident=incident, source=source, source_id=source_id, text_sha256=digest
        ).exists():
            pending.append((source, source_id, name, text, digest))
    if not pending:
        return []
    scores = classify([p[3] for p in pending])
    limits = thresholds_for(incident.school)
    created = []
    with transaction.atomic():
        for (source, source_id, name, text, digest), score in zip(pending, scores, strict=True):
            scored, made = ScoredText.objects.get_or_create(
                incident=incident,
                source=source,
                source_id=source_id,
                text_sha256=digest,
                defaults={"source_name": name[:255], "scores": score},
            )
            if not made:
                continue  # another request read it at the same moment
            for label, value in score.items():
                if value < limits.for_label(label):
                    continue
                words = [[w, round(v, 3)] for w, v in explain(text, label)[:6] if v > 0]
                flag = Flag.objects.create(incident=incident, scored=scored, label=label, score=value, words=words)
                created.append(flag)
                timeline_add(
                    incident=incident,
                    by=None,
                    kind="note",
                    text=f"SocialSafe suggests that {name} may be {LABEL_NAMES[label]} (score {value:.2f}). "
                    "A person must confirm or dismiss this.",
                    data={"flag_id": flag.pk, "label": label, "score": value},
                )
    return created


def consequence(flag: Flag) -> str:
    """What the policy says follows if the suggestion is confirmed: the clause that label concerns (rules.py)."""
    about_staff = flag.incident.target_kind in rules.STAFF_TARGETS
    return f"If it is {flag.label_name}, the policy says: “{rules.label_clause(flag.label, about_staff=about_staff)}”"


@transaction.atomic
def flag_confirm(*, flag: Flag, by) -> Flag:
    """A named person confirms the suggestion: it becomes a fact of the case and the policy's rules run again."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != FlagStatus.SUGGESTED:
        raise ValidationError("This suggestion has already been decided.")
    flag.status, flag.decided_by, flag.decided_at = FlagStatus.CONFIRMED, by, now()
    flag.save(update_fields=["status", "decided_by", "decided_at"])
    note = None
    if flag.fact is None:  # offensive: no fact of the case follows, the agreement goes on the record
        note = (
            f"{by.get_full_name()} confirmed SocialSafe's suggestion that {flag.scored.source_name} is "
            f"{flag.label_name} ({flag.label} {flag.score:.2f}). {consequence(flag)}"
        )
    else:
        already = getattr(Incident.objects.get(pk=flag.incident_id), flag.fact)
        incident_update_facts(
            incident=flag.incident,
            by=by,
            facts={flag.fact: True},
            reason=f"Confirmed by {by.get_full_name()} from SocialSafe's suggestion ({flag.label} {flag.score:.2f} "
            f"in {flag.scored.source_name}).",
        )
        if already:  # the fact was recorded before: the agreement still goes on the record
            note = (
                f"{by.get_full_name()} agreed with SocialSafe's suggestion that {flag.scored.source_name} is "
                f"{flag.label_name}, already recorded on the case."
            )
    if note:
        timeline_add(incident=flag.incident, by=by, kind="note", text=note, data={"flag_id": flag.pk})
    audit_record(actor=by, verb="moderation.flag_confirmed", target=flag.incident, data={"label": flag.label})
    return flag


@transaction.atomic
def flag_dismiss(*, flag: Flag, by, reason: str) -> Flag:
    """A named person dismisses the suggestion, saying why; the timeline keeps both."""
    if not reason.strip():
        raise ValidationError("Say why the suggestion is dismissed.")
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != FlagStatus.SUGGESTED:
        raise ValidationError("This suggestion has already been decided.")
    flag.status, flag.decided_by, flag.decided_at, flag.reason = FlagStatus.DISMISSED, by, now(), reason.strip()
    flag.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    timeline_add(
        incident=flag.incident,
        by=by,
        kind="note",
        text=f"{by.get_full_name()} dismissed SocialSafe's suggestion that {flag.scored.source_name} may be "
        f"{flag.label_name} ({flag.score:.2f}): {reason.strip()}",
        data={"flag_id": flag.pk},
    )
    audit_record(actor=by, verb="moderation.flag_dismissed", target=flag.incident, data={"label": flag.label})
    return flag


@transaction.atomic
def thresholds_set(*, school, by, values: dict[str, float]) -> Thresholds:
    """Change the scores above which labels are suggested for this school."""
    limits, _ = Thresholds.objects.get_or_create(school=school)
    before = dict(limits.values)
    limits.values, limits.updated_by, limits.updated_at = values, by, now()
    limits.save()
    audit_record(
        actor=by, verb="moderation.thresholds_changed", school=school, data={"before": before, "after": values}
    )
    return limits
