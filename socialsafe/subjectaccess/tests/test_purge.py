"""Produced ZIPs are deleted EXPORT_KEEP_DAYS after their request is closed; the row and the audit stay."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.timezone import now

from socialsafe.audit.models import AuditEvent
from socialsafe.schools.tests.factories import PupilFactory, SchoolClassFactory
from socialsafe.subjectaccess.models import SarStatus
from socialsafe.subjectaccess.services import (
    EXPORT_KEEP_DAYS,
    export_path,
    sar_export_produce,
    sar_exports_purge,
    sar_move,
    sar_redaction_confirm,
)
from socialsafe.subjectaccess.tests.conftest import make_request

pytestmark = pytest.mark.django_db


def test_the_zip_goes_a_set_time_after_the_request_is_closed(principal, pupil_request, time_machine,
                                                             django_capture_on_commit_callbacks):  # fmt: skip
    sar = sar_redaction_confirm(sar=pupil_request, by=principal.user, withheld_staff=[], include_evidence=False)
    export = sar_export_produce(sar=sar, by=principal.user)
    path = export_path(export)
    assert sar_exports_purge() == 0  # open: kept
    for to in (SarStatus.IDENTITY_CHECKED, SarStatus.IN_PREPARATION, SarStatus.SENT, SarStatus.CLOSED):
        sar = sar_move(sar=sar, by=principal.user, to=to)
    time_machine.move_to(now() + dt.timedelta(days=EXPORT_KEEP_DAYS - 1))
    assert sar_exports_purge() == 0 and path.exists()
    time_machine.move_to(now() + dt.timedelta(days=2))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_sar_exports", stdout=out)  # as cron runs it
    assert out.getvalue().strip() == "Deleted 1 subject access export(s)."
    assert not path.exists()
    export.refresh_from_db()
    assert export.deleted_at is not None
    assert AuditEvent.objects.get(verb="subjectaccess.export_deleted").data["sha256"] == export.sha256
    assert sar_exports_purge() == 0  # safe to run twice


def test_the_service_refuses_a_subject_of_another_school(principal, other_school):
    theirs = PupilFactory(school=other_school, school_class=SchoolClassFactory(school=other_school))
    with pytest.raises(ValidationError, match="must belong to this school"):
        make_request(principal.school, principal.user, subject_pupil=theirs)
    assert not AuditEvent.objects.filter(verb="subjectaccess.created").exists()
