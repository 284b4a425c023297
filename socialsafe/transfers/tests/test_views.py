"""The pages: who may see them, bad input, double submits, the download and the receipt upload."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils.timezone import localdate, now

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import FIELD
from socialsafe.incidents.models import Incident
from socialsafe.schools.tests.factories import PupilFactory
from socialsafe.transfers import services
from socialsafe.transfers.models import PupilTransfer, ReceivedTransfer, TransferStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer(leaver_case, leaver, designated_teacher):
    return services.pupil_mark_left(pupil=leaver, left_on=localdate(), by=designated_teacher.user)


PAGES = ["/transfers/", "/transfers/{pk}/", "/transfers/import/"]


@pytest.mark.parametrize(
    "persona",
    ["vice_principal", "teacher", "office", "governor", "chair", "parent"],
)
def test_it_refuses_everyone_else_in_the_school(client, request, transfer, persona):
    client.force_login(request.getfixturevalue(persona).user)
    for page in PAGES:
        assert client.get(page.format(pk=transfer.pk)).status_code == 403, page
    assert client.post("/transfers/leaver/", {}).status_code == 403


def test_it_refuses_an_officer(client, officer, transfer):
    client.force_login(officer.user)
    assert client.get("/transfers/").status_code in (302, 403)
    assert client.get(f"/transfers/{transfer.pk}/").status_code in (302, 403)


@pytest.mark.parametrize("persona", ["designated_teacher", "principal"])
def test_it_shows_the_list_to_the_designated_teacher_and_principal(client, request, transfer, persona):
    client.force_login(request.getfixturevalue(persona).user)
    r = client.get("/transfers/")
    assert r.status_code == 200 and "Niamh Quinn" in r.content.decode()
    assert client.get(f"/transfers/{transfer.pk}/").status_code == 200


def test_it_hides_the_transfer_from_another_schools_principal(client, outsider, transfer):
    client.force_login(outsider.user)
    assert client.get("/transfers/").status_code == 200
    assert "Niamh" not in client.get("/transfers/").content.decode()
    assert client.get(f"/transfers/{transfer.pk}/").status_code == 404
    assert client.get(f"/transfers/{transfer.pk}/download/").status_code == 404
    assert client.post(f"/transfers/{transfer.pk}/send/").status_code == 404


def test_a_get_writes_only_its_view_record(client, designated_teacher, transfer):
    client.force_login(designated_teacher.user)
    before = AuditEvent.objects.count()
    client.get(f"/transfers/{transfer.pk}/")
    assert AuditEvent.objects.count() == before + 1
    assert PupilTransfer.objects.get().status == TransferStatus.DUE


def test_it_marks_a_leaver_and_refuses_bad_dates(
    client, designated_teacher, leaver, leaver_case, django_capture_on_commit_callbacks
):
    client.force_login(designated_teacher.user)
    r = client.post("/transfers/leaver/", {"pupil": leaver.pk, "left_on": "31/31/2026"})
    assert r.status_code == 400 and "Enter a real date" in r.content.decode()
    tomorrow = (localdate() + dt.timedelta(days=1)).isoformat()
    r = client.post("/transfers/leaver/", {"pupil": leaver.pk, "left_on": tomorrow})
    assert r.status_code == 400 and "cannot be in the future" in r.content.decode()
    leaver.refresh_from_db()
    assert leaver.left_on is None and not PupilTransfer.objects.exists()
    data = {"pupil": leaver.pk, "left_on": localdate().isoformat(), FIELD: "a" * 32}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/transfers/leaver/", data)
        second = client.post("/transfers/leaver/", data)
    transfer = PupilTransfer.objects.get()
    assert first["Location"] == f"/transfers/{transfer.pk}/" and second.status_code == 302
    assert AuditEvent.objects.filter(verb="pupil.left").count() == 1
    assert len(mail.outbox) == 1 and "by" in mail.outbox[0].body  # the designated teacher is told


def test_it_makes_a_package_shows_the_code_once_and_downloads(client, designated_teacher, transfer, other_school):
    client.force_login(designated_teacher.user)
    r = client.post(f"/transfers/{transfer.pk}/", {"recipient_school": "", "recipient_name": ""})
    assert r.status_code == 400 and "Choose the new school" in r.content.decode()
    assert PupilTransfer.objects.get().package_id is None
    r = client.post(f"/transfers/{transfer.pk}/", {"recipient_school": other_school.pk})
    assert r.status_code == 200 and "Transfer code" in r.content.decode() and "by phone" in r.content.decode()
    # A second submit makes a fresh package that replaces the first: one live package, one code that opens it.
    r2 = client.post(f"/transfers/{transfer.pk}/", {"recipient_school": other_school.pk})
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PACKAGED
    assert AuditEvent.objects.filter(verb="transfer.packaged").count() == 2
    assert "Transfer code" not in client.get(f"/transfers/{transfer.pk}/").content.decode()  # shown once only
    r = client.get(f"/transfers/{transfer.pk}/download/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(verb="transfer.downloaded").count() == 1
    assert r2.status_code == 200


def test_it_sends_once_and_only_to_the_right_inbox(
    client, designated_teacher, transfer, other_school, receiver, outsider
):
    transfer, _ = services.transfer_package(
        transfer=transfer, by=designated_teacher.user, recipient_school=other_school
    )
    client.force_login(designated_teacher.user)
    data = {FIELD: "b" * 32}
    client.post(f"/transfers/{transfer.pk}/send/", data)
    client.post(f"/transfers/{transfer.pk}/send/", data)
    assert AuditEvent.objects.filter(verb="transfer.sent").count() == 1
    assert client.get(f"/transfers/inbox/{transfer.pk}/").status_code == 404  # the sender's own inbox: not there
    client.force_login(receiver.user)
    assert client.get(f"/transfers/inbox/{transfer.pk}/").status_code == 200
    client.force_login(outsider.user)  # the Principal of the receiving school may accept too
    assert client.get(f"/transfers/inbox/{transfer.pk}/").status_code == 200


def test_it_imports_a_file_through_the_page_and_refuses_a_double_submit(
    client, designated_teacher, transfer, other_school, receiver
):
    transfer, code = services.transfer_package(
        transfer=transfer, by=designated_teacher.user, recipient_school=None, recipient_name=other_school.name
    )
    PupilFactory(school=other_school, first_name="Niamh", last_name="Quinn", date_of_birth=transfer.pupil.date_of_birth)
    data = services.package_path(transfer).read_bytes()
    client.force_login(receiver.user)

    def post(code, token):
        upload = SimpleUploadedFile("records.sstransfer", data)
        return client.post("/transfers/import/", {"package": upload, "code": code, FIELD: token})

    r = post("ABCD", "c" * 32)
    assert r.status_code == 400 and "Nothing was imported" in r.content.decode()
    r = client.post("/transfers/import/", {"code": code})
    assert r.status_code == 400 and "Transfer file" in r.content.decode()
    assert not Incident.objects.filter(school=other_school).exists()
    first = post(code, "d" * 32)
    second = post(code, "d" * 32)
    received = ReceivedTransfer.objects.get()
    assert first["Location"] == f"/transfers/received/{received.pk}/" and second.status_code == 302
    assert Incident.objects.filter(school=other_school).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert received.sender_fingerprint in page
    r = client.get(f"/transfers/received/{received.pk}/receipt/")
    receipt = r.content
    assert r["Content-Disposition"].endswith('.ssreceipt"')

    # Back at the sending school: a bad file is refused, the real receipt marks the transfer received.
    client.force_login(designated_teacher.user)
    r = client.post("/transfers/receipt/", {"receipt": SimpleUploadedFile("x.ssreceipt", b"{}")})
    assert r.status_code == 400 and "not a SocialSafe transfer receipt" in r.content.decode()
    forged = receipt.replace(b"Designated", b"Desygnated")
    r = client.post("/transfers/receipt/", {"receipt": SimpleUploadedFile("x.ssreceipt", forged)})
    assert r.status_code == 400 and "signature does not match" in r.content.decode()
    assert PupilTransfer.objects.get().status == TransferStatus.PACKAGED
    r = client.post("/transfers/receipt/", {"receipt": SimpleUploadedFile("r.ssreceipt", receipt)})
    assert r["Location"] == f"/transfers/{transfer.pk}/"
    assert "Received on" in client.get(f"/transfers/{transfer.pk}/").content.decode()
    # The receiving school's people never see the sender's side.
    client.force_login(receiver.user)
    assert client.get(f"/transfers/{transfer.pk}/").status_code == 404


def test_it_takes_only_its_methods(client, designated_teacher, transfer):
    client.force_login(designated_teacher.user)
    assert client.get("/transfers/leaver/").status_code == 405
    assert client.get(f"/transfers/{transfer.pk}/send/").status_code == 405
    assert client.post(f"/transfers/{transfer.pk}/download/").status_code == 405
    assert client.post("/transfers/").status_code == 405


def test_it_reminds_once_a_day_after_the_timescale(
    transfer, designated_teacher, time_machine, django_capture_on_commit_callbacks
):
    assert services.transfer_reminders_send() == 0  # not due yet
    time_machine.move_to(now() + dt.timedelta(days=16))
    assert PupilTransfer.objects.get().overdue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_transfers")
        call_command("remind_transfers")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [designated_teacher.user.email]
    assert "overdue" in mail.outbox[0].subject.lower()
    time_machine.move_to(now() + dt.timedelta(days=1))
    assert services.transfer_reminders_send() == 1


def test_it_shows_overdue_on_the_list(client, transfer, designated_teacher, time_machine):
    time_machine.move_to(now() + dt.timedelta(days=16))
    client.force_login(designated_teacher.user)
    assert "Overdue" in client.get("/transfers/").content.decode()


def test_the_list_takes_a_fixed_number_of_queries(client, designated_teacher, transfer, django_assert_max_num_queries):
    from socialsafe.schools.tests.factories import PupilFactory

    for _ in range(5):  # more leavers must not mean more queries
        pupil = PupilFactory(school=transfer.school)
        PupilTransfer.objects.create(school=pupil.school, pupil=pupil, due_on=localdate())
    client.force_login(designated_teacher.user)
    with django_assert_max_num_queries(25):
        assert client.get("/transfers/").status_code == 200
