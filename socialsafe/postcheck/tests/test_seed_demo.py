import pytest
from django.core.management import call_command

from socialsafe.postcheck.models import AdviceRequest, AdviceStatus

pytestmark = pytest.mark.django_db


def test_it_adds_the_demo_questions_once(demo):
    call_command("seed_demo_postcheck")
    call_command("seed_demo_postcheck")
    advice = AdviceRequest.objects.filter(school__slug="glenmore")
    assert advice.count() == 2
    assert set(advice.values_list("status", flat=True)) == {AdviceStatus.OPEN, AdviceStatus.ANSWERED}
    assert all(a.warnings for a in advice)  # each was checked as a teacher would have done


def test_it_needs_the_demo_school(db):
    with pytest.raises(SystemExit):
        call_command("seed_demo_postcheck")
