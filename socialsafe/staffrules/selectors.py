"""Reads: the school year, when a member's attestation is due, and who is outstanding."""

import datetime as dt
from dataclasses import dataclass

from django.utils.timezone import localdate, localtime

from socialsafe.concerns.models import DocKind, PolicyDocument, PolicyVersion
from socialsafe.incidents.rules import STAFF_ATTESTATION as RULE
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import STAFF_ROLES
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation


def school_year_start(day: dt.date) -> dt.date:
    """The 1 September that starts the school year `day` falls in (Northern Ireland: 1 September to 31 August)."""
    start = dt.date(day.year, RULE.year_start_month, RULE.year_start_day)
    return start if day >= start else start.replace(year=day.year - 1)


def school_year_label(start: dt.date) -> str:
    return f"{start.year}/{str(start.year + 1)[-2:]}"


def due_on(*, year: dt.date, joined: dt.datetime) -> dt.date:
    """By 30 September of the school year, or within 30 days of the member's account being made, if later."""
    return max(
        dt.date(year.year, RULE.due_month, RULE.due_day),
        localtime(joined).date() + dt.timedelta(days=RULE.new_staff_days),
    )


def current_guidance(school: School) -> PolicyVersion | None:
    """The staff guidance version staff read now, or None if the school has published none."""
    document = PolicyDocument.objects.filter(school=school, kind=DocKind.STAFF_GUIDANCE).first()
    return document.current_version() if document else None


def staff_members(school: School):
    """The school's active staff (not governors): those who attest."""
    return Member.objects.filter(school=school, is_active=True, roles__role__in=STAFF_ROLES).distinct()


@dataclass
class Row:
    member: Member
    attestation: StaffAttestation | None
    due: dt.date
    overdue: bool
    reminded: dt.datetime | None

    @property
    def outstanding(self) -> bool:
        return self.attestation is None


def attestation_rows(*, school: School, today: dt.date | None = None) -> list[Row]:
    """Every member of staff with this school year's attestation (or None), when it is due and the last reminder.

    Three queries whatever the size of the staff; the outstanding come first, the overdue first among them."""
    today = today or localdate()
    year = school_year_start(today)
    members = list(staff_members(school).select_related("user").order_by("last_name", "first_name", "id"))
    done = {
        a.member_id: a
        for a in StaffAttestation.objects.filter(school=school, school_year=year).select_related("version")
    }
    reminded: dict[int, dt.datetime] = {}
    for member_id, at in AttestationReminder.objects.filter(school=school, school_year=year).values_list(
        "member_id", "at"
    ):
        reminded[member_id] = max(at, reminded.get(member_id, at))
    rows = []
    for m in members:
        due = due_on(year=year, joined=m.user.date_joined)
        attestation = done.get(m.pk)
        rows.append(Row(m, attestation, due, attestation is None and today > due, reminded.get(m.pk)))
    rows.sort(key=lambda r: (not r.outstanding, not r.overdue))
    return rows


@dataclass
class Status:
    year: dt.date
    version: PolicyVersion | None
    attestation: StaffAttestation | None
    due: dt.date

    @property
    def label(self) -> str:
        return school_year_label(self.year)

    @property
    def outstanding(self) -> bool:
        return self.attestation is None and self.version is not None

    @property
    def overdue(self) -> bool:
        return self.outstanding and localdate() > self.due


def status_for(member: Member) -> Status:
    """Where one member stands this school year."""
    year = school_year_start(localdate())
    attestation = StaffAttestation.objects.filter(member=member, school_year=year).select_related("version").first()
    return Status(year, current_guidance(member.school), attestation, due_on(year=year, joined=member.user.date_joined))
