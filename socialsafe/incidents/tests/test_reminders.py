import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.incidents.models import Entry
from socialsafe.incidents.services import incident_triage
from socialsafe.lib.tests.clock import ahead

pytestmark = pytest.mark.django_db


def test_overdue_actions_are_reminded_once_a_day(principal, case, time_machine, django_capture_on_commit_callbacks):
    incident_triage(incident=case, by=principal.user, facts={})
    time_machine.move_to(ahead(days=40), tick=False)  # every action overdue; both runs on one day
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue", stdout=io.StringIO())
    count = case.actions.count()
    assert len(mail.outbox) == count
    assert all(m.to == [principal.user.email] and "was due on" in m.body for m in mail.outbox)
    assert case.timeline.filter(kind=Entry.NOTIFIED).count() == count
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue", stdout=out)
    assert "Sent 0" in out.getvalue() and len(mail.outbox) == count
