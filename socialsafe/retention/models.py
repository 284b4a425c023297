from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.incidents.models import Incident
from socialsafe.schools.models import EducationAuthority, School


class Action(models.TextChoices):
    REVIEW = "review", "Review"
    DESTROY = "destroy", "Destroy"
    TRANSFER = "transfer", "Transfer"


class RuleOverride(models.Model):
    """An Education Authority's own period or action for one record class, instead of the schedule's default."""

    authority = models.ForeignKey(EducationAuthority, models.CASCADE, related_name="+")
    record_class = models.CharField(max_length=32)
    years = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField(default=0)
    action = models.CharField(max_length=10, choices=Action)
    note = models.CharField(max_length=500)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "record_class"], name="retention_override_once"),
            models.CheckConstraint(condition=models.Q(action__in=Action.values), name="retention_override_action"),
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.record_class}"


class LegalHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A case that must not be destroyed or queued for review while the hold lasts (litigation, an inquiry)."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, models.PROTECT, related_name="+")
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=now)
    lift_reason = models.TextField(blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident"], condition=models.Q(lifted_at__isnull=True), name="retention_one_active_hold"
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold on case {self.incident_id}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    KEPT = "kept", "Kept"
    DESTROYED = "destroyed", "Destroyed"


class RetentionReview(models.Model):
    """One record that reached its date under a "review" rule: queued once for the Principal to keep or destroy.

    Only the record's class and id are kept here, so that destroying it leaves nothing of it in this row.
    """

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    record_class = models.CharField(max_length=32)
    record_id = models.BigIntegerField()
    due_on = models.DateField()
    queued_at = models.DateTimeField(default=now)
    status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    keep_reason = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)  # when kept: reviewed again from this date

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ReviewStatus.values), name="retention_review_status"),
        ]
        indexes = [models.Index(fields=["record_class", "record_id"])]

    def __str__(self) -> str:
        return f"Review of {self.record_class} {self.record_id}"


class DestructionRecord(models.Model):
    """That a record was destroyed, and under which rule: no personal data, no content, only counts and ids."""

    school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="+")
    record_class = models.CharField(max_length=32)
    record_id = models.BigIntegerField()
    rule = models.CharField(max_length=300)  # the rule as applied: "Case: pupil's date of birth + 25 years, review"
    reason = models.CharField(max_length=40)  # "scheduled", "review", "transfer"
    counts = models.JSONField(default=dict)  # {"incidents.timelineentry": 4, ...; "files": 3}
    # The (prev_hash, hash) of every chained row removed, per table: verify_audit accepts exactly these gaps.
    removed_links = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    review = models.ForeignKey(RetentionReview, models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Destroyed {self.record_class} {self.record_id}"

    @property
    def by_label(self) -> str:
        return f"user {self.by_id}" if self.by_id else "scheduled"
