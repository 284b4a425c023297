"""Reads: which families have acknowledged the current versions, per class, counted in the database."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from socialsafe.concerns.models import Acknowledgement, PolicyVersion
from socialsafe.families.models import Channel, FamilyInvitation
from socialsafe.schools.models import Guardian, GuardianLink, School, SchoolClass


def acknowledged_by_account(versions: list[PolicyVersion], user_ref: str) -> Q:
    """The parent's own account has acknowledged every one of these versions (signed in, on the Policies page)."""
    if not versions:
        return Q(pk__in=[])
    q = Q()
    for version in versions:
        q &= Q(Exists(Acknowledgement.objects.filter(version=version, user=OuterRef(user_ref))))
    return q


def acknowledged_with_code(guardian_ref, version_ref):
    """The parent's acknowledgements of the version made with a code (concerns.selectors counts them)."""
    return FamilyInvitation.objects.filter(guardian=guardian_ref, versions=version_ref, acknowledged_at__isnull=False)


def _invited(key: str, guardian_ref: str) -> Q:
    return Q(Exists(FamilyInvitation.objects.filter(guardian=OuterRef(guardian_ref), version_key=key)))


def _acknowledged(versions: list[PolicyVersion], key: str, guardian_ref: str, user_ref: str) -> Q:
    by_code = FamilyInvitation.objects.filter(
        guardian=OuterRef(guardian_ref), version_key=key, acknowledged_at__isnull=False
    )
    return Q(Exists(by_code)) | acknowledged_by_account(versions, user_ref)


@dataclass
class ClassCoverage:
    school_class: SchoolClass
    families: int = 0
    invited: int = 0
    acknowledged: int = 0
    outstanding: int = 0
    never_invited: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.families) if self.families else 0


def coverage_by_class(school: School, classes: QuerySet[SchoolClass], versions, key: str) -> list[ClassCoverage]:
    """Per class, its current pupils' parents and carers: invited, acknowledged, outstanding, never invited.

    Two queries whatever the number of classes and families: the classes, then every count in one GROUP BY."""
    invited, acked = _invited(key, "guardian"), _acknowledged(versions, key, "guardian", "guardian__user")
    counts = {
        row.pop("pupil__school_class"): row
        for row in GuardianLink.objects.filter(
            pupil__school=school, pupil__left_on__isnull=True, pupil__school_class__in=classes
        )
        .values("pupil__school_class")
        .annotate(
            families=Count("guardian", distinct=True),
            invited=Count("guardian", distinct=True, filter=invited),
            acknowledged=Count("guardian", distinct=True, filter=acked),
            outstanding=Count("guardian", distinct=True, filter=invited & ~acked),
            never_invited=Count("guardian", distinct=True, filter=~invited & ~acked),
        )
        .order_by()
    }
    return [ClassCoverage(school_class=c, **counts.get(c.pk, {})) for c in classes]


def outstanding_in_class(school_class: SchoolClass, versions, key: str) -> QuerySet[Guardian]:
    """The parents and carers of the class's current pupils who have not acknowledged, with their children there."""
    in_class = GuardianLink.objects.filter(pupil__school_class=school_class, pupil__left_on__isnull=True)
    invitation = FamilyInvitation.objects.filter(guardian=OuterRef("pk"), version_key=key)
    return (
        Guardian.objects.filter(school=school_class.school, pk__in=in_class.values("guardian"))
        .exclude(_acknowledged(versions, key, "pk", "user"))
        .annotate(
            invitation_id=Subquery(invitation.values("pk")[:1]),
            invited_at=Subquery(invitation.values("sent_at")[:1]),
            channel=Subquery(invitation.values("channel")[:1]),
        )
        .select_related("user")
        .prefetch_related(
            Prefetch("links", queryset=in_class.select_related("pupil").order_by("pupil__last_name"), to_attr="here")
        )
        .order_by("last_name", "first_name", "pk")
    )


def letters_to_print(invitations: QuerySet[FamilyInvitation]) -> QuerySet[FamilyInvitation]:
    """The letters among these invitations that still wait for an answer, with what each letter prints."""
    return (
        invitations.filter(channel=Channel.LETTER, acknowledged_at__isnull=True)
        .select_related("guardian", "school")
        .prefetch_related("pupils__school_class", "versions__document")
        .order_by("guardian__last_name", "guardian__first_name", "pk")
    )
