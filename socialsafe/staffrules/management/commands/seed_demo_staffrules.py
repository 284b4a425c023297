from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.schools.models import School
from socialsafe.staffrules.demo import demo_staffrules_create
from socialsafe.staffrules.models import StaffAttestation


class Command(BaseCommand):
    help = """Give the demo school SocialSafe's default staff guidance and some of this year's confirmations (after
    seed_demo_concerns). Safe to run again: adds them once."""

    def missing(self) -> bool:
        """Whether a run would add anything: nobody at the demo school has confirmed yet."""
        return not StaffAttestation.objects.filter(school__slug="glenmore").exists()

    def handle(self, **options: Any) -> None:
        school = School.objects.filter(slug="glenmore").first()
        if school is None:
            self.stderr.write("Run seed_demo first: there is no demo school.")
            raise SystemExit(1)
        made = demo_staffrules_create(school=school)
        self.stdout.write(f"Demo staff confirmations: {made} added." if made else "Demo staff rules: already there.")
