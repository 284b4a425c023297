"""Letter templates of a school, and every letter issued from a case with its files and their hashes."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.incidents.models import Incident
from socialsafe.letters.storage import letter_storage
from socialsafe.registers.models import PremisesBan
from socialsafe.schools.models import Guardian, School


class LetterKind(models.TextChoices):
    INVITATION = "invitation", "Invitation to a meeting (the policy's model letter)"
    REMOVAL_REQUEST = "removal_request", "Request to remove content"
    PREMISES_NOTICE = "premises_notice", "Notice of revoked premises licence"
    MEETING_OUTCOME = "meeting_outcome", "Outcome of the meeting"
    REFERRAL_COVER = "referral_cover", "Referral cover letter"


class LetterTemplate(models.Model):
    """A school's wording for one kind of letter, with merge fields such as {{ parent_names }}."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=LetterKind)
    name = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(default=now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["school", "kind"], name="letter_template_once_per_kind")]

    def __str__(self) -> str:
        return self.name


def _upload_to(letter: "Letter", filename: str) -> str:
    return f"letters/{letter.school.slug}/{filename}"


class Letter(models.Model):
    """An issued letter: its text and files are never changed; sending and posting are recorded."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, models.PROTECT, related_name="letters", verbose_name="case")
    template = models.ForeignKey(LetterTemplate, models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=LetterKind)
    subject = models.CharField(max_length=300)
    recipient_guardian = models.ForeignKey(Guardian, models.PROTECT, null=True, blank=True, related_name="letters")
    recipient_name = models.CharField(max_length=300)
    recipient_address = models.TextField(blank=True)
    premises_ban = models.ForeignKey(PremisesBan, models.PROTECT, null=True, blank=True, related_name="+")
    source = models.TextField(help_text="The wording with merge fields, as edited for this letter.")
    text = models.TextField(help_text="The letter as issued.")
    values = models.JSONField(default=dict, help_text="The merge fields' values.")
    pdf = models.FileField(upload_to=_upload_to, max_length=300, storage=letter_storage)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to=_upload_to, max_length=300, storage=letter_storage)
    docx_sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=now)
    emailed_to = models.EmailField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient_name}"

    @property
    def delivered(self) -> bool:
        return bool(self.emailed_at or self.posted_at)

    @property
    def delivery_label(self) -> str:
        if self.emailed_at and self.posted_at:
            return "Emailed and posted"
        return "Emailed" if self.emailed_at else "Printed and posted" if self.posted_at else "Not sent yet"

    @property
    def file_stem(self) -> str:
        return f"{self.incident.reference}-letter-{self.pk}"
