"""Reads across models: who has acknowledged what, which documents a person must read, consent as it stands."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.timezone import now

from socialsafe.concerns.models import (
    AUDIENCE,
    Acknowledgement,
    Audience,
    Concern,
    ConcernStatus,
    DocKind,
    PhotoConsent,
    PolicyDocument,
    PolicyVersion,
)
from socialsafe.schools.models import Guardian, Member, Pupil, School
from socialsafe.schools.roles import STAFF_ROLES, Role

# Other ways a parent acknowledges a version than signed in to an account: the families app registers its codes
# (a letter or an email to a parent without an account). Each source is `source(guardian_ref, version_ref)`, a
# queryset of acknowledgements with an `acknowledged_at` field, usable in Exists() and Subquery().
_PARENT_ACK_SOURCES: list = []


def register_parent_acknowledgements(source) -> None:
    if source not in _PARENT_ACK_SOURCES:
        _PARENT_ACK_SOURCES.append(source)


def parent_acknowledged_elsewhere(guardian_ref, version_ref):
    """An expression: the parent acknowledged the version other than through an account (None if no source)."""
    q = None
    for source in _PARENT_ACK_SOURCES:
        exists = Exists(source(guardian_ref, version_ref))
        q = exists if q is None else q | exists
    return q


def _parent_acknowledged_at(guardian_ref, version_ref):
    """The first time the parent acknowledged the version other than through an account, as a subquery."""
    for source in _PARENT_ACK_SOURCES:  # one source today: a second would need Least() over them
        return Subquery(source(guardian_ref, version_ref).order_by("acknowledged_at").values("acknowledged_at")[:1])
    return None


@dataclass
class AckRow:
    name: str
    detail: str
    user: object  # None: a parent without an account, who cannot acknowledge online
    at: dt.datetime | None


def acknowledgement_rows(version: PolicyVersion) -> list[AckRow]:
    """Everyone the version is addressed to, with when they acknowledged it (None: not yet)."""
    school = version.document.school
    acks = {a.user_id: a.at for a in Acknowledgement.objects.filter(version=version)}
    rows = []
    if version.document.audience == Audience.PARENTS:
        guardians = (
            Guardian.objects.filter(school=school, links__pupil__left_on__isnull=True)
            .distinct()
            .select_related("user")
            .order_by("last_name", "first_name", "id")
        )
        elsewhere = _parent_acknowledged_at(OuterRef("pk"), version.pk)
        if elsewhere is not None:
            guardians = guardians.annotate(acknowledged_elsewhere=elsewhere)
        for g in guardians:
            at = acks.get(g.user_id) if g.user_id else None
            rows.append(AckRow(g.display_name, g.email, g.user, at or getattr(g, "acknowledged_elsewhere", None)))
    else:
        members = (
            Member.objects.filter(school=school, is_active=True, roles__role__in=STAFF_ROLES)
            .distinct()
            .select_related("user")
            .order_by("last_name", "first_name", "id")
        )
        for m in members:
            rows.append(AckRow(m.display_name, m.job_title, m.user, acks.get(m.user_id)))
    return rows


@dataclass
class DocumentState:
    document: PolicyDocument
    version: PolicyVersion | None
    acknowledged_at: dt.datetime | None


def _acknowledged_by_code(*, user, school: School, version: PolicyVersion) -> dt.datetime | None:
    """When the signed-in parent acknowledged the version with a code from a letter or an email, if they did."""
    elsewhere = _parent_acknowledged_at(OuterRef("pk"), version.pk)
    if elsewhere is None:
        return None
    found = Guardian.objects.filter(school=school, user=user).annotate(at=elsewhere).values_list("at", flat=True)
    return next((at for at in found if at), None)


def documents_for_user(*, user, school: School, roles: frozenset[str]) -> list[DocumentState]:
    """The school's documents addressed to this person (as a parent, as staff), with their current versions."""
    audiences = set()
    if Role.PARENT in roles:
        audiences.add(Audience.PARENTS)
    if roles & STAFF_ROLES:
        audiences.add(Audience.STAFF)
    kinds = [k for k in DocKind if AUDIENCE[k] in audiences]
    out = []
    for document in PolicyDocument.objects.filter(school=school, kind__in=kinds).order_by("kind"):
        version = document.current_version()
        at = None
        if version:
            at = Acknowledgement.objects.filter(version=version, user=user).values_list("at", flat=True).first()
            if at is None and AUDIENCE[document.kind] == Audience.PARENTS:
                at = _acknowledged_by_code(user=user, school=school, version=version)
        out.append(DocumentState(document, version, at))
    return out


def inbox(*, school: School, status: str = "") -> QuerySet[Concern]:
    """The school's confirmed concerns, newest first, optionally in one state ("open": not yet finished with)."""
    concerns = Concern.objects.sent().filter(school=school).select_related("school_class", "incident")
    if status == "open":
        concerns = concerns.filter(status__in=[ConcernStatus.NEW, ConcernStatus.ACKNOWLEDGED, ConcernStatus.ANSWERED])
    elif status:
        concerns = concerns.filter(status=status)
    return concerns.order_by("-confirmed_at", "-id")


def inbox_counts(*, school: School) -> dict[str, int]:
    """How many concerns are in each state."""
    counts = dict.fromkeys(ConcernStatus.values, 0)
    for status in Concern.objects.sent().filter(school=school).values_list("status", flat=True):
        counts[status] += 1
    counts["open"] = counts["new"] + counts["acknowledged"] + counts["answered"]
    return counts


def pupils_with_consent(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """Pupils annotated with their current photo consent (None: never answered) and when it was given."""
    latest = PhotoConsent.objects.filter(pupil=OuterRef("pk")).order_by("-at", "-id")
    return pupils.select_related("school_class").annotate(
        may_publish=Subquery(latest.values("may_publish")[:1]),
        consent_at=Subquery(latest.values("at")[:1]),
        has_consent=Exists(latest),
    )


def average_first_response(*, school: School, days: int = 90) -> dt.timedelta | None:
    """How long the school took, on average, to first answer the concerns of the last `days` days."""
    since = now() - dt.timedelta(days=days)
    pairs = Concern.objects.filter(school=school, confirmed_at__gte=since, first_response_at__isnull=False).values_list(
        "confirmed_at", "first_response_at"
    )
    waits = [answered - confirmed for confirmed, answered in pairs]
    return sum(waits, dt.timedelta()) / len(waits) if waits else None
