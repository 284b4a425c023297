"""A member of staff confirms once a school year: both statements, the current version, once however often posted."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate
from pytest_django.asserts import assertContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.concerns.models import Acknowledgement, DocKind
from socialsafe.concerns.services import policy_version_publish
from socialsafe.lib.tests.clock import midday, shown
from socialsafe.staffrules.models import StaffAttestation
from socialsafe.staffrules.selectors import school_year_start, status_for
from socialsafe.staffrules.services import staff_attest
from socialsafe.staffrules.tests.conftest import joined_long_ago, next_year_start

pytestmark = pytest.mark.django_db
URL = "/staff-rules/"


def post(client, current, **fields):
    data = {"version": current.pk, "privacy_checked": "on", "guidance_read": "on", **fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["submission"] = token_in(client.get(URL), URL)
    return client.post(URL, data)


def test_it_shows_the_guidance_and_the_form(client, teacher, guidance):
    client.force_login(teacher.user)
    r = client.get(URL)
    assertContains(r, "The staff guidance, version 1.0")
    assertContains(r, "I have checked the privacy and security settings of my personal social media accounts")
    assertContains(r, "I have read the current staff guidance (version 1.0)")
    assertContains(r, 'href="/check-post/"')
    assertContains(r, 'href="/registers/accounts/request/"')
    assert not AuditEvent.objects.filter(verb__startswith="staffrules").exists()  # a GET writes nothing


def test_it_records_the_attestation_the_acknowledgement_and_the_audit(client, teacher, guidance):
    client.force_login(teacher.user)
    r = post(client, guidance)
    assertRedirects(r, URL, fetch_redirect_response=False)
    attestation = StaffAttestation.objects.get()
    assert attestation.member == teacher.member and attestation.version == guidance
    assert attestation.school_year == school_year_start(localdate()) and attestation.privacy_checked
    assert Acknowledgement.objects.filter(version=guidance, user=teacher.user).exists()
    event = AuditEvent.objects.get(verb="staffrules.attested")
    assert event.actor == teacher.user and event.data["version"] == "1.0"
    assertContains(client.get(URL), "You confirmed both for")


@pytest.mark.parametrize("missing", ["privacy_checked", "guidance_read"])
def test_it_refuses_a_missing_box_with_a_clear_message_and_writes_nothing(client, teacher, guidance, missing):
    client.force_login(teacher.user)
    r = post(client, guidance, **{missing: None})
    assert r.status_code == 400
    assertContains(r, "There is a problem", status_code=400)
    assertContains(r, "Tick the box to confirm", count=2, status_code=400)  # in the summary and by the box
    assertContains(r, f'id="id_{missing}-error"', status_code=400)
    assert not StaffAttestation.objects.exists()
    assert not Acknowledgement.objects.exists()
    assert not AuditEvent.objects.filter(verb="staffrules.attested").exists()


def test_it_refuses_a_version_that_is_no_longer_current(client, principal, teacher, guidance):
    client.force_login(teacher.user)
    policy_version_publish(
        school=principal.school,
        kind=DocKind.STAFF_GUIDANCE,
        by=principal.user,
        label="1.1",
        published_on=localdate(),
        text="Shorter guidance.",
    )
    r = post(client, guidance)
    assertContains(r, "A newer version of the staff guidance has been published", status_code=400)
    assert not StaffAttestation.objects.exists()


def test_it_refuses_junk_in_the_version(client, teacher, guidance):
    client.force_login(teacher.user)
    r = post(client, guidance, version="not-a-number")
    assertContains(r, "This page was out of date", status_code=400)
    assert not StaffAttestation.objects.exists()


def test_it_has_nothing_to_confirm_before_guidance_is_published(client, teacher):
    client.force_login(teacher.user)
    r = client.get(URL)
    assertContains(r, "The school has not published its staff guidance yet")
    assert "Confirm for" not in r.content.decode()
    r = client.post(URL, {"version": "1", "privacy_checked": "on", "guidance_read": "on"})
    assertContains(r, "nothing to confirm", status_code=400)
    assert not StaffAttestation.objects.exists()


def test_sending_it_twice_records_one(client, teacher, guidance):
    client.force_login(teacher.user)
    data = {
        "version": guidance.pk,
        "privacy_checked": "on",
        "guidance_read": "on",
        "submission": token_in(client.get(URL), URL),
    }
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert StaffAttestation.objects.count() == 1
    assert AuditEvent.objects.filter(verb="staffrules.attested").count() == 1


def test_the_service_keeps_the_first_of_two_in_one_year(teacher, guidance):
    first = staff_attest(
        member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True
    )
    again = staff_attest(
        member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True
    )
    assert first.pk == again.pk and StaffAttestation.objects.count() == 1


def test_the_service_refuses_an_unticked_statement(teacher, guidance):
    with pytest.raises(ValidationError):
        staff_attest(
            member=teacher.member, version=guidance, by=teacher.user, privacy_checked=False, guidance_read=True
        )
    assert not StaffAttestation.objects.exists()


def test_it_is_written_once(teacher, guidance):
    from socialsafe.concerns.models import AppendOnlyError

    a = staff_attest(member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True)
    with pytest.raises(AppendOnlyError):
        a.save()
    with pytest.raises(AppendOnlyError):
        StaffAttestation.objects.all().delete()


def test_an_august_attestation_is_not_next_years(time_machine, client, teacher, guidance):
    september = next_year_start()
    time_machine.move_to(midday(september - dt.timedelta(days=10)))  # late August, the old school year
    staff_attest(member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True)
    assert not status_for(teacher.member).outstanding
    time_machine.move_to(midday(september))
    status = status_for(teacher.member)
    assert status.outstanding and status.year == september
    client.force_login(teacher.user)
    assertContains(client.get(URL), f"Due by {shown(september + dt.timedelta(days=29))}")
    # And it can be confirmed again for the new year: a second row, the first kept.
    staff_attest(member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True)
    assert StaffAttestation.objects.filter(member=teacher.member).count() == 2


def test_it_is_due_by_30_september_and_overdue_after(time_machine, client, teacher, guidance):
    joined_long_ago(teacher)
    september = next_year_start()
    time_machine.move_to(midday(september + dt.timedelta(days=29)))  # 30 September
    status = status_for(teacher.member)
    assert status.due == september + dt.timedelta(days=29) and not status.overdue
    time_machine.move_to(midday(september + dt.timedelta(days=30)))  # 1 October
    assert status_for(teacher.member).overdue
    client.force_login(teacher.user)
    assertContains(client.get(URL), "Overdue")


def test_a_new_member_of_staff_has_30_days(time_machine, teacher, guidance):
    september = next_year_start()
    time_machine.move_to(midday(september + dt.timedelta(days=60)))  # November: joined after the date
    user = teacher.user
    user.date_joined = midday(september + dt.timedelta(days=50))
    user.save(update_fields=["date_joined"])
    teacher.member.refresh_from_db()
    status = status_for(teacher.member)
    assert status.due == september + dt.timedelta(days=80) and not status.overdue
    time_machine.move_to(midday(september + dt.timedelta(days=81)))
    assert status_for(teacher.member).overdue
