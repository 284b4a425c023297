"""The evidence vault: files kept exactly as received, addressed by their SHA-256, with a chain of custody."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.timezone import now

from socialsafe.audit.chain import chained_bulk_create, chained_save
from socialsafe.incidents.models import Incident, Platform
from socialsafe.schools.models import School


class AppendOnlyError(Exception):
    """A custody event was about to be changed or deleted."""


class FileType(models.TextChoices):
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG image"
    WEBP = "image/webp", "WebP image"
    HEIC = "image/heic", "HEIC image (iPhone)"
    PDF = "application/pdf", "PDF document"
    TEXT = "text/plain", "Text (chat export)"


IMAGE_TYPES = {FileType.PNG, FileType.JPEG, FileType.WEBP, FileType.HEIC}


class OcrStatus(models.TextChoices):
    PENDING = "pending", "Reading the text…"
    DONE = "done", "Text read"
    FAILED = "failed", "The text could not be read"
    NOT_NEEDED = "not_needed", "Not an image"


class EvidenceItem(models.Model):
    """One file of evidence on a case. Nothing about it changes after upload except the text read from it."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, models.PROTECT, related_name="evidence_items")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=40, choices=FileType)
    storage_name = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    posted_at = models.DateTimeField(null=True, blank=True)
    captured_at = models.DateTimeField()
    captured_by = models.CharField(max_length=150)
    platform = models.CharField(max_length=16, choices=Platform)
    url = models.URLField(max_length=1000, blank=True)
    author_shown = models.CharField("author as shown", max_length=200, blank=True)
    grounds = models.TextField("legitimate grounds for collecting it")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=now)
    ocr_status = models.CharField(max_length=12, choices=OcrStatus, default=OcrStatus.NOT_NEEDED)
    ocr_text = models.TextField(blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def is_text(self) -> bool:
        return self.content_type == FileType.TEXT

    @cached_property
    def active_content(self) -> bool:
        """Whether the file could run something if shown (SVG, HTML, a PDF with scripts): then it is only downloaded."""
        if self.is_image:
            return False  # decoded to pixels on upload: nothing in it runs
        from socialsafe.evidence.storage import evidence_storage
        from socialsafe.evidence.validate import has_active_content

        with evidence_storage().open(self.storage_name, "rb") as f:
            return has_active_content(f, self.content_type)


class CustodyAction(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    VIEWED = "viewed", "Viewed"
    DOWNLOADED = "downloaded", "Downloaded"
    EXPORTED = "exported", "Exported in a bundle"
    VERIFIED = "verified", "Checked unchanged"
    TEXT_READ = "text_read", "Text read (OCR)"


class CustodyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Custody events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Custody events cannot be deleted.")

    def bulk_create(self, objs, *args, **kwargs):
        return chained_bulk_create(self, objs, *args, **kwargs)


class CustodyEvent(models.Model):
    """Who did what with an item, and when: the chain of custody."""

    item = models.ForeignKey(EvidenceItem, models.PROTECT, related_name="custody")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=12, choices=CustodyAction)
    note = models.CharField(max_length=300, blank=True)
    # The hash chain (socialsafe.audit.chain): set on insert, checked by manage.py verify_audit.
    prev_hash = models.CharField(max_length=64, unique=True, blank=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, blank=True, editable=False)

    CHAIN_FIELDS = ("item", "at", "actor", "action", "note")

    objects = CustodyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.item_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Custody events cannot be changed.")
        chained_save(self, super().save, *args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Custody events cannot be deleted.")


class Bundle(models.Model):
    """A referral bundle (ZIP of originals, manifest.json, PDF summary) as handed to the PSNI or the EA."""

    incident = models.ForeignKey(Incident, models.PROTECT, related_name="evidence_bundles")
    recipient = models.CharField(max_length=100)
    signed_off_by = models.CharField(max_length=150)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    storage_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    items = models.ManyToManyField(EvidenceItem, related_name="bundles")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Bundle for {self.recipient} ({self.sha256[:12]})"
