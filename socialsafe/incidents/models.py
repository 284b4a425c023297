"""Incidents (cases): what was reported, the facts the policy's rules read, the actions they require, the timeline."""

from django.conf import settings
from django.db import models
from django.utils.timezone import localdate, now

from socialsafe.audit.chain import chained_bulk_create, chained_save
from socialsafe.incidents import rules
from socialsafe.incidents.choices import (  # noqa: F401  (re-exported: the app's models module names them too)
    ActionKind,
    ActionStatus,
    BullyingJudgement,
    BullyingMethod,
    BullyingMotivation,
    BullyingOutcome,
    Entry,
    Ground,
    Helpline,
    Intervention,
    InterventionLevel,
    Kind,
    Outcome,
    Platform,
    ResponsibleKind,
    Route,
    Status,
    TakedownStage,
    TargetKind,
)
from socialsafe.schools.models import Guardian, Member, Pupil, School


class InvalidTransition(Exception):
    """The case cannot move to that state from where it is."""


class AppendOnlyError(Exception):
    """A timeline entry was about to be changed or deleted."""


# Every allowed move. Anything not listed here is refused. The case moves itself as its actions are done
# (incidents.services.case_advance): triaged -> in progress -> ready to close; people close it, with the outcome.
TRANSITIONS: dict[str, set[str]] = {
    Status.REPORTED: {Status.TRIAGED, Status.CLOSED},
    Status.TRIAGED: {Status.IN_PROGRESS, Status.READY_TO_CLOSE, Status.CLOSED},
    Status.IN_PROGRESS: {Status.AWAITING_OUTCOME, Status.READY_TO_CLOSE, Status.CLOSED},
    Status.AWAITING_OUTCOME: {Status.IN_PROGRESS, Status.READY_TO_CLOSE, Status.CLOSED},
    Status.READY_TO_CLOSE: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},  # reopen
}


class IncidentQuerySet(models.QuerySet):
    def open(self) -> "IncidentQuerySet":
        return self.exclude(status=Status.CLOSED)


class Incident(models.Model):
    """A case: one report and all the school does about it."""

    school = models.ForeignKey(School, models.PROTECT, related_name="incidents")
    reference = models.CharField(max_length=20, editable=False)
    kind = models.CharField(max_length=32, choices=Kind)
    summary = models.CharField(max_length=200)
    description = models.TextField()
    occurred_at = models.DateTimeField()
    out_of_hours = models.BooleanField(default=False)
    grounds = models.JSONField(default=list, blank=True)  # Ground values
    platform = models.CharField(max_length=16, choices=Platform)
    url = models.URLField(max_length=1000, blank=True)
    target_kind = models.CharField(max_length=16, choices=TargetKind)
    target_pupil = models.ForeignKey(Pupil, models.PROTECT, null=True, blank=True, related_name="+")
    target_member = models.ForeignKey(Member, models.PROTECT, null=True, blank=True, related_name="+")
    responsible_kind = models.CharField(max_length=16, choices=ResponsibleKind)
    responsible_pupil = models.ForeignKey(Pupil, models.PROTECT, null=True, blank=True, related_name="+")
    responsible_guardian = models.ForeignKey(Guardian, models.PROTECT, null=True, blank=True, related_name="+")
    responsible_member = models.ForeignKey(Member, models.PROTECT, null=True, blank=True, related_name="+")
    responsible_name = models.CharField(max_length=200, blank=True, help_text="As shown online, if not known.")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(Pupil, models.PROTECT, null=True, blank=True, related_name="+")
    reported_at = models.DateTimeField(default=now)
    route = models.CharField(max_length=16, choices=Route, default=Route.SCHOOL)
    handler = models.ForeignKey(Member, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status, default=Status.REPORTED)
    updated_at = models.DateTimeField(default=now)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    outcome_note = models.TextField(blank=True)

    # The facts the policy's rules read are fields too, one per entry of rules.FACTS (added below the class).
    # Each change is a timeline entry.

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "reference"], name="incident_reference_unique"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="incident_status_valid"),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            # The Education Authority's counts per school over a term, and "which school is this case in" for the
            # counts of actions, steps and records per school (index-only: no visit to the wide case rows).
            models.Index(fields=["reported_at", "school"], name="incident_reported_school"),
            models.Index(fields=["id", "school"], name="incident_id_school"),
            models.Index(fields=["school"], condition=~models.Q(status=Status.CLOSED), name="incident_open_school"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.summary}"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def move_to(self, status: str) -> None:
        """Change status and the fields that go with it. The caller saves."""
        if not self.can_move_to(status):
            raise InvalidTransition(f"{self.get_status_display()} -> {Status(status).label}")
        self.status, self.updated_at = status, now()
        if status == Status.CLOSED:
            self.closed_at = self.updated_at
        else:
            self.closed_at = None

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def content_labels(self) -> list[str]:
        return [f.verbose_name for f in self._meta.fields if f.name.startswith("content_") and getattr(self, f.name)]

    @property
    def target_display(self) -> str:
        person = self.target_pupil or self.target_member
        return f"{self.get_target_kind_display()}: {person}" if person else self.get_target_kind_display()

    @property
    def responsible_display(self) -> str:
        person = self.responsible_pupil or self.responsible_guardian or self.responsible_member
        name = str(person) if person else self.responsible_name
        return f"{self.get_responsible_kind_display()}: {name}" if name else self.get_responsible_kind_display()


# One boolean field per fact of the policy's table (rules.FACTS): its name, and its label as the policy says it.
for _fact in rules.FACTS:
    Incident.add_to_class(_fact.name, models.BooleanField(_fact.label, default=False))

# The staff conduct questions (rules.CONDUCT_FACTS): set only on a staff conduct case.
for _fact in rules.CONDUCT_FACTS:
    Incident.add_to_class(_fact.name, models.BooleanField(_fact.label, default=False))

FACT_FIELDS = rules.FACT_FIELDS


class Exclusion(models.Model):
    """A person named in a case as target or as responsible: they can neither see the case nor learn it exists."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    reason = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "user"], name="exclusion_once")]

    def __str__(self) -> str:
        return f"{self.user} excluded from {self.incident_id}: {self.reason}"


class ActionQuerySet(models.QuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self) -> "ActionQuerySet":
        return self.open().filter(due_on__lt=localdate())


class Action(models.Model):
    """Something a named person must do on a case, by a date: required by a rule or added by hand."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=24, choices=ActionKind)
    rule_id = models.CharField(max_length=64, blank=True, help_text="The policy rule behind it, if any.")
    # Every rule the action serves: one EA Legal contact answers both "malicious comments" and "removal refused".
    rule_ids = models.JSONField(default=list, blank=True)
    required_by_policy = models.BooleanField(default=False)  # created by a rule; withdrawn when it stops applying
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    owner = models.ForeignKey(Member, models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus, default=ActionStatus.OPEN)
    needs_confirmation = models.BooleanField(
        default=False, help_text="An escalation to the police or a legal team: a named person must confirm it."
    )
    created_at = models.DateTimeField(default=now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    record = models.JSONField(default=dict, blank=True)  # the typed record, shaped by the kind's form
    overdue_notified_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "id"]
        indexes = [
            # Overdue and due-soon actions across an authority, and referrals done in a period (the reports).
            models.Index(
                fields=["due_on", "incident"], condition=models.Q(status=ActionStatus.OPEN), name="action_open_due"
            ),
            models.Index(
                fields=["kind", "completed_at"], condition=models.Q(status=ActionStatus.DONE), name="action_done_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < localdate()


class TimelineEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Timeline entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Timeline entries cannot be deleted.")

    def bulk_create(self, objs, *args, **kwargs):
        return chained_bulk_create(self, objs, *args, **kwargs)


class TimelineEntry(models.Model):
    """One line of a case's record: append-only, so it stands up in court. Corrections point at what they correct."""

    incident = models.ForeignKey(Incident, models.PROTECT, related_name="timeline")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Entry)
    text = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    action = models.ForeignKey(Action, models.PROTECT, null=True, blank=True, related_name="+")
    # The hash chain (socialsafe.audit.chain): set on insert, checked by manage.py verify_audit.
    prev_hash = models.CharField(max_length=64, unique=True, blank=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, blank=True, editable=False)

    CHAIN_FIELDS = ("incident", "at", "actor", "kind", "text", "data", "corrects", "action")

    objects = TimelineEntryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Timeline entries cannot be changed.")
        chained_save(self, super().save, *args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Timeline entries cannot be deleted.")


class TakedownStep(models.Model):
    """One step in getting a post taken down. Steps are only ever added; the latest says where things stand."""

    incident = models.ForeignKey(Incident, models.PROTECT, related_name="takedown_steps")
    stage = models.CharField(max_length=20, choices=TakedownStage)
    on = models.DateField()
    reference = models.CharField(max_length=100, blank=True)
    helpline = models.CharField(max_length=8, choices=Helpline, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["on", "at", "id"]
        indexes = [models.Index(fields=["stage", "on"], name="takedown_stage_on")]  # removals in a period

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {self.on}"


class ReferenceCounter(models.Model):
    """The next case number of a school in a year, so references read GLE-2026-0001."""

    school = models.ForeignKey(School, models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="counter_once")]

    def __str__(self) -> str:
        return f"{self.school} {self.year}: {self.last}"


class BullyingRecord(models.Model):
    """The statutory record of a pupil-to-pupil incident of bullying or alleged bullying, part of its case.

    The Addressing Bullying in Schools Act (NI) 2016, s.3: the school records every incident of bullying and alleged
    bullying, the method, the motivation, how it was addressed and the outcome. One per case; it can be revised
    while the case is open (each revision is a timeline entry). Lists hold values of the choices in choices.py.
    """

    incident = models.OneToOneField(Incident, models.PROTECT, related_name="bullying_record")
    judgement = models.CharField("Is it bullying under the Act?", max_length=16, choices=BullyingJudgement)
    methods = models.JSONField(default=list)  # BullyingMethod values
    motivations = models.JSONField(default=list)  # BullyingMotivation values
    motivation_other = models.CharField(max_length=200, blank=True)
    level = models.CharField("Level of response", max_length=1, choices=InterventionLevel)
    interventions = models.JSONField(default=list)  # Intervention values
    addressed_note = models.TextField("How it was addressed", blank=True)
    outcome = models.CharField(max_length=16, choices=BullyingOutcome)
    target_parents_informed_on = models.DateField(null=True, blank=True)
    responsible_parents_informed_on = models.DateField(null=True, blank=True)
    pupils_involved = models.PositiveSmallIntegerField(default=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(judgement__in=BullyingJudgement.values), name="bullying_judgement_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=BullyingOutcome.values), name="bullying_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Statutory bullying record of case {self.incident_id}"

    # The lists as people read them, in the order of their choices.
    @property
    def method_labels(self) -> list[str]:
        return [label for value, label in BullyingMethod.choices if value in self.methods]

    @property
    def motivation_labels(self) -> list[str]:
        labels = [label for value, label in BullyingMotivation.choices if value in self.motivations]
        if self.motivation_other and BullyingMotivation.OTHER in self.motivations:
            labels = [f"{lb}: {self.motivation_other}" if lb == BullyingMotivation.OTHER.label else lb for lb in labels]
        return labels

    @property
    def intervention_labels(self) -> list[str]:
        return [label for value, label in Intervention.choices if value in self.interventions]
