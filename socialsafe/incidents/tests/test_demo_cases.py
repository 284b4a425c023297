import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.incidents.models import Incident, Route, Status

pytestmark = pytest.mark.django_db


def test_the_demo_cases_cover_several_states_and_load_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--password", "demo-password-1", stdout=io.StringIO())
    call_command("seed_demo_cases", stdout=io.StringIO())
    call_command("seed_demo_cases", stdout=io.StringIO())
    cases = Incident.objects.filter(school__slug="glenmore")
    assert cases.count() == 5
    assert {c.status for c in cases} == {Status.REPORTED, Status.TRIAGED, Status.IN_PROGRESS, Status.CLOSED}
    assert cases.filter(route=Route.GOVERNORS).count() == 1
    assert not mail.outbox


def test_it_needs_the_demo_school_first(db):
    with pytest.raises(SystemExit):
        call_command("seed_demo_cases", stdout=io.StringIO(), stderr=io.StringIO())
