"""A package made at one school imports at the other with every hash verified, and the receipt comes back."""

import io
import json
import zipfile

import pytest
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.models import CustodyEvent, EvidenceItem
from socialsafe.evidence.storage import sha256_of
from socialsafe.incidents.models import Incident
from socialsafe.transfers import package, services
from socialsafe.transfers.models import PupilTransfer, ReceivedTransfer, TransferStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer(leaver_case, leaver, designated_teacher):
    return services.pupil_mark_left(pupil=leaver, left_on=localdate(), by=designated_teacher.user)


def _package(transfer, by, recipient_school=None, name=""):
    transfer, code = services.transfer_package(
        transfer=transfer, by=by, recipient_school=recipient_school, recipient_name=name
    )
    return transfer, code, services.package_path(transfer).read_bytes()


def test_it_opens_a_transfer_when_a_pupil_with_records_leaves(transfer, leaver):
    assert transfer.pupil == leaver and transfer.status == TransferStatus.DUE
    assert (transfer.due_on - localdate()).days >= services.TRANSFER_SCHOOL_DAYS  # school days, weekends skipped
    assert AuditEvent.objects.filter(verb="transfer.opened").count() == 1
    assert services.transfer_open_for_leaver(pupil=leaver, by=None) == transfer  # never a second one


def test_it_opens_nothing_for_a_leaver_without_records(school, designated_teacher):
    from socialsafe.schools.tests.factories import PupilFactory

    pupil = PupilFactory(school=school)
    assert services.pupil_mark_left(pupil=pupil, left_on=localdate(), by=designated_teacher.user) is None
    assert not PupilTransfer.objects.exists()


def test_it_round_trips_by_file(transfer, designated_teacher, receiver, other_school, leaver_case):
    transfer, code, data = _package(transfer, designated_teacher.user, name=other_school.name)
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        assert sorted(outer.namelist()) == ["package.enc", "wrapper.json"]
        assert b"Niamh" not in outer.read("package.enc")  # encrypted
    from socialsafe.schools.tests.factories import PupilFactory

    there = PupilFactory(
        school=other_school, first_name="Niamh", last_name="Quinn", date_of_birth=transfer.pupil.date_of_birth
    )
    received = services.transfer_import(school=other_school, source=io.BytesIO(data), code=code, by=receiver.user)
    assert received.pupil == there
    assert received.files_verified == 4  # records.json, summary.pdf, the screenshot, the letter
    new_case = Incident.objects.get(school=other_school)
    assert new_case.summary.startswith("Transferred from Glenmore Primary School")
    assert new_case.target_pupil == there
    items = EvidenceItem.objects.filter(incident=new_case)
    originals = {i.sha256 for i in EvidenceItem.objects.filter(incident=leaver_case)}
    assert originals <= {i.sha256 for i in items} and items.count() == 2
    for item in items:
        assert sha256_of(item.storage_name) == item.sha256
        assert CustodyEvent.objects.filter(item=item, note__contains="record transfer from Glenmore").exists()
    assert new_case.timeline.filter(text__startswith="The record as kept at Glenmore").exists()
    assert AuditEvent.objects.filter(verb="transfer.imported").count() == 1

    # The receipt goes back to the sender, who then shows the transfer as received.
    transfer = services.receipt_record(
        school=transfer.school, data=received.receipt.encode(), by=designated_teacher.user
    )
    assert transfer.status == TransferStatus.RECEIVED and transfer.received_at == received.received_at
    assert services.transferred_and_received(transfer.pupil)
    with pytest.raises(services.TransferRefused, match="already recorded"):
        services.receipt_record(school=transfer.school, data=received.receipt.encode(), by=designated_teacher.user)


def test_it_round_trips_within_one_installation(client, transfer, designated_teacher, receiver, other_school):
    transfer, _code, _ = _package(transfer, designated_teacher.user, recipient_school=other_school)
    services.transfer_send(transfer=transfer, by=designated_teacher.user)
    client.force_login(receiver.user)
    r = client.get("/transfers/")
    assert f"/transfers/inbox/{transfer.pk}/" in r.content.decode()
    r = client.post(f"/transfers/inbox/{transfer.pk}/", {"add_to_class": "", "reference": ""})
    assert r.status_code == 400 and "No single pupil" in r.content.decode()  # nobody of that name here yet
    assert not Incident.objects.filter(school=other_school).exists()
    from socialsafe.schools.models import SchoolClass

    p5 = SchoolClass.objects.create(school=other_school, name="P5", year_group=5)
    data = {"add_to_class": p5.pk, "reference": "N77", "submission": "e" * 32}
    r = client.post(f"/transfers/inbox/{transfer.pk}/", data)
    again = client.post(f"/transfers/inbox/{transfer.pk}/", data)  # the same form sent twice
    received = ReceivedTransfer.objects.get()
    assert again.status_code == 302 and Incident.objects.filter(school=other_school).count() == 1
    assert client.post(f"/transfers/inbox/{transfer.pk}/", {**data, "submission": "f" * 32}).status_code == 404
    assert r.status_code == 302 and r["Location"] == f"/transfers/received/{received.pk}/"
    assert received.pupil.reference == "N77" and received.pupil.school == other_school
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED and transfer.sealed_code == b""
    assert "from Glenmore Primary School" in client.get("/transfers/").content.decode()  # under Records received
    client.force_login(designated_teacher.user)
    assert "Received on" in client.get("/transfers/").content.decode()


def test_it_refuses_the_same_package_twice(transfer, designated_teacher, receiver, other_school):
    from socialsafe.schools.tests.factories import PupilFactory

    PupilFactory(school=other_school, first_name="Niamh", last_name="Quinn", date_of_birth=transfer.pupil.date_of_birth)
    transfer, code, data = _package(transfer, designated_teacher.user, name=other_school.name)
    services.transfer_import(school=other_school, source=io.BytesIO(data), code=code, by=receiver.user)
    cases = Incident.objects.filter(school=other_school).count()
    with pytest.raises(services.TransferRefused, match="already been imported"):
        services.transfer_import(school=other_school, source=io.BytesIO(data), code=code, by=receiver.user)
    assert Incident.objects.filter(school=other_school).count() == cases


def test_the_manifest_lists_every_file_with_its_hash(transfer, designated_teacher, other_school):
    transfer, code, data = _package(transfer, designated_teacher.user, name=other_school.name)
    opened = package.open_package(io.BytesIO(data), code=code, tmp_dir=services.transfers_dir())
    try:
        m = opened.manifest
        assert m["sender_school"]["name"] == "Glenmore Primary School"
        assert m["recipient_school"]["name"] == other_school.name
        assert m["pupil"]["first_name"] == "Niamh" and m["created_by"]["role"]
        assert {f["path"].split("/")[-1].split("-")[0] for f in m["files"]} >= {"records.json", "summary.pdf"}
        assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in m["files"])
        assert opened.wrapper["manifest_sha256"] == transfer.manifest_sha256
        records = opened.records["cases"][0]
        assert records["pupil_is"] == ["target"] and records["timeline"] and records["letters"]
        assert json.loads(opened.open_file("records.json").read()) == opened.records
    finally:
        opened.close()
