from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Incident
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = "Add a few invented cases to the demo school (after seed_demo). Safe to run again: it adds them once."

    def missing(self) -> bool:
        """Whether a run would add anything: the demo school has no cases yet."""
        return not Incident.objects.filter(school__slug="glenmore").exists()

    def handle(self, **options: Any) -> None:
        school = School.objects.filter(slug="glenmore").first()
        if school is None:
            self.stderr.write("Run seed_demo first: there is no demo school.")
            raise SystemExit(1)
        # Invented cases must not email the invented people (nor fill the console running `make run`).
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            made = demo_cases_create(school=school)
        self.stdout.write(f"Demo cases: {made} added." if made else "Demo cases: already there.")
