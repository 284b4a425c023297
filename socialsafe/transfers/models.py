"""Record transfers: a leaver's child-protection and online-safety records sent on to their next school."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import localdate, now

from socialsafe.schools.models import Pupil, School


class TransferStatus(models.TextChoices):
    DUE = "due", "To be sent"
    PACKAGED = "packaged", "Package made"
    SENT = "sent", "Sent in SocialSafe"
    RECEIVED = "received", "Received"


class PupilTransfer(models.Model):
    """The duty to send one leaver's records on, from the day they left until the new school's receipt."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, models.PROTECT, related_name="transfers")
    opened_at = models.DateTimeField(default=now)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=TransferStatus, default=TransferStatus.DUE)
    recipient_school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="+")
    recipient_name = models.CharField("receiving school", max_length=200, blank=True)
    package_id = models.UUIDField(null=True, blank=True, unique=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    package_sha256 = models.CharField(max_length=64, blank=True)
    package_name = models.CharField(max_length=200, blank=True)  # under VAR_DIR/transfers
    # The transfer code, encrypted with the installation's data key: kept only for a send within this installation.
    sealed_code = models.BinaryField(blank=True, default=b"")
    packaged_at = models.DateTimeField(null=True, blank=True)
    packaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by_role = models.CharField(max_length=100, blank=True)
    receipt = models.JSONField(default=dict, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=TransferStatus.values), name="transfer_status_valid"),
            # One open duty per pupil: marking them left twice must not make two.
            models.UniqueConstraint(fields=["pupil"], name="transfer_once_per_pupil"),
        ]

    def __str__(self) -> str:
        return f"Records of {self.pupil} ({self.get_status_display()})"

    @property
    def overdue(self) -> bool:
        return self.status in (TransferStatus.DUE, TransferStatus.PACKAGED) and self.due_on < localdate()

    @property
    def recipient_label(self) -> str:
        return str(self.recipient_school) if self.recipient_school_id else self.recipient_name


class ReceivedTransfer(models.Model):
    """A package imported here: its id is unique, so the same package can never be imported twice."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    package_id = models.UUIDField(unique=True)
    manifest_sha256 = models.CharField(max_length=64)
    sender_name = models.CharField(max_length=200)
    sender_fingerprint = models.CharField(max_length=40)
    pupil = models.ForeignKey(Pupil, models.PROTECT, related_name="+")
    incident_ids = models.JSONField(default=list)
    files_verified = models.PositiveIntegerField()
    received_at = models.DateTimeField(default=now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    received_by_role = models.CharField(max_length=100)
    receipt = models.TextField()  # the signed .ssreceipt, to download again

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Records of {self.pupil} from {self.sender_name}"


def new_package_id() -> uuid.UUID:
    return uuid.uuid4()
