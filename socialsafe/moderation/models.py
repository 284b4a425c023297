"""The classifier's suggestions on cases, and each school's thresholds. A person confirms or dismisses each one."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.incidents import rules
from socialsafe.incidents.models import Incident
from socialsafe.schools.models import School

# The classifier's labels, and the policy's words for what each one means for a case.
LABEL_NAMES = {
    "threat": "threatening",
    "sexual": "of a sexual nature",
    "sexist": "sexist",
    "hate": "hateful (possibly a hate crime)",
    "insult": "abusive or insulting",
    "offensive": "offensive",
}
# Which fact of the case each label suggests: the policy's table says (rules.FACTS).
LABEL_FACTS = rules.SUGGESTS
DEFAULT_THRESHOLDS = {"threat": 0.5, "sexual": 0.6, "sexist": 0.6, "hate": 0.6, "insult": 0.6, "offensive": 0.7}


class Thresholds(models.Model):
    """Per-school score above which a label is suggested on a case."""

    school = models.OneToOneField(School, models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "thresholds"

    def __str__(self) -> str:
        return f"Thresholds for {self.school}"

    def for_label(self, label: str) -> float:
        return float(self.values.get(label, DEFAULT_THRESHOLDS[label]))


class Source(models.TextChoices):
    REPORT = "report", "The report"
    EVIDENCE = "evidence", "Evidence"


class ScoredText(models.Model):
    """A text of a case that has been classified, so it is not classified twice."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=Source)
    source_id = models.PositiveBigIntegerField()
    source_name = models.CharField(max_length=255)
    text_sha256 = models.CharField(max_length=64)
    scores = models.JSONField()
    at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "source", "source_id", "text_sha256"], name="scored_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_name}: {self.scores}"


class FlagStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class Flag(models.Model):
    """The classifier suggests a label for a text of the case; a named person confirms or dismisses it."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="moderation_flags")
    scored = models.ForeignKey(ScoredText, models.CASCADE, related_name="flags")
    label = models.CharField(max_length=12)
    score = models.FloatField()
    words = models.JSONField(default=list)  # [[word, weight], ...] most telling first
    status = models.CharField(max_length=12, choices=FlagStatus, default=FlagStatus.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["scored", "label"], name="flag_once")]

    def __str__(self) -> str:
        return f"{self.label} {self.score:.2f} on {self.incident_id}"

    @property
    def label_name(self) -> str:
        return LABEL_NAMES[self.label]

    @property
    def fact(self) -> str | None:
        """The fact of the case that confirming records; None for `offensive`, which is no PSNI ground."""
        return LABEL_FACTS.get(self.label)
