from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from socialsafe.audit.services import audit_record
from socialsafe.schools.models import Guardian, GuardianLink, Member, MemberRole, Pupil, School, SchoolClass
from socialsafe.schools.roster import CheckedFile, check_roster

User = get_user_model()


class RosterRejected(Exception):
    """The file had errors; nothing was imported."""

    def __init__(self, checked: CheckedFile):
        super().__init__(f"{len(checked.errors)} problem(s) in the file")
        self.checked = checked


@dataclass
class ImportSummary:
    kind: str
    created: int = 0
    updated: int = 0
    links: int = 0


@transaction.atomic
def roster_import(*, school: School, kind: str, data: bytes, by, filename: str = "") -> ImportSummary:
    """Check the whole file, then import every row or, on any error, none (RosterRejected)."""
    checked = check_roster(school=school, kind=kind, data=data)
    if not checked.ok:
        raise RosterRejected(checked)
    summary = ImportSummary(kind=kind)
    {"pupils": _import_pupils, "parents": _import_parents, "staff": _import_staff}[kind](school, checked, summary)
    audit_record(
        actor=by,
        verb=f"roster.imported.{kind}",
        school=school,
        data={"file": filename[:200], "created": summary.created, "updated": summary.updated, "links": summary.links},
    )
    return summary


def _import_pupils(school: School, checked: CheckedFile, summary: ImportSummary) -> None:
    for row in checked.rows:
        pupil = row.pop("existing") or Pupil(school=school)
        summary.updated += bool(pupil.pk)
        summary.created += not pupil.pk
        for name, value in row.items():
            setattr(pupil, name, value)
        pupil.full_clean()
        pupil.save()


def _import_parents(school: School, checked: CheckedFile, summary: ImportSummary) -> None:
    by_email: dict[str, Guardian] = {}
    for row in checked.rows:
        guardian = by_email.get(row["email"])
        if guardian is None:
            guardian = row["existing"] or Guardian(school=school)
            summary.updated += bool(guardian.pk)
            summary.created += not guardian.pk
            for name in ("title", "first_name", "last_name", "email", "phone"):
                if row[name] or name in ("first_name", "last_name", "email"):
                    setattr(guardian, name, row[name])
            guardian.full_clean()
            guardian.save()
            by_email[row["email"]] = guardian
        _, created = GuardianLink.objects.update_or_create(
            guardian=guardian,
            pupil=row["pupil"],
            defaults={"relationship": row["relationship"], "parental_responsibility": row["parental_responsibility"]},
        )
        summary.links += created


def _import_staff(school: School, checked: CheckedFile, summary: ImportSummary) -> None:
    for row in checked.rows:
        full_name = f"{row['first_name']} {row['last_name']}"
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            # No password: the person chooses one with "Forgotten your password?".
            user = User.objects.create_user(row["email"], full_name=full_name)
        member, created = Member.objects.update_or_create(
            school=school,
            user=user,
            defaults={
                "title": row["title"],
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "job_title": row["job_title"],
                "is_active": True,
            },
        )
        summary.created += created
        summary.updated += not created
        member.roles.exclude(role__in=row["roles"]).delete()
        for role in row["roles"]:
            MemberRole.objects.get_or_create(member=member, role=role)
        if row["school_class"] is not None:
            SchoolClass.objects.filter(pk=row["school_class"].pk).update(teacher=member)
