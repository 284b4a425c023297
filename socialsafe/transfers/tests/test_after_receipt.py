"""Once the next school's receipt is in, this school's copies of the leaver's file go to the Principal's review."""

import io

import pytest
from django.utils.timezone import localdate

from socialsafe.incidents.models import Incident
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.retention.models import RetentionReview, ReviewStatus
from socialsafe.retention.services import transferred_cases_queue
from socialsafe.retention.tests.conftest import close
from socialsafe.schools.tests.factories import PupilFactory
from socialsafe.transfers import services

pytestmark = pytest.mark.django_db


def _round_trip(leaver, designated_teacher, receiver, other_school):
    transfer = services.pupil_mark_left(pupil=leaver, left_on=localdate(), by=designated_teacher.user)
    transfer, code = services.transfer_package(
        transfer=transfer, by=designated_teacher.user, recipient_school=None, recipient_name=other_school.name
    )
    data = services.package_path(transfer).read_bytes()
    PupilFactory(
        school=other_school,
        first_name=leaver.first_name,
        last_name=leaver.last_name,
        date_of_birth=leaver.date_of_birth,
    )
    received = services.transfer_import(school=other_school, source=io.BytesIO(data), code=code, by=receiver.user)
    return services.receipt_record(school=transfer.school, data=received.receipt.encode(), by=designated_teacher.user)


def test_the_receipt_queues_the_closed_copy_for_review_today(
    leaver,
    leaver_case,
    designated_teacher,
    receiver,
    other_school,
    principal,
    client,
    django_capture_on_commit_callbacks,
):
    close(leaver_case)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = _round_trip(leaver, designated_teacher, receiver, other_school)
    assert not services.package_path(transfer).exists()  # the new school has it: no copy of the package is kept
    review = RetentionReview.objects.get(record_class="case_pupil", record_id=leaver_case.pk)
    assert review.status == ReviewStatus.PENDING and review.due_on == localdate()
    assert Incident.objects.filter(pk=leaver_case.pk).exists()  # nothing is destroyed unseen
    client.force_login(principal.user)
    assert leaver_case.reference in client.get("/retention/reviews/").content.decode()


def test_a_case_naming_a_pupil_still_here_keeps_its_own_clock(
    school, leaver, leaver_case, designated_teacher, receiver, other_school, principal
):
    stays = PupilFactory(school=school)
    shared = incident_report(
        school=school,
        by=principal.user,
        fields=report_fields(summary="Both pupils in one chat", target_pupil=leaver, responsible_pupil=stays),
    )
    close(leaver_case)
    close(shared)
    _round_trip(leaver, designated_teacher, receiver, other_school)
    queued = set(RetentionReview.objects.values_list("record_id", flat=True))
    assert leaver_case.pk in queued and shared.pk not in queued


def test_an_open_case_is_not_queued_and_queueing_twice_adds_nothing(
    school, leaver, leaver_case, designated_teacher, receiver, other_school
):
    _round_trip(leaver, designated_teacher, receiver, other_school)
    assert not RetentionReview.objects.exists()  # still open: still being worked on
    close(leaver_case)
    assert len(transferred_cases_queue(school=school, pupil=leaver)) == 1
    assert transferred_cases_queue(school=school, pupil=leaver) == []
    assert RetentionReview.objects.count() == 1
