"""Recording a request, extending it, moving it on: the pages, with bad input and double submits."""

import datetime as dt

import pytest
from django.utils.timezone import localdate, now
from pytest_django.asserts import assertContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.schools.tests.factories import PupilFactory, SchoolClassFactory
from socialsafe.subjectaccess.deadlines import sar_due_date
from socialsafe.subjectaccess.models import SarStatus, SubjectAccessRequest
from socialsafe.subjectaccess.tests.conftest import make_request

pytestmark = pytest.mark.django_db

NEW = "/subject-access/new/"


def form_data(client, **overrides):
    data = {
        "subject_pupil": "",
        "requester_name": "Mrs Kelly",
        "requester_relationship": "mother",
        "received_via": "letter",
        "received_on": (localdate() - dt.timedelta(days=3)).isoformat(),
        "subject_kind": "pupil",
        "submission": token_in(client.get(NEW), NEW),
    }
    data.update(overrides)
    return data


def test_it_records_a_request_with_its_due_date_and_audits_it(client, principal, child):
    client.force_login(principal.user)
    r = client.post(NEW, form_data(client, subject_pupil=child.pk))
    sar = SubjectAccessRequest.objects.get()
    assertRedirects(r, f"/subject-access/{sar.pk}/", fetch_redirect_response=False)
    assert sar.subject == child and sar.status == SarStatus.RECEIVED
    assert sar.due_on == sar_due_date(localdate() - dt.timedelta(days=3))
    event = AuditEvent.objects.get(verb="subjectaccess.created")
    assert event.actor == principal.user and event.target_id == str(sar.pk)


def test_a_double_submit_records_one_request(client, principal, child):
    client.force_login(principal.user)
    data = form_data(client, subject_pupil=child.pk)
    first, second = client.post(NEW, data), client.post(NEW, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SubjectAccessRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject_pupil": ""}, "Choose whose information was asked for."),  # a pupil, but which one
        ({"subject_kind": ""}, "Choose an answer to ‘Whose information’."),
        ({"requester_name": ""}, "Enter ‘Who made the request’."),
        ({"received_on": "2027-02-30"}, "Enter a real date"),
        ({"received_on": "tomorrow"}, "The date received cannot be in the future."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(client, principal, child, overrides, message):
    client.force_login(principal.user)
    overrides = {"subject_pupil": child.pk, **overrides}
    if overrides.get("received_on") == "tomorrow":
        overrides = {**overrides, "received_on": (localdate() + dt.timedelta(days=1)).isoformat()}
    before = AuditEvent.objects.count()
    r = client.post(NEW, form_data(client, **overrides))
    assert r.status_code == 400
    assertContains(r, message, status_code=400)
    assertContains(r, "There is a problem", status_code=400)
    assert not SubjectAccessRequest.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_pupil_of_another_school_cannot_be_chosen(client, principal, other_school):
    client.force_login(principal.user)
    theirs = PupilFactory(school=other_school, school_class=SchoolClassFactory(school=other_school))
    r = client.post(NEW, form_data(client, subject_pupil=theirs.pk))
    assertContains(r, "Choose a person of this school from the list.", status_code=400)
    assert not SubjectAccessRequest.objects.exists()


def test_only_the_person_of_the_chosen_kind_counts(client, principal, child, parent):
    client.force_login(principal.user)
    client.post(NEW, form_data(client, subject_kind="guardian", subject_pupil=child.pk,
                               subject_guardian=parent.guardian.pk))  # fmt: skip
    sar = SubjectAccessRequest.objects.get()
    assert sar.subject == parent.guardian and sar.subject_pupil is None


# Extending


def extend(client, sar, **data):
    url = f"/subject-access/{sar.pk}/extend/"
    token = token_in(client.get(f"/subject-access/{sar.pk}/"), url)
    return client.post(url, {"submission": token, **data})


def test_it_extends_by_up_to_two_months_with_the_reason_audited(client, principal, child):
    sar = make_request(principal.school, principal.user, subject_pupil=child)
    client.force_login(principal.user)
    r = extend(client, sar, months="1", reason="Thirty case files to review for other pupils' details.")
    assert r.status_code == 302
    sar.refresh_from_db()
    assert sar.status == SarStatus.EXTENDED and sar.extension_months == 1
    assert sar.due_on == sar_due_date(sar.received_on, extension_months=1)
    event = AuditEvent.objects.get(verb="subjectaccess.extended")
    assert event.data["reason"].startswith("Thirty case files")
    assert extend(client, sar, months="1", reason="And a second batch arrived.").status_code == 302
    sar.refresh_from_db()
    assert sar.extension_months == 2
    url = f"/subject-access/{sar.pk}/extend/"
    assert f'action="{url}"' not in client.get(f"/subject-access/{sar.pk}/").content.decode()  # no form offered
    r = client.post(url, {"months": "1", "reason": "More again."})
    assertContains(r, "it has been extended fully", status_code=400)
    sar.refresh_from_db()
    assert sar.extension_months == 2 and AuditEvent.objects.filter(verb="subjectaccess.extended").count() == 2


def test_an_extension_beyond_two_months_in_one_go_is_refused(client, principal, child):
    sar = make_request(principal.school, principal.user, subject_pupil=child)
    client.force_login(principal.user)
    extend(client, sar, months="1", reason="Complex.")
    r = extend(client, sar, months="2", reason="Complex still.")
    assertContains(r, "can be extended by 1 more", status_code=400)
    sar.refresh_from_db()
    assert sar.extension_months == 1


def test_an_extension_without_a_reason_is_refused(client, principal, child):
    sar = make_request(principal.school, principal.user, subject_pupil=child)
    client.force_login(principal.user)
    r = extend(client, sar, months="1", reason="  ")
    assertContains(r, "Enter ‘Why is the request complex’.", status_code=400)
    sar.refresh_from_db()
    assert sar.extension_months == 0 and sar.status == SarStatus.RECEIVED


def test_an_extension_after_the_first_month_is_refused(client, principal, child, time_machine):
    sar = make_request(principal.school, principal.user, subject_pupil=child)
    time_machine.move_to(sar.due_on + dt.timedelta(days=1))
    client.force_login(principal.user)  # after the move: a month-old session would have ended
    r = extend(client, sar, months="1", reason="Complex.")
    assertContains(r, "an extension had to be told to the requester within it", status_code=400)
    sar.refresh_from_db()
    assert sar.extension_months == 0 and not AuditEvent.objects.filter(verb="subjectaccess.extended").exists()


def test_a_double_submitted_extension_extends_once(client, principal, child):
    sar = make_request(principal.school, principal.user, subject_pupil=child)
    client.force_login(principal.user)
    url = f"/subject-access/{sar.pk}/extend/"
    data = {"submission": token_in(client.get(f"/subject-access/{sar.pk}/"), url), "months": "1", "reason": "Complex."}
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    sar.refresh_from_db()
    assert sar.extension_months == 1


# Moving on


def test_it_moves_through_the_statuses_and_refuses_a_skip(client, principal, child):
    sar = make_request(principal.school, principal.user, subject_pupil=child)
    client.force_login(principal.user)
    url = f"/subject-access/{sar.pk}/status/"

    def move(to):
        return client.post(url, {"to": to, "submission": token_in(client.get(f"/subject-access/{sar.pk}/"), url)})

    assertContains(move(SarStatus.SENT), "Select a valid choice", status_code=400)
    assert move(SarStatus.IDENTITY_CHECKED).status_code == 302
    assert move(SarStatus.IN_PREPARATION).status_code == 302
    assert move(SarStatus.SENT).status_code == 302
    assert move(SarStatus.CLOSED).status_code == 302
    sar.refresh_from_db()
    assert sar.status == SarStatus.CLOSED and sar.closed_at is not None
    assert AuditEvent.objects.filter(verb="subjectaccess.status").count() == 4


# The list


def test_the_list_is_by_due_date_and_shows_what_is_overdue(client, principal, child, parent, time_machine):
    late = make_request(principal.school, principal.user, subject_pupil=child, requester_name="First asker")
    time_machine.move_to(now() + dt.timedelta(days=20))
    soon = make_request(principal.school, principal.user, subject_guardian=parent.guardian, subject_kind="guardian",
                        requester_name="Second asker")  # fmt: skip
    time_machine.move_to(now() + dt.timedelta(days=30))
    client.force_login(principal.user)
    before = AuditEvent.objects.count()
    r = client.get("/subject-access/")
    html = r.content.decode()
    assert html.index("First asker") < html.index("Second asker")
    assert f"Overdue by {(localdate() - late.due_on).days} day" in html
    assert f"{(soon.due_on - localdate()).days} day" in html
    assert AuditEvent.objects.count() == before + 1  # a GET writes its one view record, nothing more


def test_the_list_reads_a_fixed_number_of_queries(client, principal, child, parent, django_assert_max_num_queries):
    client.force_login(principal.user)
    client.get("/subject-access/")  # the session and the second factor settle on the first page
    make_request(principal.school, principal.user, subject_pupil=child)
    with django_assert_max_num_queries(20) as few:
        client.get("/subject-access/")
    for _ in range(5):
        make_request(principal.school, principal.user, subject_kind="guardian", subject_guardian=parent.guardian)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/subject-access/").content.decode().count("/subject-access/") >= 6
