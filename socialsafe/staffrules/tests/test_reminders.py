"""Reminders: to those still outstanding, at most once a week, from the school's name; the button and the command."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.staffrules.models import AttestationReminder
from socialsafe.staffrules.services import attestation_reminders_send, staff_attest

pytestmark = pytest.mark.django_db
LIST, REMIND = "/staff-rules/outstanding/", "/staff-rules/outstanding/remind/"


def run(**kwargs) -> str:
    out = io.StringIO()
    call_command("remind_attestations", stdout=out, **kwargs)
    return out.getvalue()


def test_it_reminds_the_outstanding_once_a_week(
    time_machine, principal, teacher, office, guidance, django_capture_on_commit_callbacks
):
    staff_attest(member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 2 reminder(s)." in run()  # the Principal and the office; the teacher has confirmed
    assert sorted(m.to[0] for m in mail.outbox) == ["office@example.com", "principal@example.com"]
    message = mail.outbox[0]
    assert message.from_email.startswith('"Glenmore Primary School"') or "Glenmore Primary School" in message.from_email
    assert "yearly social media check" in message.subject and "/staff-rules/" in message.body
    assert "version 1.0" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 0 reminder(s)." in run()  # the same day: nobody again
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(days=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 0 reminder(s)." in run()
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 2 reminder(s)." in run()
    assert len(mail.outbox) == 4
    assert AttestationReminder.objects.count() == 4
    assert AuditEvent.objects.filter(verb="staffrules.reminders_sent").count() == 2


def test_it_leaves_a_school_without_guidance_alone(principal, teacher):
    assert "Sent 0 reminder(s)." in run()
    assert not mail.outbox and not AttestationReminder.objects.exists()


def test_it_takes_one_school_and_refuses_an_unknown_one(principal, guidance, other_school):
    assert "Sent 1 reminder(s)." in run(school="glenmore")
    with pytest.raises(SystemExit):
        call_command("remind_attestations", school="nowhere", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_button_sends_them_audited_and_once(
    client, principal, teacher, guidance, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    data = {"submission": token_in(client.get(LIST), REMIND)}
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(REMIND, data)
        again = client.post(REMIND, data)
    assertRedirects(r, LIST, fetch_redirect_response=False)
    assert again.status_code == 302
    assert len(mail.outbox) == 2  # the Principal and the teacher, once
    event = AuditEvent.objects.get(verb="staffrules.reminders_sent")
    assert event.actor == principal.user and event.data["count"] == 2
    assertContains(client.get(LIST), "Last reminded")


def test_the_button_says_when_there_is_nothing_to_read(client, principal, teacher):
    client.force_login(principal.user)
    r = client.post(REMIND, follow=True)
    assertContains(r, "publish the staff guidance first")
    assert not mail.outbox


def test_the_service_counts_what_it_sent(principal, guidance):
    assert attestation_reminders_send(school=principal.school) == 1
    assert attestation_reminders_send(school=principal.school) == 0


@pytest.mark.parametrize(
    "persona, status",
    [
        ("principal", 302),
        ("vice_principal", 302),
        ("designated_teacher", 403),
        ("teacher", 403),
        ("office", 403),
        ("staff", 403),
        ("chair", 403),
        ("governor", 403),
        ("parent", 403),
        ("officer", 403),
    ],
)
def test_who_may_send_them(request, client, guidance, persona, status):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.post(REMIND).status_code == status
    assert client.get(REMIND).status_code == 405


def test_another_schools_principal_reminds_nobody_here(
    client, outsider, teacher, guidance, django_capture_on_commit_callbacks
):
    client.force_login(outsider.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(REMIND).status_code == 302
    assert not mail.outbox and not AttestationReminder.objects.exists()
