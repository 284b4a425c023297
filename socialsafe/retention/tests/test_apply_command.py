"""manage.py apply_retention: daily, idempotent, --dry-run prints and changes nothing, --school limits it."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.timezone import localdate, now

from socialsafe.registers.models import IctBan
from socialsafe.retention.models import DestructionRecord, RetentionReview
from socialsafe.retention.schedule import BY_KEY
from socialsafe.retention.tests.conftest import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(pupil_case, pupil, time_machine):
    """A closed case naming a pupil and an ICT ban, both past their dates."""
    case = close(pupil_case)
    ban = IctBan.objects.create(
        school=case.school,
        incident=case,
        pupil=pupil,
        starts_on=localdate(),
        ends_on=localdate(),
        created_by=case.reported_by,
    )
    time_machine.move_to(
        now() + dt.timedelta(days=(BY_KEY["case_pupil"].due_on(pupil.date_of_birth) - localdate()).days)
    )
    return case, ban


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_prints_what_it_would_do_and_does_nothing(due):
    case, ban = due
    out = run("--dry-run")
    assert f"would queue case_pupil {case.pk}" in out and f"would destroy ict_ban {ban.pk}" in out
    assert "glenmore: Would queue 1 for review, would destroy" in out
    assert not RetentionReview.objects.exists() and IctBan.objects.filter(pk=ban.pk).exists()


def test_it_queues_and_destroys_once_however_often_it_runs(due):
    case, ban = due
    run()
    run()
    assert RetentionReview.objects.filter(record_class="case_pupil", record_id=case.pk).count() == 1
    assert not IctBan.objects.filter(pk=ban.pk).exists()
    assert DestructionRecord.objects.filter(record_class="ict_ban").count() == 1


def test_it_runs_for_one_school_only(due, other_school):
    run("--school", other_school.slug)
    assert not RetentionReview.objects.exists()
    with pytest.raises(CommandError, match="No school with the slug"):
        run("--school", "nowhere")
