from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from socialsafe.postcheck.demo import demo_postcheck_create
from socialsafe.postcheck.models import AdviceRequest
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = "Add demo questions about posts to the demo school (after seed_demo). Safe to run again: adds them once."

    def missing(self) -> bool:
        """Whether a run would add anything: the demo school has no questions about posts yet."""
        return not AdviceRequest.objects.filter(school__slug="glenmore").exists()

    def handle(self, **options: Any) -> None:
        school = School.objects.filter(slug="glenmore").first()
        if school is None:
            self.stderr.write("Run seed_demo first: there is no demo school.")
            raise SystemExit(1)
        # Invented requests must not email the invented people.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            made = demo_postcheck_create(school=school)
        self.stdout.write(f"Demo questions about posts: {made} added." if made else "Demo questions: already there.")
