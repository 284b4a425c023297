"""A roster import that gives a pupil's leaving date opens the duty to send their records to the next school."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import localdate

from socialsafe.schools.services import RosterRejected, roster_import
from socialsafe.transfers.models import PupilTransfer

pytestmark = pytest.mark.django_db


def _row(pupil, left: str) -> bytes:
    header = "reference,first_name,last_name,date_of_birth,class,date_left\n"
    line = (
        f"{pupil.reference},{pupil.first_name},{pupil.last_name},{pupil.date_of_birth},{pupil.school_class.name},{left}"
    )
    return (header + line + "\n").encode()


def test_a_leaving_date_in_the_roster_opens_the_transfer_once(
    school, office, leaver, leaver_case, django_capture_on_commit_callbacks
):
    left = localdate() - dt.timedelta(days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        summary = roster_import(school=school, kind="pupils", data=_row(leaver, f"{left:%d/%m/%Y}"), by=office.user)
    leaver.refresh_from_db()
    assert leaver.left_on == left and summary.left == 1
    transfer = PupilTransfer.objects.get(pupil=leaver)
    assert transfer.due_on > localdate()
    assert any("Records to send" in m.subject for m in mail.outbox)

    again = roster_import(school=school, kind="pupils", data=_row(leaver, f"{left}"), by=office.user)
    assert again.left == 0 and PupilTransfer.objects.filter(pupil=leaver).count() == 1


def test_an_empty_leaving_cell_never_clears_a_recorded_date(school, office, leaver, leaver_case):
    left = localdate() - dt.timedelta(days=3)
    roster_import(school=school, kind="pupils", data=_row(leaver, f"{left}"), by=office.user)
    roster_import(school=school, kind="pupils", data=_row(leaver, ""), by=office.user)
    leaver.refresh_from_db()
    assert leaver.left_on == left


def test_a_leaver_without_records_has_nothing_to_transfer(school, office, leaver):
    summary = roster_import(school=school, kind="pupils", data=_row(leaver, f"{localdate()}"), by=office.user)
    leaver.refresh_from_db()
    assert leaver.left_on == localdate() and summary.left == 1
    assert not PupilTransfer.objects.exists()


@pytest.mark.parametrize(
    ("left", "message"),
    [("next summer", "is not a date"), ("01/01/1990", "before they were born"), ("far", "is not a date")],
)
def test_a_bad_leaving_date_is_refused_by_line_and_nothing_is_written(
    school, office, leaver, leaver_case, left, message
):
    with pytest.raises(RosterRejected) as refused:
        roster_import(school=school, kind="pupils", data=_row(leaver, left), by=office.user)
    assert any(message in e.message and e.line == 2 for e in refused.value.checked.errors)
    leaver.refresh_from_db()
    assert leaver.left_on is None and not PupilTransfer.objects.exists()


def test_a_leaving_date_in_the_future_is_refused(school, office, leaver):
    tomorrow = localdate() + dt.timedelta(days=1)
    with pytest.raises(RosterRejected) as refused:
        roster_import(school=school, kind="pupils", data=_row(leaver, f"{tomorrow}"), by=office.user)
    assert "is in the future" in refused.value.checked.errors[0].message
    leaver.refresh_from_db()
    assert leaver.left_on is None


def test_the_import_page_says_the_designated_teacher_is_asked(client, office, leaver, leaver_case):
    client.force_login(office.user)
    upload = SimpleUploadedFile("pupils.csv", _row(leaver, f"{localdate()}"))
    r = client.post("/school/import/", {"kind": "pupils", "file": upload}, follow=True)
    assert "1 pupil recorded as leaving" in r.content.decode()
    assert PupilTransfer.objects.filter(pupil=leaver).count() == 1
    upload = SimpleUploadedFile("pupils.csv", _row(leaver, f"{localdate()}"))
    client.post("/school/import/", {"kind": "pupils", "file": upload}, follow=True)  # the same file again
    assert PupilTransfer.objects.filter(pupil=leaver).count() == 1
