"""Subject access requests (UK GDPR Art. 15): who asked, about whom, by when, and each export produced for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import localdate, now

from socialsafe.schools.models import Guardian, Member, Pupil, School
from socialsafe.subjectaccess.deadlines import MAX_EXTENSION_MONTHS, sar_due_date


class InvalidTransition(Exception):
    """The request cannot move to that state from where it is."""


class Received(models.TextChoices):
    EMAIL = "email", "By email"
    LETTER = "letter", "By letter"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    OTHER = "other", "Another way"


class SubjectKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    GUARDIAN = "guardian", "A parent or carer"
    MEMBER = "member", "A member of staff or governor"


class SarStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IDENTITY_CHECKED = "identity_checked", "Identity checked"
    IN_PREPARATION = "in_preparation", "In preparation"
    EXTENDED = "extended", "Extended"
    SENT = "sent", "Sent"
    CLOSED = "closed", "Closed"


# Every move a person makes by hand; "extended" is reached only by sar_extend (it needs a reason).
TRANSITIONS: dict[str, set[str]] = {
    SarStatus.RECEIVED: {SarStatus.IDENTITY_CHECKED, SarStatus.CLOSED},
    SarStatus.IDENTITY_CHECKED: {SarStatus.IN_PREPARATION, SarStatus.CLOSED},
    SarStatus.IN_PREPARATION: {SarStatus.SENT, SarStatus.CLOSED},
    SarStatus.EXTENDED: {SarStatus.IN_PREPARATION, SarStatus.SENT, SarStatus.CLOSED},
    SarStatus.SENT: {SarStatus.CLOSED},
    SarStatus.CLOSED: set(),
}
OPEN_STATUSES = (SarStatus.RECEIVED, SarStatus.IDENTITY_CHECKED, SarStatus.IN_PREPARATION, SarStatus.EXTENDED)


class SubjectAccessRequestQuerySet(models.QuerySet):
    def open(self) -> "SubjectAccessRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class SubjectAccessRequest(models.Model):
    """One request for the information the school holds about one person."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    requester_name = models.CharField("who made the request", max_length=200)
    requester_relationship = models.CharField(
        "their relationship to the person", max_length=100, blank=True, help_text="For example: themselves, mother."
    )
    received_via = models.CharField("how it was received", max_length=12, choices=Received)
    received_on = models.DateField("date received")
    subject_kind = models.CharField("whose information", max_length=10, choices=SubjectKind)
    subject_pupil = models.ForeignKey(Pupil, models.PROTECT, null=True, blank=True, related_name="+")
    subject_guardian = models.ForeignKey(Guardian, models.PROTECT, null=True, blank=True, related_name="+")
    subject_member = models.ForeignKey(Member, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=SarStatus, default=SarStatus.RECEIVED)
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    due_on = models.DateField()
    # The redaction the Principal confirmed: {"named_staff": [member ids shown by name], "include_evidence": bool,
    # "confirmed_at": iso, "confirmed_by": user id}. Empty until confirmed; the export is made only after.
    redaction = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = SubjectAccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=SarStatus.values), name="sar_status_valid"),
            models.CheckConstraint(
                condition=models.Q(extension_months__lte=MAX_EXTENSION_MONTHS), name="sar_extension_at_most_two"
            ),
        ]
        indexes = [models.Index(fields=["school", "due_on"])]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}: {self.subject}"

    @property
    def subject(self):
        return self.subject_pupil or self.subject_guardian or self.subject_member

    @property
    def subject_name(self) -> str:
        person = self.subject
        return person.full_name if isinstance(person, Pupil) else person.display_name if person else ""

    def clean(self) -> None:
        chosen = {
            SubjectKind.PUPIL: ("subject_pupil", self.subject_pupil_id),
            SubjectKind.GUARDIAN: ("subject_guardian", self.subject_guardian_id),
            SubjectKind.MEMBER: ("subject_member", self.subject_member_id),
        }
        if self.subject_kind not in chosen:
            return  # the field's own choices say so
        field, value = chosen[self.subject_kind]
        if not value:
            raise ValidationError({field: "Choose whose information was asked for."})
        if sum(bool(v) for _, v in chosen.values()) != 1:
            raise ValidationError({"subject_kind": "Choose only one person: a request is about one person."})
        if self.subject and self.subject.school_id != self.school_id:
            raise ValidationError({"subject_kind": "The person must belong to this school."})
        if self.received_on and self.received_on > localdate():
            raise ValidationError({"received_on": "The date received cannot be in the future."})

    def set_due(self) -> None:
        self.due_on = sar_due_date(self.received_on, extension_months=self.extension_months)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_left(self) -> int:
        return (self.due_on - localdate()).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_left < 0

    @property
    def redaction_confirmed(self) -> bool:
        return bool(self.redaction.get("confirmed_at"))

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def move_to(self, status: str) -> None:
        """Change status and the fields that go with it. The caller saves."""
        if not self.can_move_to(status):
            raise InvalidTransition(
                f"A request that is {self.get_status_display().lower()} cannot be marked "
                f"{SarStatus(status).label.lower()}."
            )
        self.status, self.updated_at = status, now()
        self.closed_at = self.updated_at if status == SarStatus.CLOSED else None


class SubjectAccessExport(models.Model):
    """One ZIP produced for a request. The file lies under VAR_DIR/exports, not in the database; it is deleted
    EXPORT_KEEP_DAYS after the request is closed (services.sar_exports_purge), and this row says it was."""

    request = models.ForeignKey(SubjectAccessRequest, models.PROTECT, related_name="exports")
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    produced_at = models.DateTimeField(default=now)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    summary = models.JSONField(default=dict)  # record counts per type, what was redacted and withheld
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-produced_at", "-id"]

    def __str__(self) -> str:
        return f"Export {self.pk} of request {self.request_id} ({self.sha256[:12]})"

    @property
    def download_name(self) -> str:
        return f"subject-access-{self.request_id}-{self.pk}.zip"
