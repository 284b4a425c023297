"""Parents' concerns to the Principal, the school's policy documents and their acknowledgements, photo consent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import localdate, now

from socialsafe.incidents.models import Incident
from socialsafe.schools.models import Guardian, Member, Pupil, Relationship, School, SchoolClass


class InvalidTransition(Exception):
    """The concern cannot move to that state from where it is."""


class AppendOnlyError(Exception):
    """A history row was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("History rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError("History rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A row that is written once: history that must stand as it was recorded."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("History rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("History rows cannot be deleted.")


class ConcernSettings(models.Model):
    """A school's own settings for concerns, kept here so the schools app stays unchanged."""

    school = models.OneToOneField(School, models.CASCADE, related_name="concern_settings")
    response_days = models.PositiveSmallIntegerField(
        "response time in school days",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Parents are told they will hear back within this many school days.",
    )

    class Meta:
        verbose_name_plural = "concern settings"

    def __str__(self) -> str:
        return f"Concern settings for {self.school}"


class Topic(models.TextChoices):
    SOCIAL_MEDIA = "social_media", "Something posted on social media or in a messaging group"
    BULLYING = "bullying", "Bullying, online or in school"
    PHOTOS = "photos", "Photos or videos of my child"
    ONLINE_SAFETY = "online_safety", "My child's safety online"
    STAFF = "staff", "Something a member of staff did or said"
    OTHER = "other", "Something else"


class ConcernStatus(models.TextChoices):
    PENDING = "pending", "Waiting for email confirmation"
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ANSWERED = "answered", "Answered"
    CASE = "case", "Turned into a case"
    COMPLAINT = "complaint", "Turned into a complaint"
    CLOSED = "closed", "Closed"


# Every allowed move. Anything not listed here is refused. A reply to an answered concern keeps it answered.
TRANSITIONS: dict[str, set[str]] = {
    ConcernStatus.PENDING: {ConcernStatus.NEW},
    ConcernStatus.NEW: {
        ConcernStatus.ACKNOWLEDGED,
        ConcernStatus.ANSWERED,
        ConcernStatus.CASE,
        ConcernStatus.COMPLAINT,
        ConcernStatus.CLOSED,
    },
    ConcernStatus.ACKNOWLEDGED: {
        ConcernStatus.ANSWERED,
        ConcernStatus.CASE,
        ConcernStatus.COMPLAINT,
        ConcernStatus.CLOSED,
    },
    ConcernStatus.ANSWERED: {
        ConcernStatus.ANSWERED,
        ConcernStatus.CASE,
        ConcernStatus.COMPLAINT,
        ConcernStatus.CLOSED,
    },
    ConcernStatus.CASE: {ConcernStatus.CLOSED},
    ConcernStatus.COMPLAINT: {ConcernStatus.CASE, ConcernStatus.CLOSED},
    ConcernStatus.CLOSED: {ConcernStatus.ACKNOWLEDGED},  # reopen
}

# What the parent sees on the status page: plain words, no internal detail.
PUBLIC_STATUS = {
    ConcernStatus.PENDING: "Not sent yet: confirm it from the email we sent you",
    ConcernStatus.NEW: "Received",
    ConcernStatus.ACKNOWLEDGED: "Read by the Principal",
    ConcernStatus.ANSWERED: "Answered",
    ConcernStatus.CASE: "Being dealt with under the school's procedures",
    ConcernStatus.COMPLAINT: "Being dealt with under the school's Complaints Procedure",
    ConcernStatus.CLOSED: "Closed",
}

# Where a concern is waiting for the school: these count towards the response time.
WAITING = (ConcernStatus.NEW, ConcernStatus.ACKNOWLEDGED)


class ConcernQuerySet(models.QuerySet):
    def sent(self) -> "ConcernQuerySet":
        """Confirmed by email: only these reach the Principal."""
        return self.exclude(status=ConcernStatus.PENDING)


class Concern(models.Model):
    """A parent's or carer's concern, raised with the Principal from the school's public page."""

    school = models.ForeignKey(School, models.PROTECT, related_name="concerns")
    reference = models.CharField(max_length=24, blank=True, help_text="Given when the email is confirmed.")
    status = models.CharField(max_length=16, choices=ConcernStatus, default=ConcernStatus.PENDING)
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    relationship = models.CharField(max_length=20, choices=Relationship, blank=True)
    school_class = models.ForeignKey(
        SchoolClass, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="child's class"
    )
    topic = models.CharField(max_length=20, choices=Topic)
    what_happened = models.TextField(max_length=5000)
    wanted_outcome = models.TextField("what they would like to happen", max_length=2000)
    status_token = models.CharField(max_length=64, unique=True, editable=False)
    guardian = models.ForeignKey(Guardian, models.SET_NULL, null=True, blank=True, related_name="concerns")
    incident = models.ForeignKey(Incident, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    complaint_opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=now)
    # Set when the parent answers the school's reply, cleared when the school replies: the inbox flags it.
    parent_answer_waiting_since = models.DateTimeField(null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "reference"], condition=~models.Q(reference=""), name="concern_reference_unique"
            ),
            models.CheckConstraint(condition=models.Q(status__in=ConcernStatus.values), name="concern_status_valid"),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.reference or 'Unconfirmed concern'}: {self.get_topic_display()}"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def move_to(self, status: str) -> None:
        """Change status and the fields that go with it. The caller saves."""
        if not self.can_move_to(status):
            raise InvalidTransition(f"{self.get_status_display()} → {ConcernStatus(status).label}")
        self.status, self.updated_at = status, now()
        self.closed_at = self.updated_at if status == ConcernStatus.CLOSED else None

    @property
    def public_status(self) -> str:
        if self.parent_answer_waiting_since and self.status == ConcernStatus.ANSWERED:
            return "You answered: waiting for the school's reply"
        return PUBLIC_STATUS[ConcernStatus(self.status)]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in WAITING
            and self.first_response_at is None
            and bool(self.due_on)
            and (self.due_on < localdate())
        )

    @property
    def time_to_first_response(self):
        """How long the school took to first answer or acknowledge it (a timedelta), or None."""
        if self.first_response_at and self.confirmed_at:
            return self.first_response_at - self.confirmed_at
        return None


class ConcernEvent(AppendOnlyModel):
    """One line of a concern's history: what happened to it, who did it and when."""

    concern = models.ForeignKey(Concern, models.PROTECT, related_name="events")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=ConcernStatus)
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:60]}"


class MessageFrom(models.TextChoices):
    SCHOOL = "school", "The school"
    PARENT = "parent", "The parent or carer"


class ConcernMessage(AppendOnlyModel):
    """One message of a concern's conversation: the school's reply, or the parent's answer to it."""

    concern = models.ForeignKey(Concern, models.PROTECT, related_name="messages")
    at = models.DateTimeField(default=now)
    sender = models.CharField(max_length=8, choices=MessageFrom, default=MessageFrom.SCHOOL)
    # The school's messages are signed by a person at the school; a parent's answer comes by its secret link and
    # has no author, or the guardian's own account when they were signed in.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    author_name = models.CharField(max_length=200, help_text="As signed on the reply.")
    text = models.TextField(max_length=10000)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sender=MessageFrom.SCHOOL, author__isnull=False)
                | models.Q(sender=MessageFrom.PARENT),
                name="concern_message_school_signed",
            ),
        ]

    def __str__(self) -> str:
        who = "Reply" if self.sender == MessageFrom.SCHOOL else "Answer"
        return f"{who} on {self.concern.reference} on {self.at:%Y-%m-%d}"

    @property
    def from_parent(self) -> bool:
        return self.sender == MessageFrom.PARENT


class ReplyTemplate(models.Model):
    """A reply the school writes often, to start from."""

    school = models.ForeignKey(School, models.CASCADE, related_name="reply_templates")
    title = models.CharField(max_length=100)
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["school", "title"], name="reply_template_title_unique")]

    def __str__(self) -> str:
        return self.title


class ConcernCounter(models.Model):
    """The last concern number used by a school in a year: GLE-C-2026-0001."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="concern_counter_once")]

    def __str__(self) -> str:
        return f"{self.school_id}/{self.year}: {self.last}"


class Throttle(models.Model):
    """How many times a key (a hashed address or email) was used in a time window; shared by every process."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64, help_text="A keyed hash: raw addresses and emails are not stored.")
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window_start"], name="throttle_once")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… {self.count}"


class ParentInvite(AppendOnlyModel):
    """A link sent to a parent on the roster to set up their account."""

    guardian = models.ForeignKey(Guardian, models.CASCADE, related_name="invites")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    email = models.EmailField()
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Invite to {self.email} on {self.at:%Y-%m-%d}"


# --- Policy documents ---


class DocKind(models.TextChoices):
    SOCIAL_MEDIA = "social-media", "Social Media Policy"
    CODE_OF_CONDUCT = "code-of-conduct", "Parents' Code of Conduct"
    STAFF_GUIDANCE = "staff-guidance", "Social media: guidance for staff"


class Audience(models.TextChoices):
    PARENTS = "parents", "Parents and carers"
    STAFF = "staff", "Staff"


AUDIENCE = {
    DocKind.SOCIAL_MEDIA: Audience.PARENTS,
    DocKind.CODE_OF_CONDUCT: Audience.PARENTS,
    DocKind.STAFF_GUIDANCE: Audience.STAFF,
}


class PolicyDocument(models.Model):
    """One of the school's policy documents; its text lives in its versions."""

    school = models.ForeignKey(School, models.CASCADE, related_name="policy_documents")
    kind = models.CharField(max_length=20, choices=DocKind)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["school", "kind"], name="policy_document_once")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def audience(self) -> str:
        return AUDIENCE[DocKind(self.kind)]

    def current_version(self) -> "PolicyVersion | None":
        return self.versions.filter(published_on__lte=localdate()).order_by("-published_on", "-id").first()


class PolicyVersion(AppendOnlyModel):
    """A published version: its text never changes; a change is a new version that everyone acknowledges again."""

    document = models.ForeignKey(PolicyDocument, models.PROTECT, related_name="versions")
    label = models.CharField("version", max_length=20, help_text="For example 2.0 or September 2026.")
    published_on = models.DateField()
    text = models.TextField(max_length=60000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["document", "label"], name="policy_version_label_once")]

    def __str__(self) -> str:
        return f"{self.document}, version {self.label}"


class Acknowledgement(AppendOnlyModel):
    """A person confirmed that they have read one version of a document."""

    version = models.ForeignKey(PolicyVersion, models.PROTECT, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, models.SET_NULL, null=True, blank=True, related_name="+")
    member = models.ForeignKey(Member, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="acknowledged_once")]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.version}"


class AcknowledgementReminder(AppendOnlyModel):
    """A reminder sent to someone who had not acknowledged a version; stops a person being reminded daily."""

    version = models.ForeignKey(PolicyVersion, models.PROTECT, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Reminder to {self.user_id} about {self.version_id}"


# --- Photo consent ---


class PhotoConsent(AppendOnlyModel):
    """A parent's answer on whether the school may publish a child's image. The newest row is the answer; every
    earlier one stays as history."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, models.PROTECT, related_name="photo_consents")
    may_publish = models.BooleanField()
    guardian = models.ForeignKey(Guardian, models.PROTECT, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["pupil", "-at"])]

    def __str__(self) -> str:
        return f"{self.pupil}: {'may' if self.may_publish else 'may not'} publish ({self.at:%Y-%m-%d})"
