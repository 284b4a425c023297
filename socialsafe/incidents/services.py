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
from django.utils.timezone import localdate, now

from socialsafe.audit.services import audit_record
from socialsafe.incidents import rules
from socialsafe.incidents.models import (
    FACT_FIELDS,
    Action,
    ActionKind,
    ActionStatus,
    Entry,
    Exclusion,
    Incident,
    InvalidTransition,
    Kind,
    ReferenceCounter,
    ResponsibleKind,
    Route,
    Status,
    TakedownStep,
    TargetKind,
    TimelineEntry,
)
from socialsafe.lib.dates import add_working_days
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
        sexual=incident.content_sexual,
        sexist=incident.content_sexist,
        threatening=incident.content_threatening,
        hate=incident.content_hate,
        abusive=incident.content_abusive,
        malicious=incident.malicious_or_fictitious,
        illegal=incident.suspected_illegal,
        persistent=incident.persistent,
        removal_refused=incident.removal_refused,
    )


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
    """Set who handles the case, following the policy, never someone named in it."""
    named = set(_named_users(incident))
    incident.route = rules.route_for(incident.target_kind)
    school = incident.school
    if incident.route == Route.GOVERNORS:
        chain = [Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR]
    elif incident.kind in (Kind.IMPROPER_CONTACT, Kind.PUPIL_CYBERBULLYING, Kind.PUPIL_IMAGES):
        chain = [Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER, Role.PRINCIPAL, Role.VICE_PRINCIPAL]
    else:
        chain = [Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.CHAIR_OF_GOVERNORS]
    incident.handler = next(
        (m for role in chain if (m := _member_with(school, role, exclude_users=named)) is not None), None
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
    if incident.handler:
        _notify_on_commit(incident.handler, "New case for you", "incidents/email/assigned.txt", {"incident": incident})
    return incident


def _apply_rules(incident: Incident, by) -> list[Action]:
    """Create the actions the rules now require and withdraw open ones whose rule no longer applies."""
    outcome = rules.evaluate(facts_for(incident))
    wanted = {(rule.id, req.kind): (rule, req) for rule, req in outcome.required}
    existing = {(a.rule_id, a.kind): a for a in incident.actions.filter(required_by_policy=True)}
    created = []
    for key, (rule, req) in wanted.items():
        if key in existing and existing[key].status != ActionStatus.WITHDRAWN:
            continue
        owner = _owner_for(incident, req.owner)
        due_on = add_working_days(localdate(), req.due_days)
        created.append(
            _action_create(
                incident=incident, by=by, rule_id=rule.id, requirement=req, owner=owner, due_on=due_on, required=True
            )
        )
    for key, action in existing.items():
        if key not in wanted and action.status == ActionStatus.OPEN:
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


def _owner_for(incident: Incident, owner: str) -> Member:
    named = set(_named_users(incident))
    role = {
        rules.PRINCIPAL: Role.PRINCIPAL,
        rules.DESIGNATED: Role.DESIGNATED_TEACHER,
        rules.ICT: Role.ICT_COORDINATOR,
        rules.CHAIR: Role.CHAIR_OF_GOVERNORS,
    }.get(owner)
    # On a governors' case the Principal is named, so Principal-owned actions fall to the handler (the Chair).
    if role and incident.route == Route.SCHOOL and (m := _member_with(incident.school, role, exclude_users=named)):
        return m
    if incident.handler is None:
        raise ValidationError("The case has no handler: add a Principal or Chair of Governors to the school first.")
    return incident.handler


def _action_create(
    *,
    incident: Incident,
    by,
    rule_id: str,
    requirement: rules.Requirement,
    owner: Member,
    due_on: dt.date,
    required: bool = False,
) -> Action:
    action = Action.objects.create(
        incident=incident,
        kind=requirement.kind,
        rule_id=rule_id,
        title=requirement.title,
        guidance=requirement.guidance,
        owner=owner,
        due_on=due_on,
        needs_confirmation=requirement.needs_confirmation,
        required_by_policy=required,
    )
    why = f" (policy rule {rule_id})" if rule_id else ""
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
        if name not in FACT_FIELDS:
            raise ValueError(f"{name} is not a fact")
        if getattr(incident, name) != value:
            setattr(incident, name, value)
            label = Incident._meta.get_field(name).verbose_name
            changed.append(name)
            timeline_add(
                incident=incident,
                by=by,
                kind=Entry.FACT,
                text=f"{'Recorded' if value else 'Withdrawn'}: the content is {label}."
                + (f" {reason}" if reason else ""),
                data={"fact": name, "value": value},
            )
    return changed


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
    return _apply_rules(incident, by)


@transaction.atomic
def incident_move(*, incident: Incident, by, to: str, outcome: str = "", note: str = "") -> Incident:
    """Move the case to another state; closing needs an outcome, reopening a reason."""
    incident = _lock(incident)
    was_closed = incident.is_closed
    if to == Status.TRIAGED:
        raise InvalidTransition("Use triage to confirm the facts.")
    if to == Status.CLOSED and not outcome:
        raise ValidationError("Choose the outcome to close the case.")
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


@transaction.atomic
def action_add(
    *, incident: Incident, by, kind: str, title: str, owner: Member, due_on: dt.date, rule_id: str = ""
) -> Action:
    """Add an action by hand, or accept one the policy recommends."""
    if owner.school_id != incident.school_id:
        raise ValidationError("The owner must be a member of this school.")
    if owner.user_id in _named_users(incident):
        raise ValidationError("That person is named in the case and cannot be given an action on it.")
    needs_confirmation = kind in (ActionKind.REFERRAL_PSNI, ActionKind.REFERRAL_EA_LEGAL)
    recommended = rules.rule_by_id(rule_id)
    guidance = next((r.guidance for r in recommended.recommends if r.kind == kind), "") if recommended else ""
    requirement = rules.Requirement(kind, title, needs_confirmation=needs_confirmation, guidance=guidance)
    return _action_create(
        incident=_lock(incident), by=by, rule_id=rule_id, requirement=requirement, owner=owner, due_on=due_on
    )


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
    action.status = ActionStatus.DONE
    action.completed_at, action.completed_by = now(), by
    action.record = completion.record
    action.save(update_fields=["status", "completed_at", "completed_by", "record"])
    timeline_add(
        incident=action.incident,
        by=by,
        kind=Entry.ACTION_DONE,
        text=f"{action.title}: {completion.summary}",
        action=action,
        data=completion.record,
    )
    audit_record(actor=by, verb=f"action.done.{action.kind}", target=action.incident)
    if completion.removal_refused:
        incident_update_facts(
            incident=action.incident, by=by, facts={"removal_refused": True}, reason="The person refused to remove it."
        )
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
    """Add a step to the takedown tracker (never edits an earlier one)."""
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
    return step


def incident_viewed(*, incident: Incident, by, request=None) -> None:
    """Log a view of the case on its timeline and in the audit log."""
    with transaction.atomic():
        timeline_add(incident=incident, by=by, kind=Entry.VIEWED, text=f"Viewed by {by.get_full_name()}.")
        audit_record(actor=by, verb="incident.viewed", target=incident, request=request)


def _notify_on_commit(member: Member, subject: str, template: str, context: dict) -> None:
    email = member.user.email

    def send() -> None:
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        send_mail(f"SocialSafe: {subject}", body, None, [email])

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
