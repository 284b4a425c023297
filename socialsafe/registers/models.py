"""The registers the policy's procedures need: revoked premises licences, pupils' ICT bans, approved accounts."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import localdate, now

from socialsafe.incidents import rules
from socialsafe.incidents.models import Incident
from socialsafe.lib.dates import add_months
from socialsafe.schools.models import Guardian, Member, Pupil, School, SchoolClass

# "… excluded/barred from school premises for a minimum of four months."


class InvalidTransition(Exception):
    """The entry cannot move to that state from where it is."""


def four_month_error(starts_on: dt.date | None, ends_on: dt.date | None) -> str | None:
    """The message when the bar is shorter than the policy's minimum (rules.PREMISES_BAR_MINIMUM_MONTHS), else None."""
    if starts_on is None or ends_on is None:
        return None
    months = rules.PREMISES_BAR_MINIMUM_MONTHS
    earliest = add_months(starts_on, months)
    if ends_on < earliest:
        words = MONTHS_IN_WORDS.get(months, str(months))
        return (
            f"The end date must be at least {words} months after the start: on or after {earliest:%-d %b %Y}. "
            f"The policy bars a parent or carer for a minimum of {words} months."
        )
    return None


MONTHS_IN_WORDS = {
    n: w for n, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)
}


class PremisesStatus(models.TextChoices):
    ACTIVE = "active", "In force"
    LIFTED = "lifted", "Lifted early"


SOON_DAYS = 14  # a bar "due for review" or "ending" within two weeks: the dashboard's figures and the register's lists


def review_due_q(day: dt.date, days: int = SOON_DAYS) -> models.Q:
    """A bar still in force whose review date is past or within `days`."""
    return models.Q(status=PremisesStatus.ACTIVE, ends_on__gte=day, review_on__lte=day + dt.timedelta(days=days))


def ending_q(day: dt.date, days: int = SOON_DAYS) -> models.Q:
    """A bar still in force that ends within `days`."""
    return models.Q(status=PremisesStatus.ACTIVE, ends_on__gte=day, ends_on__lte=day + dt.timedelta(days=days))


# The register's lists by ?due=, as the dashboard's figures link to them.
DUE_FILTERS = {"review": (review_due_q, "Due for review"), "ending": (ending_q, "Ending")}


class PremisesBanQuerySet(models.QuerySet):
    def in_force(self, day: dt.date | None = None) -> "PremisesBanQuerySet":
        day = day or localdate()
        return self.filter(status=PremisesStatus.ACTIVE, starts_on__lte=day, ends_on__gte=day)


class PremisesBan(models.Model):
    """A parent's or carer's licence to enter the school premises, revoked for at least four months."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, models.PROTECT, related_name="premises_bans", verbose_name="case")
    guardian = models.ForeignKey(
        Guardian, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="parent or carer"
    )
    person_name = models.CharField(
        "name", max_length=200, blank=True, help_text="Only if the person is not one of the school's parents or carers."
    )
    reason = models.TextField()
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    review_on = models.DateField("review date")
    status = models.CharField(max_length=10, choices=PremisesStatus, default=PremisesStatus.ACTIVE)
    lifted_on = models.DateField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    end_reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)

    objects = PremisesBanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "premises licence revocation"
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=PremisesStatus.values), name="premises_status_valid"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="premises_end_after"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: barred until {self.ends_on:%-d %b %Y}"

    @property
    def name(self) -> str:
        return self.guardian.display_name if self.guardian_id else self.person_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if bool(self.guardian_id) == bool(self.person_name.strip()):
            errors["guardian"] = "Choose a parent or carer, or type the name of someone else (not both)."
        if self.guardian_id and self.school_id and self.guardian.school_id != self.school_id:
            errors["guardian"] = "The parent or carer must belong to this school."
        if self.incident_id and self.school_id and self.incident.school_id != self.school_id:
            errors["incident"] = "The case must belong to this school."
        if message := four_month_error(self.starts_on, self.ends_on):
            errors["ends_on"] = message
        if self.review_on and self.starts_on and self.ends_on and not self.starts_on <= self.review_on <= self.ends_on:
            errors["review_on"] = "The review date must fall between the start and the end dates."
        if errors:
            raise ValidationError(errors)

    def is_in_force(self, day: dt.date | None = None) -> bool:
        day = day or localdate()
        return self.status == PremisesStatus.ACTIVE and self.starts_on <= day <= self.ends_on

    @property
    def state_label(self) -> str:
        if self.status == PremisesStatus.LIFTED:
            return "Lifted early"
        today = localdate()
        if today < self.starts_on:
            return "Starts later"
        return "In force" if today <= self.ends_on else "Ended"

    def lift(self, *, on: dt.date, reason: str) -> None:
        """Lift the bar early. The caller saves."""
        if self.status != PremisesStatus.ACTIVE or on > self.ends_on:
            raise InvalidTransition("This bar is no longer in force.")
        self.status, self.lifted_on, self.lift_reason = PremisesStatus.LIFTED, on, reason


class IctBan(models.Model):
    """A pupil banned from school ICT equipment (the policy: after any attempt to breach the firewall)."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, models.PROTECT, related_name="ict_bans", verbose_name="case")
    pupil = models.ForeignKey(Pupil, models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200, default="Attempt to breach the school firewall")
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", null=True, blank=True, help_text="Leave empty until a date is decided.")
    reinstated_at = models.DateTimeField(null=True, blank=True)
    reinstated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    reinstate_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "ICT equipment ban"

    def __str__(self) -> str:
        return f"{self.pupil}: ICT ban from {self.starts_on:%-d %b %Y}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The ban cannot end before it starts."
        if self.pupil_id and self.school_id and self.pupil.school_id != self.school_id:
            errors["pupil"] = "The pupil must be at this school."
        if errors:
            raise ValidationError(errors)

    @property
    def state_label(self) -> str:
        if self.reinstated_at:
            return "Reinstated"
        today = localdate()
        if today < self.starts_on:
            return "Starts later"
        return "Ended" if self.ends_on and today > self.ends_on else "Banned"

    def reinstate(self, *, by, note: str) -> None:
        """Give the pupil their ICT access back. The caller saves."""
        if self.reinstated_at:
            raise InvalidTransition("This pupil has already been reinstated.")
        self.reinstated_at, self.reinstated_by, self.reinstate_note = now(), by, note


class AccountStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the Principal"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    RETIRED = "retired", "No longer used"


# Every allowed move: the Principal decides before any use; an approved account can later be retired.
ACCOUNT_TRANSITIONS: dict[str, set[str]] = {
    AccountStatus.REQUESTED: {AccountStatus.APPROVED, AccountStatus.DECLINED},
    AccountStatus.APPROVED: {AccountStatus.RETIRED},
    AccountStatus.DECLINED: set(),
    AccountStatus.RETIRED: set(),
}


class TeachingAccountQuerySet(models.QuerySet):
    def public(self) -> "TeachingAccountQuerySet":
        """Accounts that legitimately represent the school: shown on its public page."""
        return self.filter(status=AccountStatus.APPROVED)


class TeachingAccount(models.Model):
    """A social media account used for the school: its official pages, and staff accounts for teaching."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    official = models.BooleanField(default=False, help_text="The school's own official account.")
    service = models.CharField(max_length=100, help_text="For example Facebook, YouTube, a class blog.")
    name = models.CharField("account name or address", max_length=200)
    url = models.URLField("web address", max_length=500, blank=True)
    purpose = models.TextField()
    school_class = models.ForeignKey(
        SchoolClass, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="class"
    )
    audience = models.CharField(max_length=200, help_text="Who will see it: for example, parents of P5 only.")
    moderation = models.TextField("how it will be moderated")
    requested_by = models.ForeignKey(Member, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=now)
    status = models.CharField(max_length=12, choices=AccountStatus, default=AccountStatus.REQUESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    review_on = models.DateField("review date", null=True, blank=True)
    conduct_case = models.ForeignKey(
        Incident, models.PROTECT, null=True, blank=True, related_name="teaching_accounts", verbose_name="case"
    )

    objects = TeachingAccountQuerySet.as_manager()

    class Meta:
        ordering = ["-official", "service", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=AccountStatus.values), name="account_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.name}"

    def can_move_to(self, status: str) -> bool:
        return status in ACCOUNT_TRANSITIONS[self.status]

    def move_to(self, status: str, *, by, note: str = "", review_on: dt.date | None = None) -> None:
        """Record the Principal's decision. The caller saves."""
        if not self.can_move_to(status):
            raise InvalidTransition(f"This request is {self.get_status_display().lower()}: it cannot be changed now.")
        if status == AccountStatus.APPROVED and review_on is None:
            raise ValidationError({"review_on": "Set a review date for the approved account."})
        if status == AccountStatus.APPROVED and review_on <= localdate():
            raise ValidationError({"review_on": "The review date must be in the future."})
        self.status, self.decided_by, self.decided_at, self.decision_note = status, by, now(), note
        if review_on is not None:
            self.review_on = review_on


class AccountReportStatus(models.TextChoices):
    NEW = "new", "New"
    REVIEWED = "reviewed", "Reviewed"


class AccountReport(models.Model):
    """Someone reported, from the school's public page, an account that claims to be the school's."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    service = models.CharField(max_length=100)
    account = models.CharField("account name or address", max_length=500)
    details = models.TextField(blank=True)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_email = models.EmailField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    status = models.CharField(max_length=10, choices=AccountReportStatus, default=AccountReportStatus.NEW)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.service}: {self.account}"


class PublicPost(models.Model):
    """One submission from a public form, kept only to limit how often one address may post."""

    ip_address = models.GenericIPAddressField()
    at = models.DateTimeField(default=now, db_index=True)

    def __str__(self) -> str:
        return f"{self.ip_address} at {self.at:%Y-%m-%d %H:%M}"
