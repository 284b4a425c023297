"""Invitations to a family to read and acknowledge the school's Social Media Policy and Code of Conduct."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.concerns.models import PolicyVersion
from socialsafe.schools.models import Guardian, Pupil, School

# A code on a letter or in an email opens the welcome page for this long; a new invitation replaces it after that.
CODE_DAYS = 90


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Printed letter"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Sending"
    DONE = "done", "Finished"


class InvitationBatch(models.Model):
    """One run of invitations (a roster import, a pupil added by hand, "invite all"), sent in the background."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=BatchStatus, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    letters = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "invitation batches"
        constraints = [models.CheckConstraint(condition=models.Q(status__in=BatchStatus.values), name="batch_status")]

    def __str__(self) -> str:
        return f"Invitations of {self.created_at:%Y-%m-%d %H:%M} ({self.reason})"

    @property
    def done(self) -> int:
        return self.sent + self.letters + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class FamilyInvitation(models.Model):
    """A request to one parent or carer to read and acknowledge the current versions, because their child joined.

    The code is never stored: `code_nonce` and the server's secret give it back (to print a letter again), and
    `code_hash`, a keyed hash of it, finds the invitation when a parent types it in."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+")
    guardian = models.ForeignKey(Guardian, models.CASCADE, related_name="family_invitations")
    pupils = models.ManyToManyField(Pupil, related_name="+")
    versions = models.ManyToManyField(PolicyVersion, related_name="+")
    # The versions asked, as sorted ids: one invitation per parent for the same versions.
    version_key = models.CharField(max_length=100)
    channel = models.CharField(max_length=10, choices=Channel)
    code_nonce = models.CharField(max_length=32, editable=False)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    batch = models.ForeignKey(InvitationBatch, models.SET_NULL, null=True, blank=True, related_name="invitations")
    created_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    failed = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["guardian", "version_key"], name="family_invitation_once"),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="family_invitation_channel"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.guardian} ({self.get_channel_display()})"

    @property
    def expires_at(self) -> dt.datetime:
        return self.created_at + dt.timedelta(days=CODE_DAYS)

    @property
    def expired(self) -> bool:
        return now() >= self.expires_at
