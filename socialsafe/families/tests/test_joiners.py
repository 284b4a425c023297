"""Done when: a roster import of new pupils sends invitations to their parents and the coverage list shows them."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.families.models import BatchStatus, Channel, FamilyInvitation, InvitationBatch
from socialsafe.lib.dates import add_months
from socialsafe.schools.models import SchoolClass

pytestmark = pytest.mark.django_db


def born(years: int) -> dt.date:
    return add_months(localdate(), -12 * years)


def upload(client, kind: str, text: str):
    return client.post(
        "/school/import/", {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", text.encode())}, follow=True
    )


@pytest.fixture
def classes(school):
    for name, year in (("P1", 1), ("P2", 2)):
        SchoolClass.objects.get_or_create(school=school, name=name, defaults={"year_group": year})


PARENTS_HEAD = "title,first_name,last_name,email,phone,pupil_reference,relationship,parental_responsibility\n"


def test_it_invites_the_parents_of_new_pupils_and_shows_them_outstanding_until_they_answer(
    client, principal, policies, classes, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    pupils = (
        "reference,first_name,last_name,date_of_birth,class\n"
        f"N1,Orla,Byrne,{born(5)},P1\nN2,Finn,Byrne,{born(6)},P2\nN3,Maeve,Doyle,{born(5)},P1\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, "pupils", pupils).status_code == 200
    assert not mail.outbox  # no parents on the roster yet: nobody to ask
    parents = PARENTS_HEAD + (
        "Mrs,Aisling,Byrne,aisling@example.com,,N1,mother,yes\n"
        "Mrs,Aisling,Byrne,aisling@example.com,,N2,mother,yes\n"
        "Mr,Tom,Doyle,tom@example.com,,N3,father,yes\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = upload(client, "parents", parents)
    html = r.content.decode()
    batch = InvitationBatch.objects.get()
    assert f'href="/families/batches/{batch.pk}/"' in html  # the import's result page links to the progress
    assert "2 parents and carers of the new pupils are being asked" in html
    # One email per parent, not per child, from the school's name, with the link and the code.
    assert sorted(m.to[0] for m in mail.outbox) == ["aisling@example.com", "tom@example.com"]
    aisling = next(m for m in mail.outbox if m.to == ["aisling@example.com"])
    assert aisling.from_email.startswith("Glenmore Primary School")
    assert "Finn and Orla" in aisling.body
    code = re.search(r"enter your code: ([A-Z2-9]{4}-[A-Z2-9]{4})", aisling.body).group(1)
    assert f"/s/glenmore/welcome/?code={code}" in aisling.body
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.sent, batch.letters, batch.failed) == (BatchStatus.DONE, 2, 2, 0, 0)
    assert AuditEvent.objects.filter(verb="families.invited").count() == 2

    page = client.get("/families/").content.decode()
    assert _row(page, "P1") == ["2", "2", "0", "2", "0"]  # families, invited, acknowledged, outstanding, never
    assert _row(page, "P2") == ["1", "1", "0", "1", "0"]
    outstanding = client.get(f"/families/classes/{SchoolClass.objects.get(name='P1').pk}/").content.decode()
    assert "Mrs Aisling Byrne" in outstanding and "Orla Byrne" in outstanding and "Tom Doyle" in outstanding

    client.logout()
    r = client.get(f"/s/glenmore/welcome/?code={code}")
    assert "Parents/carers are made aware" in r.content.decode()  # the documents' full text
    r = client.post("/s/glenmore/welcome/", {"code": code, "confirm": "on"})
    assert r.status_code == 302 and r["Location"] == "/s/glenmore/welcome/thanks/"

    client.force_login(principal.user)
    page = client.get("/families/").content.decode()
    assert _row(page, "P1") == ["2", "2", "1", "1", "0"]
    assert _row(page, "P2") == ["1", "1", "1", "0", "0"]


def test_it_does_not_invite_a_parent_twice_for_the_same_versions(
    client, principal, policies, classes, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    pupils = f"reference,first_name,last_name,date_of_birth,class\nN1,Orla,Byrne,{born(5)},P1\n"
    upload(client, "pupils", pupils)
    parents = PARENTS_HEAD + "Mrs,Aisling,Byrne,aisling@example.com,,N1,mother,yes\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "parents", parents)
        upload(client, "parents", parents)  # the same file again: no new link, no new invitation
        pupils2 = f"reference,first_name,last_name,date_of_birth,class\nN2,Finn,Byrne,{born(6)},P2\n"
        upload(client, "pupils", pupils2)
        upload(client, "parents", PARENTS_HEAD + "Mrs,Aisling,Byrne,aisling@example.com,,N2,mother,yes\n")
    assert len(mail.outbox) == 1
    assert FamilyInvitation.objects.count() == 1


def test_it_prepares_a_letter_for_a_parent_without_an_email_address(
    client, principal, policies, django_capture_on_commit_callbacks
):
    from socialsafe.families.services import batch_create
    from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

    pupil = PupilFactory(school=principal.school, first_name="Orla")
    GuardianFactory(school=principal.school, email="", first_name="Ann", last_name="Quinn", children=[pupil])
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(school=principal.school, pupil_ids=[pupil.pk], by=principal.user, reason="test")
    batch.refresh_from_db()
    assert (batch.sent, batch.letters) == (0, 1)
    assert FamilyInvitation.objects.get().channel == Channel.LETTER
    assert not mail.outbox


def _row(html: str, name: str) -> list[str]:
    row = re.search(rf">{name}</a></th>(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>|\(.*?\)", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
