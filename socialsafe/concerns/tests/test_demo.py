import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.concerns.models import Acknowledgement, Concern, ConcernStatus, PolicyVersion
from socialsafe.incidents.models import Entry

pytestmark = pytest.mark.django_db


def test_the_demo_adds_concerns_in_every_state_and_policy_versions_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--password", "demo-password-1", stdout=io.StringIO())
    call_command("seed_demo_cases", stdout=io.StringIO())
    call_command("seed_demo_concerns", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_concerns", stdout=out)
    assert "already there" in out.getvalue()
    concerns = Concern.objects.filter(school__slug="glenmore")
    assert {c.status for c in concerns} == set(ConcernStatus.values) - {ConcernStatus.PENDING}
    case = concerns.get(status=ConcernStatus.CASE)
    assert case.incident.timeline.filter(kind=Entry.NOTE, text__contains=case.reference).exists()
    assert PolicyVersion.objects.filter(document__school__slug="glenmore").count() == 4
    # The demo parent has read version 1.0 of the Social Media Policy; version 2.0 waits for them.
    demo_parent = Acknowledgement.objects.filter(user__email="parent@glenmore.example")
    assert sorted(a.version.label for a in demo_parent) == ["1.0", "1.0"]
    assert concerns.filter(guardian__user__email="parent@glenmore.example").exists()
    answered = concerns.get(status=ConcernStatus.ANSWERED)  # the parent answered the reply (issue 18)
    assert answered.parent_answer_waiting_since and answered.messages.filter(sender="parent").exists()
    assert not mail.outbox


def test_it_needs_the_demo_school_first(db):
    with pytest.raises(SystemExit):
        call_command("seed_demo_concerns", stdout=io.StringIO(), stderr=io.StringIO())
