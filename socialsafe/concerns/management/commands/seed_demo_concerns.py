from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from socialsafe.concerns.demo import demo_concerns_create
from socialsafe.concerns.models import Concern, PolicyDocument
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = """Add demo policy versions, reply templates, photo consent and parents' concerns to the demo school.

    Run after seed_demo and seed_demo_cases. Safe to run again: each part is added once.
    """

    def missing(self) -> bool:
        """Whether a run would add anything: the demo school has no policy documents or no concerns yet."""
        return not (
            PolicyDocument.objects.filter(school__slug="glenmore").exists()
            and Concern.objects.filter(school__slug="glenmore").exists()
        )

    def handle(self, **options: Any) -> None:
        school = School.objects.filter(slug="glenmore").first()
        if school is None:
            self.stderr.write("Run seed_demo first: there is no demo school.")
            raise SystemExit(1)
        # Invented concerns must not email the invented parents (nor fill the console running `make run`).
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            made = demo_concerns_create(school=school)
        if any(made.values()):
            added = f"{made['concerns']} concerns, {made['documents']} policy documents"
            self.stdout.write(f"Demo concerns: {added} added.")
        else:
            self.stdout.write("Demo concerns: already there.")
