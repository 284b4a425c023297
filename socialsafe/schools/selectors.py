from django.db.models import Count, Prefetch, Q, QuerySet

from socialsafe.schools.models import (
    EducationAuthority,
    Guardian,
    GuardianLink,
    Member,
    MemberRole,
    Pupil,
    School,
    SchoolClass,
)
from socialsafe.schools.roles import GOVERNOR_ROLES, STAFF_ROLES


def school_classes_with_counts(*, school: School) -> QuerySet[SchoolClass]:
    """The school's classes with their teacher and number of current pupils."""
    return (
        SchoolClass.objects.filter(school=school)
        .select_related("teacher")
        .annotate(pupil_count=Count("pupils", filter=Q(pupils__left_on__isnull=True)))
    )


def school_numbers(*, school: School) -> dict[str, int]:
    """Headline numbers for a school's home page."""
    members = Member.objects.filter(school=school, is_active=True)
    return {
        "pupils": Pupil.objects.filter(school=school).current().count(),
        "classes": SchoolClass.objects.filter(school=school).count(),
        "staff": members.filter(roles__role__in=STAFF_ROLES).distinct().count(),
        "governors": members.filter(roles__role__in=GOVERNOR_ROLES).distinct().count(),
        "guardians": Guardian.objects.filter(school=school).count(),
    }


def members_with_roles(*, school: School) -> QuerySet[Member]:
    """Staff and governors of the school, each with their roles, in one query for the roles."""
    return (
        Member.objects.filter(school=school, is_active=True)
        .select_related("user")
        .prefetch_related(Prefetch("roles", queryset=MemberRole.objects.order_by("role")), "classes_taught")
    )


def pupils_with_guardians(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """Pupils with their class and their parents/carers, without a query per pupil."""
    return pupils.select_related("school_class").prefetch_related(
        Prefetch("guardian_links", queryset=GuardianLink.objects.select_related("guardian"))
    )


def guardians_with_children(*, school: School) -> QuerySet[Guardian]:
    """The school's parents and carers with the pupils they are linked to."""
    return Guardian.objects.filter(school=school).prefetch_related(
        Prefetch("links", queryset=GuardianLink.objects.select_related("pupil__school_class"))
    )


def authorities_for_officer(user) -> QuerySet[EducationAuthority]:
    """The authorities whose schools this Education Authority officer sees (as counts only)."""
    return EducationAuthority.objects.filter(officers__user=user)
