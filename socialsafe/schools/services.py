from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.timezone import now

from socialsafe.accounts.tokens import invitation_tokens
from socialsafe.audit.services import audit_record
from socialsafe.lib.mail import email_on_commit
from socialsafe.schools.models import Guardian, GuardianLink, Member, MemberRole, Pupil, School, SchoolClass
from socialsafe.schools.roles import MEMBER_ROLES, SINGLE_HOLDER_ROLES, Role, roles_changeable_by
from socialsafe.schools.roster import CheckedFile, check_roster

User = get_user_model()

# The link in an invitation is Django's password-reset token: single use, and it expires after this long.
INVITATION_HOURS = settings.PASSWORD_RESET_TIMEOUT // 3600
assert INVITATION_HOURS <= 48, "An invitation to a new account must expire within 48 hours."


def _sorted_roles(roles) -> list[str]:
    return sorted(roles, key=list(Role.values).index)


def _audit_roles(*, member: Member, by, before: set[str], after: set[str], via: str) -> None:
    """One audit row per change of someone's roles: who changed them, whose, before and after."""
    audit_record(
        actor=by,
        verb="member.roles_changed",
        target=member,
        data={
            "member": member.display_name,
            "email": member.user.email,
            "before": _sorted_roles(before),
            "after": _sorted_roles(after),
            "added": _sorted_roles(after - before),
            "removed": _sorted_roles(before - after),
            "via": via,
        },
    )


@transaction.atomic
def member_roles_set(*, member: Member, roles: set[str], by, by_roles: frozenset[str] | None) -> bool:
    """Give a member exactly these roles. The Principal changes any role but their own; the Chair the Principal's.

    `by=None, by_roles=None` is the command line (manage.py set_role): whoever runs the server may change any role,
    which is how a new school gets its first Principal.

    Returns False when nothing changed. Refuses (ValidationError) a change to one's own roles, a role the changer
    may not grant or remove, a second Principal or Chair, and leaving someone with no role at all.
    """
    School.objects.select_for_update().get(pk=member.school_id)  # one role change at a time in a school
    member = Member.objects.select_related("user", "school").get(pk=member.pk)
    if by is not None and member.user_id == by.pk:
        raise ValidationError(
            "Nobody can change their own roles: ask the Principal (or, for the Principal, the Chair)."
        )
    before = set(member.roles.values_list("role", flat=True))
    after = set(roles)
    if after - MEMBER_ROLES:
        raise ValidationError("Choose roles from the list.")
    changed = before ^ after
    if not changed:
        return False
    allowed = MEMBER_ROLES if by_roles is None else roles_changeable_by(by_roles)
    if not_allowed := changed - allowed:
        raise PermissionDenied(f"You cannot change the role of {', '.join(Role(r).label for r in not_allowed)}.")
    if not after:
        raise ValidationError("Keep at least one role. To take away all access, switch the account off instead.")
    for role in _sorted_roles((after - before) & SINGLE_HOLDER_ROLES):
        holder = (
            Member.objects.filter(school=member.school, is_active=True, roles__role=role).exclude(pk=member.pk).first()
        )
        if holder is not None:
            raise ValidationError(f"{holder.display_name} is the {Role(role).label}: take the role from them first.")
    member.roles.filter(role__in=before - after).delete()
    MemberRole.objects.bulk_create([MemberRole(member=member, role=role) for role in _sorted_roles(after - before)])
    _audit_roles(member=member, by=by, before=before, after=after, via="command line" if by is None else "roles page")
    email_on_commit(
        [member.user.email],
        f"{member.school.name}: your roles in SocialSafe have changed",
        "schools/email/roles_changed.txt",
        {
            "member": member,
            "by": by.get_full_name() if by is not None else "The school's SocialSafe administrator",
            "added": [Role(r).label for r in _sorted_roles(after - before)],
            "removed": [Role(r).label for r in _sorted_roles(before - after)],
        },
        school=member.school,
    )
    return True


def invitation_link(user) -> str:
    """A single-use link, valid for INVITATION_HOURS, for an account to choose its password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)}
    )
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def member_invite(*, member: Member, by) -> Member:
    """Email a new account a single-use link, valid for INVITATION_HOURS, to choose its first password."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user", "school").get(pk=member.pk)
    if member.user.has_usable_password():
        raise ValidationError(f"{member.display_name} has already chosen a password.")
    if not member.is_active:
        raise ValidationError(f"{member.display_name}'s account is switched off.")
    member.invited_at = now()
    member.save(update_fields=["invited_at"])
    audit_record(actor=by, verb="member.invited", target=member, data={"email": member.user.email})
    email_on_commit(
        [member.user.email],
        f"{member.school.name}: your SocialSafe account",
        "schools/email/invite.txt",
        {"member": member, "link": invitation_link(member.user), "hours": INVITATION_HOURS},
        school=member.school,
    )
    return member


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
    invited: int = 0
    left: int = 0
    joined: list[int] = field(default_factory=list)  # families (issue 18): pupils new here, or with new parents


# What must happen when a pupil leaves, registered by the apps above this one that own it (the record transfer to
# the next school: socialsafe.transfers), since this app may not import them. Each is called as hook(pupil=, by=)
# inside the import's transaction, once, when the pupil's leaving date is first recorded.
LEAVER_HOOKS: list[Callable[..., object]] = []


def on_pupil_left(hook: Callable[..., object]) -> None:
    if hook not in LEAVER_HOOKS:
        LEAVER_HOOKS.append(hook)


# --- families (issue 18): what must happen when pupils join (their families are asked to acknowledge the policy),
# registered by socialsafe.families. Each is called as hook(school=, pupil_ids=, by=) by the roster import's view and
# the back office, after the import; it may return {"text": ..., "url": ...} for the page to link to.
JOINER_HOOKS: list[Callable[..., object]] = []


def on_pupils_added(hook: Callable[..., object]) -> None:
    if hook not in JOINER_HOOKS:
        JOINER_HOOKS.append(hook)


def pupils_added(*, school: School, pupil_ids, by) -> list[dict]:
    """Tell the apps that care that these pupils joined (or gained a parent); the links their hooks return."""
    ids = sorted(set(pupil_ids))
    if not ids:
        return []
    return [found for hook in JOINER_HOOKS if (found := hook(school=school, pupil_ids=ids, by=by))]


@transaction.atomic
def roster_import(*, school: School, kind: str, data: bytes, by, filename: str = "") -> ImportSummary:
    """Check the whole file, then import every row or, on any error, none (RosterRejected)."""
    checked = check_roster(school=school, kind=kind, data=data, by=by)
    if not checked.ok:
        raise RosterRejected(checked)
    summary = ImportSummary(kind=kind)
    if kind == "staff":
        _import_staff(school, checked, summary, by)
    else:
        {"pupils": _import_pupils, "parents": _import_parents}[kind](school, checked, summary, by)
    audit_record(
        actor=by,
        verb=f"roster.imported.{kind}",
        school=school,
        data={
            "file": filename[:200],
            "created": summary.created,
            "updated": summary.updated,
            "links": summary.links,
            "invited": summary.invited,
            "left": summary.left,
        },
    )
    return summary


def _import_pupils(school: School, checked: CheckedFile, summary: ImportSummary, by) -> None:
    for row in checked.rows:
        pupil = row.pop("existing") or Pupil(school=school)
        summary.updated += bool(pupil.pk)
        summary.created += not pupil.pk
        newly_left = pupil.left_on is None and row.get("left_on") is not None
        for name, value in row.items():
            setattr(pupil, name, value)
        created = not pupil.pk
        pupil.full_clean()
        pupil.save()
        if created and pupil.left_on is None:
            summary.joined.append(pupil.pk)
        if newly_left:
            summary.left += 1
            for hook in LEAVER_HOOKS:
                hook(pupil=pupil, by=by)


def _import_parents(school: School, checked: CheckedFile, summary: ImportSummary, by=None) -> None:
    by_key: dict[str, Guardian] = {}  # by email, or by name for a parent without one (see roster.check_parents)
    for row in checked.rows:
        guardian = by_key.get(row["key"])
        if guardian is None:
            guardian = row["existing"] or Guardian(school=school)
            summary.updated += bool(guardian.pk)
            summary.created += not guardian.pk
            for name in ("title", "first_name", "last_name", "email", "phone"):
                if row[name] or name in ("first_name", "last_name", "email"):
                    setattr(guardian, name, row[name])
            guardian.full_clean()
            guardian.save()
            by_key[row["key"]] = guardian
        _, created = GuardianLink.objects.update_or_create(
            guardian=guardian,
            pupil=row["pupil"],
            defaults={"relationship": row["relationship"], "parental_responsibility": row["parental_responsibility"]},
        )
        summary.links += created
        if created:
            summary.joined.append(row["pupil"].pk)


def _import_staff(school: School, checked: CheckedFile, summary: ImportSummary, by) -> None:
    # check_staff() has refused any row that would change a privileged role or the importer's own roles.
    for row in checked.rows:
        full_name = f"{row['first_name']} {row['last_name']}"
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            # No password, so no access, until the person chooses one through the invitation sent below.
            user = User.objects.create_user(row["email"], full_name=full_name)
        member = Member.objects.filter(school=school, user=user).first()
        before = set(member.roles.values_list("role", flat=True)) if member and member.is_active else set()
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
        after = set(row["roles"])
        member.roles.exclude(role__in=after).delete()
        for role in after:
            MemberRole.objects.get_or_create(member=member, role=role)
        if before != after:
            _audit_roles(member=member, by=by, before=before, after=after, via="roster import")
        if row["school_class"] is not None:
            SchoolClass.objects.filter(pk=row["school_class"].pk).update(teacher=member)
        if not user.has_usable_password() and member.invited_at is None:
            member_invite(member=member, by=by)
            summary.invited += 1
