"""remind_registers: the Principal is emailed before a bar's review and end dates, once for each."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.lib.tests.clock import midday, shown
from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def run(capture) -> None:
    with capture(execute=True):
        call_command("remind_registers", stdout=io.StringIO())


def test_it_reminds_once_before_the_review_and_once_before_the_end(
    principal, parent_case, time_machine, django_capture_on_commit_callbacks
):
    ban = make_ban(parent_case, by=principal.user)  # review in three months, end in four
    time_machine.move_to(midday(ban.review_on - dt.timedelta(days=34)))
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    time_machine.move_to(midday(ban.review_on - dt.timedelta(days=11)))
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [principal.user.email]
    assert "review" in mail.outbox[0].subject and shown(ban.review_on) in mail.outbox[0].subject
    time_machine.move_to(midday(ban.ends_on - dt.timedelta(days=8)))
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2 and f"end on {shown(ban.ends_on)}" in mail.outbox[1].subject
    ban.refresh_from_db()
    assert ban.review_reminded_at and ban.end_reminded_at
    assert parent_case.timeline.filter(kind="notified").count() == 2


def test_a_lifted_bar_is_not_reminded(principal, parent_case, time_machine, django_capture_on_commit_callbacks):
    ban = make_ban(parent_case, by=principal.user, status="lifted")
    time_machine.move_to(midday(ban.review_on - dt.timedelta(days=11)))
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
