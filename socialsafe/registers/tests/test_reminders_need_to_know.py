"""Register reminders about a case go only to those who see its whole file: a bar on a case about the Principal is
the Chair's to review, and the Principal is not told of it."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils.timezone import localdate

from socialsafe.incidents.models import ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def test_a_bar_on_a_case_about_the_principal_is_the_chairs_to_review(
    school, principal, chair, staff, poster, django_capture_on_commit_callbacks
):
    fields = report_fields(
        target_kind=TargetKind.PRINCIPAL, responsible_kind=ResponsibleKind.PARENT, responsible_guardian=poster
    )
    case = incident_report(school=school, by=staff.user, fields=fields)
    today = localdate()
    make_ban(
        case,
        by=chair.user,
        starts_on=today - dt.timedelta(days=100),
        review_on=today + dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=30),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_registers", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[chair.user.email]]
    assert principal.user.email not in str([m.to for m in mail.outbox])
