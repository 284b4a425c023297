"""Every change to a case: each is atomic, writes the timeline and the audit log, and emails after commit."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.timezone import localdate, localtime, now

from socialsafe.audit.services import audit_record
from socialsafe.incidents import rules
from socialsafe.incidents.models import (
    Action,
    ActionKind,
    ActionStatus,
    BullyingRecord,
    Entry,
    Exclusion,
    Incident,
    InvalidTransition,
    Kind,
    ReferenceCounter,
    ResponsibleKind,
    Route,
    Status,
    TakedownStage,
    TakedownStep,
    TargetKind,
    TimelineEntry,
)
from socialsafe.lib.dates import add_working_days
from socialsafe.lib.mail import from_school
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import Role


def timeline_add(*, incident: Incident, by, kind: str, text: str, data: dict | None = None, **extra) -> TimelineEntry:
    """Append one line to the case's timeline."""
    return TimelineEntry.objects.create(incident=incident, actor=by, kind=kind, text=text, data=data or {}, **extra)


def facts_for(incident: Incident) -> rules.Facts:
    """The facts the policy rules read, taken from the case."""
    identified = bool(
        incident.responsible_pupil_id
        or incident.responsible_guardian_id
        or incident.responsible_member_id
        or (incident.responsible_kind == ResponsibleKind.OUTSIDER and incident.responsible_name)
    )
    return rules.Facts(
        kind=incident.kind,
        platform=incident.platform,
        target=incident.target_kind,
        responsible=incident.responsible_kind,
        responsible_identified=identified,
        out_of_hours=incident.out_of_hours,
        grounds=frozenset(incident.grounds),
        principal_concerned=_principal_concerned(incident),
        **{fact.attr: getattr(incident, fact.name) for fact in (*rules.FACTS, *rules.CONDUCT_FACTS)},
    )


def _principal_concerned(incident: Incident) -> bool:
    """A staff conduct case about the Principal (allegation_about_principal_goes_to_chair)."""
    return bool(
        incident.kind == Kind.STAFF_CONDUCT
        and incident.responsible_member_id
        and incident.responsible_member.roles.filter(role=Role.PRINCIPAL).exists()
    )


def _is_allegation(incident: Incident) -> bool:
    return incident.kind == Kind.STAFF_CONDUCT and incident.suitability_allegation


def _member_with(school: School, role: str, *, exclude_users: set[int]) -> Member | None:
    return (
        Member.objects.filter(school=school, is_active=True, roles__role=role)
        .exclude(user_id__in=exclude_users)
        .order_by("id")
        .first()
    )


def _named_users(incident: Incident) -> dict[int, str]:
    """Users named in the case as target or responsible, who must not see it."""
    named: dict[int, str] = {}
    if incident.target_member_id:
        named[incident.target_member.user_id] = "named as the target"
    if incident.target_kind == TargetKind.PRINCIPAL:
        for m in Member.objects.filter(school=incident.school, roles__role=Role.PRINCIPAL):
            named[m.user_id] = "the Principal is the target"
    if incident.responsible_member_id:
        named[incident.responsible_member.user_id] = "named as responsible"
    if incident.responsible_guardian_id and incident.responsible_guardian.user_id:
        named[incident.responsible_guardian.user_id] = "named as responsible"
    return named


def _route(incident: Incident) -> None:
    """Set who handles the case, following the policy (rules.handler_roles), never someone named in it."""
    named = set(_named_users(incident))
    incident.route = rules.route_for(incident.target_kind, principal_concerned=_principal_concerned(incident))
    incident.handler = next(
        (
            m
            for role in rules.handler_roles(incident.route, incident.kind, allegation=_is_allegation(incident))
            if (m := _member_with(incident.school, role, exclude_users=named)) is not None
        ),
        None,
    )


def _sync_exclusions(incident: Incident) -> None:
    named = _named_users(incident)
    incident.exclusions.exclude(user_id__in=named).delete()
    for user_id, reason in named.items():
        Exclusion.objects.get_or_create(incident=incident, user_id=user_id, defaults={"reason": reason})


def _next_reference(school: School) -> str:
    year = localdate().year
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(school=school, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{school.slug[:3].upper()}-{year}-{counter.last:04d}"


@transaction.atomic
def incident_report(*, school: School, by, fields: dict[str, Any]) -> Incident:
    """Record a new report, route it to its handler, exclude those named in it and tell the handler."""
    incident = Incident(school=school, reported_by=by, **fields)
    incident.reference = _next_reference(school)
    _route(incident)
    incident.full_clean()
    incident.save()
    _sync_exclusions(incident)
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.REPORTED,
        text=f"Reported by {by.get_full_name()}: {incident.get_kind_display()}.",
        data={"description": incident.description, "summary": incident.summary},
    )
    timeline_add(
        incident=incident,
        by=None,
        kind=Entry.ROUTED,
        text=f"Routed to {incident.handler or 'nobody: no one in the school holds the role'}"
        + (" (the Principal is the target: taken to the Governors)." if incident.route == Route.GOVERNORS else "."),
    )
    audit_record(actor=by, verb="incident.reported", target=incident)
    from socialsafe.moderation.tasks import classify_later  # the classifier reads the report in the background

    classify_later(incident.pk)
    if incident.handler:
        _notify_on_commit(incident.handler, "New case for you", "incidents/email/assigned.txt", {"incident": incident})
    return incident


def _apply_rules(incident: Incident, by) -> list[Action]:
    """Create the actions the rules now require and withdraw open ones whose rules no longer apply.

    One action per kind: a second rule asking for an action the case already has is added to that action's rules
    (and its clause to its page) rather than making a duplicate.
    """
    needs = {need.kind: need for need in rules.evaluate(facts_for(incident)).needs}
    actions = list(incident.actions.exclude(status=ActionStatus.WITHDRAWN).order_by("id"))
    created = []
    present = records_on(incident) if needs else {}
    for kind, need in needs.items():
        same = [a for a in actions if a.kind == kind]
        if same:
            action = next((a for a in same if a.status == ActionStatus.OPEN), same[0])
            added = [rid for rid in need.rule_ids if rid not in _rules_of(action)]
            if added and action.required_by_policy:
                action.rule_ids = _rules_of(action) + added
                if action.status == ActionStatus.OPEN:  # what it now answers; a finished record keeps its words
                    action.title, action.guidance = need.title, need.guidance
                    action.needs_confirmation = action.needs_confirmation or need.needs_confirmation
                action.save(update_fields=["rule_ids", "title", "guidance", "needs_confirmation"])
                timeline_add(
                    incident=incident,
                    by=by,
                    kind=Entry.NOTE,
                    text=f"{action.title}: now also required by policy rule {', '.join(added)}.",
                    action=action,
                )
            continue
        owner = _owner_for(incident, need.owner)
        due_on = add_working_days(localdate(), need.due_days)
        action = _action_create(incident=incident, by=by, need=need, owner=owner, due_on=due_on, required=True)
        record = rules.COMPLETED_BY.get(kind)
        if record in present:
            _action_done(action, by, summary=f"already done: {present[record]['summary']}", record=present[record])
        created.append(action)
    for action in actions:
        if not action.required_by_policy or action.status != ActionStatus.OPEN:
            continue
        need = needs.get(action.kind)
        still = [rid for rid in _rules_of(action) if need and rid in need.rule_ids]
        if still and still != _rules_of(action):
            action.rule_ids = still
            action.save(update_fields=["rule_ids"])
        elif not still:
            action.status = ActionStatus.WITHDRAWN
            action.completed_at = now()
            action.save(update_fields=["status", "completed_at"])
            timeline_add(
                incident=incident,
                by=by,
                kind=Entry.ACTION_WITHDRAWN,
                text=f"No longer required by the policy after the facts changed: {action.title}.",
                action=action,
            )
    return created


def _rules_of(action: Action) -> list[str]:
    return list(action.rule_ids) or ([action.rule_id] if action.rule_id else [])


def records_on(incident: Incident) -> dict[str, dict]:
    """The records already made on a case that complete actions (rules.COMPLETED_BY), with what each says."""
    found: dict[str, dict] = {}
    item = incident.evidence_items.exclude(grounds="").order_by("id").first()
    if item is not None:
        found[rules.EVIDENCE_CAPTURED] = evidence_record(item)
    for letter in incident.letters.filter(kind="invitation").order_by("id")[:1]:
        found[rules.INVITATION_ISSUED] = letter_record(letter)
    for step in incident.takedown_steps.order_by("id"):
        record = TAKEDOWN_RECORDS.get(step.stage)
        if record and record not in found:
            found[record] = takedown_record(step)
    ban = incident.premises_bans.order_by("id").first()
    if ban is not None:
        found[rules.PREMISES_BARRED] = premises_bar_record(ban)
    ict = incident.ict_bans.select_related("pupil").order_by("id").first()
    if ict is not None:
        found[rules.ICT_BANNED] = ict_ban_record(ict)
    bullying = BullyingRecord.objects.filter(incident=incident).first()
    if bullying is not None:
        found[rules.BULLYING_RECORDED] = bullying_record_summary(bullying)
    return found


def bullying_record_summary(record: BullyingRecord) -> dict:
    return {
        "summary": f"statutory bullying record made: {record.get_judgement_display().split(':')[0].lower()}, "
        f"{record.get_outcome_display().split(':')[0].lower()}.",
        "bullying_record": record.pk,
    }


def premises_bar_record(ban) -> dict:
    until = f" until {ban.ends_on:%-d %b %Y}" if ban.ends_on else ""
    return {"summary": f"{ban.name} barred from {ban.starts_on:%-d %b %Y}{until}.", "premises_bar": ban.pk}


def ict_ban_record(ban) -> dict:
    until = f" until {ban.ends_on:%-d %b %Y}" if ban.ends_on else " until further notice"
    return {"summary": f"{ban.pupil.full_name} banned from {ban.starts_on:%-d %b %Y}{until}.", "ict_ban": ban.pk}


def evidence_record(item) -> dict:
    captured = localtime(item.captured_at)
    return {
        "summary": f"{item.original_name}, captured {captured:%-d %b %Y %H:%M} by {item.captured_by}.",
        "evidence": item.pk,
        "captured_at": captured.isoformat(),
        "grounds": item.grounds,
    }


def letter_record(letter) -> dict:
    return {"summary": f"letter issued to {letter.recipient_name}: {letter.subject}.", "letter": letter.pk}


def takedown_record(step: TakedownStep) -> dict:
    ref = f", reference {step.reference}" if step.reference else ""
    return {
        "summary": f"{step.get_stage_display().lower()} on {step.on:%-d %b %Y}{ref}.",
        "takedown_step": step.pk,
        "reference": step.reference,
    }


TAKEDOWN_RECORDS = {
    TakedownStage.ASKED_POSTER: rules.ASKED_POSTER,
    TakedownStage.REPORTED_PLATFORM: rules.REPORTED_PLATFORM,
}


def actions_fulfil(*, incident: Incident, by, record: str, data: dict) -> list[Action]:
    """A record was made on the case: complete the open actions it does (rules.COMPLETED_BY), then move the case on.

    Called inside the transaction that makes the record, so the record and the actions it completes stand or fall
    together.
    """
    kinds = rules.kinds_completed_by(record)
    done = []
    for action in incident.actions.open().filter(kind__in=kinds).select_for_update():
        _action_done(action, by, summary=data["summary"], record=data)
        done.append(action)
    if done:
        case_advance(incident=incident, by=by)
    return done


def _action_done(action: Action, by, *, summary: str, record: dict) -> None:
    action.status = ActionStatus.DONE
    action.completed_at, action.completed_by = now(), by
    action.record = record
    action.save(update_fields=["status", "completed_at", "completed_by", "record"])
    timeline_add(
        incident=action.incident,
        by=by,
        kind=Entry.ACTION_DONE,
        text=f"{action.title}: {summary}",
        action=action,
        data=record,
    )
    audit_record(actor=by, verb=f"action.done.{action.kind}", target=action.incident)


# What the case's state says, once its actions are done: the message people see when it moves.
STATE_MESSAGES = {
    Status.IN_PROGRESS: "The case is now in progress.",
    Status.READY_TO_CLOSE: "Every action is done: the case is ready to close. Close it with its outcome.",
}


def progress_message(incident_id: int, *, since: dt.datetime) -> str:
    """What a record just did to its case: the actions it completed and where the case now stands.

    Views that make records (evidence, letters, registers, takedown) add this to their confirmation, so the person
    sees "Done: Take screenshots… The case is now in progress." without going back to the case.
    """
    entries = TimelineEntry.objects.filter(
        incident_id=incident_id, at__gte=since, kind__in=[Entry.ACTION_DONE, Entry.STATUS]
    ).select_related("action")
    done = [e.action.title for e in entries if e.kind == Entry.ACTION_DONE and e.action_id]
    moved = [e.data.get("to") for e in entries if e.kind == Entry.STATUS and e.data.get("automatic")]
    parts = []
    if done:
        parts.append("Done: " + "; ".join(done) + ".")
    if moved:
        parts.append(STATE_MESSAGES.get(moved[-1], ""))
    return " ".join(p for p in parts if p)


def case_advance(*, incident: Incident, by) -> str | None:
    """Move a triaged case on as its actions are done: in progress once one is, ready to close once all are.

    A new action on a case that was ready to close takes it back to in progress. Returns the new state, if it moved.
    A case is only ever closed by a person, with its outcome.
    """
    incident = Incident.objects.select_for_update(of=("self",)).get(pk=incident.pk)
    if incident.status in (Status.REPORTED, Status.CLOSED):
        return None
    states = set(incident.actions.values_list("status", flat=True))
    if ActionStatus.OPEN not in states and ActionStatus.DONE in states:
        to = Status.READY_TO_CLOSE
    elif ActionStatus.DONE in states or ActionStatus.WITHDRAWN in states or incident.status == Status.READY_TO_CLOSE:
        to = Status.IN_PROGRESS if incident.status in (Status.TRIAGED, Status.READY_TO_CLOSE) else None
    else:
        to = None
    if to is None or to == incident.status or not incident.can_move_to(to):
        return None
    incident.move_to(to)
    incident.save(update_fields=["status", "updated_at", "closed_at"])
    timeline_add(
        incident=incident,
        by=None,
        kind=Entry.STATUS,
        text=f"Moved to {incident.get_status_display().lower()}: "
        + ("every action is done." if to == Status.READY_TO_CLOSE else "work on its actions has begun."),
        data={"to": to, "automatic": True},
    )
    return to


def _owner_for(incident: Incident, owner: str) -> Member:
    named = set(_named_users(incident))
    # On a governors' case the Principal is named, so Principal-owned actions fall to the handler (the Chair);
    # rules.owner_roles says which. A designated teacher named in the case gives way to the deputy.
    for role in rules.owner_roles(owner, route=incident.route, allegation=_is_allegation(incident)):
        if m := _member_with(incident.school, role, exclude_users=named):
            return m
    if incident.handler is None:
        raise ValidationError("The case has no handler: add a Principal or Chair of Governors to the school first.")
    return incident.handler


def _action_create(
    *,
    incident: Incident,
    by,
    need: rules.Need,
    owner: Member,
    due_on: dt.date,
    required: bool = False,
) -> Action:
    action = Action.objects.create(
        incident=incident,
        kind=need.kind,
        rule_id=need.rule_ids[0] if need.rule_ids else "",
        rule_ids=need.rule_ids,
        title=need.title,
        guidance=need.guidance,
        owner=owner,
        due_on=due_on,
        needs_confirmation=need.needs_confirmation,
        required_by_policy=required,
    )
    why = f" (policy rule {', '.join(need.rule_ids)})" if need.rule_ids else ""
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.ACTION_ADDED,
        text=f"{action.title}: {owner}, due {action.due_on:%d %b %Y}{why}.",
        action=action,
    )
    if owner.user_id != getattr(by, "pk", None):
        _notify_on_commit(owner, "New action for you", "incidents/email/action.txt", {"action": action})
    return action


def _lock(incident: Incident) -> Incident:
    return Incident.objects.select_for_update(of=("self",)).select_related("school", "handler").get(pk=incident.pk)


def _set_facts(incident: Incident, by, facts: dict[str, bool], reason: str = "") -> list[str]:
    changed = []
    for name, value in facts.items():
        conduct = name in rules.CONDUCT_FACT_FIELDS
        if name not in rules.FACT_FIELDS and not conduct:
            raise ValueError(f"{name} is not a fact")
        if conduct and value and incident.kind != Kind.STAFF_CONDUCT:
            raise ValidationError(
                f"Only a staff conduct concern can record {rules.fact(name).label}: this case is "
                f"{incident.get_kind_display().lower()}."
            )
        if getattr(incident, name) != value:
            setattr(incident, name, value)
            label = rules.fact(name).label
            changed.append(name)
            timeline_add(
                incident=incident,
                by=by,
                kind=Entry.FACT,
                text=f"{'Recorded' if value else 'Withdrawn'}: {label if conduct else 'the content is ' + label}."
                + (f" {reason}" if reason else ""),
                data={"fact": name, "value": value},
            )
    if "suitability_allegation" in changed:
        _reroute(incident, by)
    return changed


def _reroute(incident: Incident, by) -> None:
    """The case became (or stopped being) an allegation about a member of staff: its handler may change, since the
    Vice-Principal may not handle an allegation (rules.ALLEGATION_HANDLERS). The caller saves."""
    before = incident.handler
    _route(incident)
    if incident.handler == before:
        return
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.ROUTED,
        text=f"Routed to {incident.handler or 'nobody: no one in the school holds the role'} "
        "(an allegation about a member of staff).",
    )
    if incident.handler:
        _notify_on_commit(incident.handler, "New case for you", "incidents/email/assigned.txt", {"incident": incident})


@transaction.atomic
def incident_triage(*, incident: Incident, by, facts: dict[str, bool], note: str = "") -> list[Action]:
    """Confirm the facts, move the case to triaged and create the actions the policy requires."""
    incident = _lock(incident)
    incident.move_to(Status.TRIAGED)
    _set_facts(incident, by, facts)
    incident.save()
    timeline_add(incident=incident, by=by, kind=Entry.STATUS, text="Triaged." + (f" {note}" if note else ""))
    created = _apply_rules(incident, by)
    audit_record(actor=by, verb="incident.triaged", target=incident, data={"actions": len(created)})
    case_advance(incident=incident, by=by)
    return created


@transaction.atomic
def incident_update_facts(*, incident: Incident, by, facts: dict[str, bool], reason: str = "") -> list[Action]:
    """Change facts; once triaged, the policy rules run again and the actions follow."""
    incident = _lock(incident)
    if incident.is_closed:
        raise InvalidTransition("Reopen the case before changing its facts.")
    changed = _set_facts(incident, by, facts, reason)
    if not changed:
        return []
    incident.updated_at = now()
    incident.save()
    audit_record(actor=by, verb="incident.facts_changed", target=incident, data={"changed": changed})
    if incident.status == Status.REPORTED:
        return []
    created = _apply_rules(incident, by)
    case_advance(incident=incident, by=by)
    return created


@transaction.atomic
def incident_move(*, incident: Incident, by, to: str, outcome: str = "", note: str = "") -> Incident:
    """Move the case to another state; closing needs an outcome, reopening a reason."""
    incident = _lock(incident)
    was_closed = incident.is_closed
    if to == Status.TRIAGED:
        raise InvalidTransition("Use triage to confirm the facts.")
    if to == Status.CLOSED and not outcome:
        raise ValidationError("Choose the outcome to close the case.")
    if to == Status.CLOSED and bullying_record_missing(incident):
        raise ValidationError(
            "This is bullying or alleged bullying between pupils: the Addressing Bullying in Schools Act asks for "
            "its statutory record before the case can close. Complete the statutory bullying record on the case "
            "page, then close the case."
        )
    if to == Status.CLOSED and (still_open := list(incident.actions.open().select_related("owner"))):
        listed = "; ".join(f"{a.title} ({a.owner})" for a in still_open)
        raise ValidationError(
            f"The case cannot be closed while {len(still_open)} action{'s are' if len(still_open) > 1 else ' is'} "
            f"still to do: {listed}. Record each one as done, or mark it as no longer needed with the reason."
        )
    if was_closed and not note.strip():
        raise ValidationError("Say why the case is being reopened.")
    incident.move_to(to)
    if to == Status.CLOSED:
        incident.outcome, incident.outcome_note = outcome, note
    incident.save()
    text = f"{'Reopened' if was_closed else 'Moved to ' + incident.get_status_display().lower()}."
    if to == Status.CLOSED:
        text = f"Closed: {incident.get_outcome_display()}."
    timeline_add(incident=incident, by=by, kind=Entry.STATUS, text=text + (f" {note}" if note else ""), data={"to": to})
    audit_record(actor=by, verb=f"incident.{to}", target=incident)
    return incident


def bullying_record_missing(incident: Incident) -> bool:
    """pupil_bullying_statutory_record: the case needs the statutory record and has none yet."""
    return (
        rules.needs_bullying_record(facts_for(incident))
        and not BullyingRecord.objects.filter(incident=incident).exists()
    )


# What the statutory record holds, as the service takes it (the form's cleaned data).
BULLYING_FIELDS = (
    "judgement",
    "methods",
    "motivations",
    "motivation_other",
    "level",
    "interventions",
    "addressed_note",
    "outcome",
    "target_parents_informed_on",
    "responsible_parents_informed_on",
    "pupils_involved",
)


@transaction.atomic
def bullying_record_save(*, incident: Incident, by, data: dict[str, Any]) -> BullyingRecord:
    """Make or revise the case's statutory bullying record while the case is open; it completes its action."""
    incident = _lock(incident)
    if incident.is_closed:
        raise InvalidTransition("Reopen the case before changing its statutory bullying record.")
    unknown = set(data) - set(BULLYING_FIELDS)
    if unknown:
        raise ValueError(f"Not part of the record: {sorted(unknown)}")
    record = BullyingRecord.objects.filter(incident=incident).first()
    created = record is None
    if created:
        record = BullyingRecord(incident=incident, recorded_by=by)
    before = {name: getattr(record, name) for name in BULLYING_FIELDS} if not created else {}
    for name in BULLYING_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    changed = [name for name in BULLYING_FIELDS if not created and before[name] != getattr(record, name)]
    if not created and not changed:
        return record
    record.updated_at = now()
    record.full_clean()
    record.save()
    summary = bullying_record_summary(record)
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.BULLYING_RECORD,
        text=("Statutory bullying record made: " if created else "Statutory bullying record revised: ")
        + f"{record.get_judgement_display()}; outcome: {record.get_outcome_display()}."
        + ("" if created else f" Changed: {', '.join(_bullying_labels(changed))}."),
        data={"bullying_record": record.pk, **({"changed": changed} if changed else {})},
    )
    audit_record(
        actor=by,
        verb="incident.bullying_recorded" if created else "incident.bullying_revised",
        target=incident,
        data={"changed": changed} if changed else {},
    )
    actions_fulfil(incident=incident, by=by, record=rules.BULLYING_RECORDED, data=summary)
    return record


def _bullying_labels(names: list[str]) -> list[str]:
    labels = {"methods": "method", "motivations": "motivation", "interventions": "interventions"}
    return [labels.get(n) or str(BullyingRecord._meta.get_field(n).verbose_name) for n in names]


@transaction.atomic
def action_add(
    *, incident: Incident, by, kind: str, title: str, owner: Member, due_on: dt.date, rule_id: str = ""
) -> Action:
    """Add an action by hand, or accept one the policy recommends."""
    if owner.school_id != incident.school_id:
        raise ValidationError("The owner must be a member of this school.")
    if owner.user_id in _named_users(incident):
        raise ValidationError("That person is named in the case and cannot be given an action on it.")
    if _is_allegation(incident) and not rules.sees_allegations(frozenset(owner.roles.values_list("role", flat=True))):
        raise ValidationError(
            "This is an allegation about a member of staff: only the Principal, a designated teacher or the Chair "
            "of Governors can be given an action on it."
        )
    needs_confirmation = kind in (
        ActionKind.REFERRAL_PSNI,
        ActionKind.REFERRAL_EA_LEGAL,
        ActionKind.REFERRAL_EA_ALLEGATION,
    )
    recommended = rules.rule_by_id(rule_id)
    guidance = next((r.guidance for r in recommended.recommends if r.kind == kind), "") if recommended else ""
    need = rules.Need(
        kind=kind,
        title=title,
        owner=rules.HANDLER,
        due_days=0,
        needs_confirmation=needs_confirmation,
        guidance=guidance,
        rules=(recommended,) if recommended else (),
    )
    incident = _lock(incident)
    action = _action_create(incident=incident, by=by, need=need, owner=owner, due_on=due_on)
    record = rules.COMPLETED_BY.get(kind)
    present = records_on(incident) if record else {}
    if record in present:
        _action_done(action, by, summary=f"already done: {present[record]['summary']}", record=present[record])
    case_advance(incident=incident, by=by)
    return action


@dataclass
class Completion:
    record: dict[str, Any]
    summary: str
    removal_refused: bool = False


@transaction.atomic
def action_complete(*, action: Action, by, completion: Completion, confirmed_by_name: str = "") -> Action:
    """Record what was done. Police and legal escalations need a named person's confirmation."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        raise InvalidTransition("This action is already finished.")
    if action.incident.is_closed:
        raise InvalidTransition("Reopen the case before recording actions.")
    if action.needs_confirmation:
        if not confirmed_by_name.strip():
            raise ValidationError("A named person must confirm this escalation.")
        timeline_add(
            incident=action.incident,
            by=by,
            kind=Entry.CONFIRMED,
            text=f"{confirmed_by_name.strip()} confirmed: {action.title}.",
            action=action,
            data={"confirmed_by": confirmed_by_name.strip(), "signed_in_as": by.email},
        )
        completion.record = {**completion.record, "confirmed_by": confirmed_by_name.strip()}
    if action.kind in rules.DONE_ELSEWHERE:
        raise ValidationError("This action is completed by making its record on the case, not by ticking it.")
    _action_done(action, by, summary=completion.summary, record=completion.record)
    stage = {
        ActionKind.REMOVAL_REQUEST: TakedownStage.ASKED_POSTER,
        ActionKind.PLATFORM_REPORT: TakedownStage.REPORTED_PLATFORM,
    }
    if action.kind in stage:
        # The takedown tracker shows the same step: nobody records it twice.
        takedown_add(
            incident=action.incident,
            by=by,
            stage=stage[action.kind],
            on=dt.date.fromisoformat(completion.record["done_on"]),
            reference=completion.record.get("reference", "")[:100],
            note=completion.record.get("notes", ""),
        )
    if completion.removal_refused:
        incident_update_facts(
            incident=action.incident, by=by, facts={"removal_refused": True}, reason="The person refused to remove it."
        )
    case_advance(incident=action.incident, by=by)
    return action


@transaction.atomic
def action_withdraw(*, action: Action, by, reason: str) -> Action:
    """Mark an action as no longer needed, with the reason on the timeline."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        raise InvalidTransition("This action is already finished.")
    if not reason.strip():
        raise ValidationError("Say why the action is no longer needed.")
    action.status, action.completed_at, action.completed_by = ActionStatus.WITHDRAWN, now(), by
    action.save(update_fields=["status", "completed_at", "completed_by"])
    timeline_add(
        incident=action.incident,
        by=by,
        kind=Entry.ACTION_WITHDRAWN,
        text=f"{action.title}: {reason.strip()}",
        action=action,
    )
    audit_record(actor=by, verb=f"action.withdrawn.{action.kind}", target=action)
    case_advance(incident=action.incident, by=by)
    return action


@transaction.atomic
def note_add(*, incident: Incident, by, text: str, corrects: TimelineEntry | None = None) -> TimelineEntry:
    """A note on the timeline, or a correction pointing at the entry it corrects."""
    if not text.strip():
        raise ValidationError("Write the note.")
    if corrects is not None and corrects.incident_id != incident.pk:
        raise ValidationError("That entry belongs to another case.")
    entry = timeline_add(
        incident=incident,
        by=by,
        kind=Entry.CORRECTION if corrects else Entry.NOTE,
        text=text.strip(),
        corrects=corrects,
    )
    audit_record(actor=by, verb="incident.corrected" if corrects else "incident.noted", target=incident)
    return entry


@transaction.atomic
def takedown_add(
    *,
    incident: Incident,
    by,
    stage: str,
    on: dt.date,
    reference: str = "",
    helpline: str = "",
    follow_up_on: dt.date | None = None,
    note: str = "",
) -> TakedownStep:
    """Add a step to the takedown tracker (never edits an earlier one); it completes the action it does."""
    step = TakedownStep(
        incident=incident,
        by=by,
        stage=stage,
        on=on,
        reference=reference,
        helpline=helpline,
        follow_up_on=follow_up_on,
        note=note,
    )
    step.full_clean()
    step.save()
    text = f"{step.get_stage_display()} on {on:%d %b %Y}"
    text += f" ({step.get_helpline_display()})" if helpline else ""
    text += f", reference {reference}" if reference else ""
    text += f"; follow up on {follow_up_on:%d %b %Y}" if follow_up_on else ""
    timeline_add(incident=incident, by=by, kind=Entry.TAKEDOWN, text=text + ".", data={"stage": stage})
    audit_record(actor=by, verb="incident.takedown_step", target=incident, data={"stage": stage})
    if record := TAKEDOWN_RECORDS.get(stage):
        actions_fulfil(incident=incident, by=by, record=record, data=takedown_record(step))
    return step


def incident_viewed(*, incident: Incident, by, request=None) -> None:
    """Log a view of the case: its one row in the audit log, which "who has looked at this case" reads.

    Opening a case writes nothing else (the timeline holds what was done about the case, not who read it).
    """
    audit_record(actor=by, verb="incident.viewed", target=incident, request=request)


def _notify_on_commit(member: Member, subject: str, template: str, context: dict) -> None:
    email = member.user.email

    def send() -> None:
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        send_mail(subject, body, from_school(member.school), [email])  # from the school's name (issue 18)

    transaction.on_commit(send)


def overdue_reminders_send() -> int:
    """Email each owner of an overdue action once a day; returns how many were sent."""
    today = localdate()
    sent = 0
    actions = (
        Action.objects.overdue()
        .exclude(overdue_notified_on=today)
        .exclude(incident__status=Status.CLOSED)  # a closed case nags nobody
        .select_related("owner__user", "incident")
    )
    for action in actions:
        with transaction.atomic():
            Action.objects.filter(pk=action.pk).update(overdue_notified_on=today)
            timeline_add(
                incident=action.incident,
                by=None,
                kind=Entry.NOTIFIED,
                text=f"Overdue reminder sent to {action.owner}: {action.title}.",
                action=action,
            )
            _notify_on_commit(action.owner, "Action overdue", "incidents/email/overdue.txt", {"action": action})
        sent += 1
    return sent
