"""What a member of staff chose to send the Principal from a check. A check itself stores nothing."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.postcheck.storage import postcheck_storage
from socialsafe.registers.models import TeachingAccount
from socialsafe.schools.models import Member, School


class InvalidTransition(Exception):
    pass


def _photo_name(instance, filename: str) -> str:
    # A random name: the teacher's file name may itself name a child.
    return f"postcheck/{uuid.uuid4().hex}"


class PostStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the Principal"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class AdviceStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"


class OfficialPostRequest(models.Model):
    """A post a member of staff proposes for the school's official accounts; the Principal approves or declines it."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Member, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=now)
    text = models.TextField()
    photo = models.FileField(upload_to=_photo_name, storage=postcheck_storage, blank=True, max_length=200)
    accounts = models.ManyToManyField(TeachingAccount, related_name="+")
    status = models.CharField(max_length=10, choices=PostStatus, default=PostStatus.REQUESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=PostStatus.values), name="post_status_valid")
        ]

    def __str__(self) -> str:
        return f"Post for the official accounts from {self.requested_by.display_name}"

    def decide(self, status: str, *, by, note: str) -> None:
        """Approve or decline a waiting request. The caller saves."""
        if self.status != PostStatus.REQUESTED:
            raise InvalidTransition(f"This post was already {self.get_status_display().lower()}.")
        if status not in (PostStatus.APPROVED, PostStatus.DECLINED):
            raise InvalidTransition("Choose approve or decline.")
        self.status, self.decided_by, self.decided_at, self.note = status, by, now(), note


class AdviceRequest(models.Model):
    """A member of staff's "I'm not sure": a draft sent to the Principal for advice, stored only then."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Member, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=now)
    text = models.TextField()
    photo = models.FileField(upload_to=_photo_name, storage=postcheck_storage, blank=True, max_length=200)
    warnings = models.JSONField(default=list, blank=True)  # the warnings' ids and titles when it was sent
    question = models.TextField()
    status = models.CharField(max_length=10, choices=AdviceStatus, default=AdviceStatus.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=AdviceStatus.values), name="advice_status_valid")
        ]

    def __str__(self) -> str:
        return f"Advice asked by {self.requested_by.display_name}"

    def answer_with(self, answer: str, *, by) -> None:
        """Record the Principal's answer to an open request. The caller saves."""
        if self.status != AdviceStatus.OPEN:
            raise InvalidTransition("This request has already been answered.")
        self.status, self.answer, self.answered_by, self.answered_at = AdviceStatus.ANSWERED, answer, by, now()
