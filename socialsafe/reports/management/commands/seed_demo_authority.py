from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.reports.demo import SCHOOLS, demo_authority_create
from socialsafe.schools.models import School


class Command(BaseCommand):
    help = """Add small demo schools with a year of cases to the demo authority (after seed_demo).

    Safe to run again: a school that exists is left as it is. Nobody signs in to these schools: they give the
    Education Authority officer's view something to compare.
    """

    def missing(self) -> bool:
        """Whether a run would add anything: one of the small demo schools is not there."""
        slugs = [slug for _name, slug, *_ in SCHOOLS]
        return School.objects.filter(slug__in=slugs).count() < len(slugs)

    def handle(self, **options: Any) -> None:
        made = demo_authority_create()
        self.stdout.write(
            f"Demo authority: {made} small school(s) added." if made else "Demo authority: nothing to add."
        )
