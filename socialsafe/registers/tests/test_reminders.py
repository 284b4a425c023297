"""remind_registers: the Principal is emailed before a bar's review and end dates, once for each."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def run(capture) -> None:
    with capture(execute=True):
        call_command("remind_registers", stdout=io.StringIO())


def test_it_reminds_once_before_the_review_and_once_before_the_end(
    principal, parent_case, time_machine, django_capture_on_commit_callbacks
):
    ban = make_ban(parent_case, by=principal.user)  # review 23 Feb 2027, end 23 Mar 2027
    time_machine.move_to(dt.datetime(2027, 1, 20, 7, 0))
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    time_machine.move_to(dt.datetime(2027, 2, 12, 7, 0))
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [principal.user.email]
    assert "review" in mail.outbox[0].subject and "23 Feb 2027" in mail.outbox[0].subject
    time_machine.move_to(dt.datetime(2027, 3, 15, 7, 0))
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2 and "end on 23 Mar 2027" in mail.outbox[1].subject
    ban.refresh_from_db()
    assert ban.review_reminded_at and ban.end_reminded_at
    assert parent_case.timeline.filter(kind="notified").count() == 2


def test_a_lifted_bar_is_not_reminded(principal, parent_case, time_machine, django_capture_on_commit_callbacks):
    make_ban(parent_case, by=principal.user, status="lifted")
    time_machine.move_to(dt.datetime(2027, 2, 12, 7, 0))
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
