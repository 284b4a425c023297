"""A case destroyed under the retention schedule takes with it every subject access export that copied it."""

import pytest

from socialsafe.retention.destruction import destroy_case
from socialsafe.schools.tests.factories import PupilFactory
from socialsafe.subjectaccess.services import export_path
from socialsafe.subjectaccess.tests.conftest import make_request
from socialsafe.subjectaccess.tests.test_export import produce

pytestmark = pytest.mark.django_db


def test_destroying_a_case_deletes_the_exports_that_hold_it_and_no_other(
    school, principal, pupil_request, pupil_case, django_capture_on_commit_callbacks
):
    holding = produce(pupil_request, principal.user)
    assert pupil_case.pk in holding.summary["case_ids"]
    other = produce(make_request(school, principal.user, subject_pupil=PupilFactory(school=school)), principal.user)
    assert pupil_case.pk not in other.summary["case_ids"]
    with django_capture_on_commit_callbacks(execute=True):
        destroy_case(incident=pupil_case, by=principal.user, reason="review")
    holding.refresh_from_db()
    other.refresh_from_db()
    assert holding.deleted_at is not None and not export_path(holding).exists()
    assert other.deleted_at is None and export_path(other).exists()


def test_the_download_of_a_deleted_export_says_so(
    client, school, principal, pupil_request, pupil_case, django_capture_on_commit_callbacks
):
    holding = produce(pupil_request, principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        destroy_case(incident=pupil_case, by=principal.user, reason="review")
    client.force_login(principal.user)
    assert client.get(f"/subject-access/exports/{holding.pk}/download/").status_code == 404
