"""The yearly attestation: each member of staff confirms they checked their settings and read the staff guidance."""

from django.db import models
from django.utils.timezone import now

from socialsafe.concerns.models import AppendOnlyModel, PolicyVersion
from socialsafe.schools.models import Member, School


class StaffAttestation(AppendOnlyModel):
    """One member's confirmation for one school year (which starts on `school_year`, a 1 September).

    Both statements are confirmed together: the privacy and security settings were checked, and `version` of the
    staff guidance was read. Written once; next school year is a new row.
    """

    school = models.ForeignKey(School, models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, models.CASCADE, related_name="staff_attestations")
    school_year = models.DateField(help_text="The first day of the school year it counts for (1 September).")
    version = models.ForeignKey(PolicyVersion, models.PROTECT, related_name="staff_attestations")
    privacy_checked = models.BooleanField()
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "school_year"], name="staff_attestation_once_a_year"),
            models.CheckConstraint(condition=models.Q(privacy_checked=True), name="staff_attestation_privacy_checked"),
        ]

    def __str__(self) -> str:
        return f"{self.member} attested for {self.school_year:%Y}-{self.school_year.year + 1}"


class AttestationReminder(AppendOnlyModel):
    """A reminder emailed to a member still outstanding: it stops anyone being reminded more than once a week."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, models.CASCADE, related_name="attestation_reminders")
    school_year = models.DateField()
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["member", "at"], name="attestation_reminder_recent")]

    def __str__(self) -> str:
        return f"Reminder to {self.member_id} on {self.at:%Y-%m-%d}"
