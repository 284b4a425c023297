"""A report as it was produced: its parameters, who produced it and when, its figures and its PDF.

The figures are stored already anonymised (reports.termly), so that what the Governors were given can be shown
again, byte for byte, and produced again from the same parameters to check it.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.schools.models import School


class ReportKind(models.TextChoices):
    TERMLY = "termly", "Governors' termly report"


class ReportScope(models.TextChoices):
    SCHOOL = "school", "The school's cases"
    BOARD = "board", "Every case, with those taken to the Governors"


class ReportRun(models.Model):
    """One production of a report. Never changed: producing it again makes a new one."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ReportKind, default=ReportKind.TERMLY)
    scope = models.CharField(max_length=8, choices=ReportScope)
    parameters = models.JSONField()  # {"term": "2026-autumn"} or {"start": "2026-09-01", "end": "2026-10-31"}
    label = models.CharField(max_length=100)  # the period in words, as printed
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    produced_as = models.CharField(max_length=60)  # "the Principal": the PDF names a role, never a person
    produced_at = models.DateTimeField(default=now)
    figures = models.JSONField()
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-produced_at", "-id"]
        indexes = [models.Index(fields=["school", "kind", "-produced_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ReportKind.values), name="report_kind_valid"),
            models.CheckConstraint(condition=models.Q(scope__in=ReportScope.values), name="report_scope_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.label}"

    @property
    def pdf_matches(self) -> bool:
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.pdf_sha256

    @property
    def file_name(self) -> str:
        return f"governors-report-{self.school.slug}-{self.pk}.pdf"
