from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import MEMBER_ROLES, Role
from socialsafe.schools.services import member_roles_set


class Command(BaseCommand):
    help = """Give or take away one role of a member of staff or governor, for whoever runs the server.

    This is how a new school gets its first Principal (import them as staff first). Afterwards the Principal
    changes roles on the school's Roles page (and the Chair of Governors the Principal's). Every change is audited
    and the person is emailed.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's slug, as in its public web address.")
        parser.add_argument("--email", required=True, help="The member's sign-in email address.")
        parser.add_argument("--role", required=True, choices=sorted(r.value for r in Role if r in MEMBER_ROLES))
        parser.add_argument("--remove", action="store_true", help="Take the role away instead of giving it.")

    def handle(self, *, school: str, email: str, role: str, remove: bool, **options: Any) -> None:
        member = Member.objects.filter(school__slug=school, user__email__iexact=email).first()
        if member is None:
            if not School.objects.filter(slug=school).exists():
                raise CommandError(f"No school with the slug '{school}'.")
            raise CommandError(f"{email} is not a member of staff or governor there: import them first.")
        roles = set(member.roles.values_list("role", flat=True))
        roles = roles - {role} if remove else roles | {role}
        try:
            changed = member_roles_set(member=member, roles=roles, by=None, by_roles=None)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        label = Role(role).label
        if not changed:
            self.stdout.write(
                f"No change: {member.display_name} {'does not hold' if remove else 'already holds'} {label}."
            )
        else:
            self.stdout.write(f"{member.display_name}: {label} {'taken away' if remove else 'given'}.")
