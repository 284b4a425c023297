from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.families.demo import demo_families_create
from socialsafe.families.models import InvitationBatch
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = """Ask the demo school's youngest classes' families to acknowledge the policy; about half have answered.

    Run after seed_demo_concerns (it publishes the policy). Safe to run again: it adds them once."""

    def missing(self) -> bool:
        return not InvitationBatch.objects.filter(school__slug="glenmore").exists()

    def handle(self, **options: Any) -> None:
        school = School.objects.filter(slug="glenmore").first()
        if school is None:
            self.stderr.write("Run seed_demo first: there is no demo school.")
            raise SystemExit(1)
        asked = demo_families_create(school=school)
        self.stdout.write(
            f"Demo families: {asked} parents and carers asked." if asked else "Demo families: none added."
        )
