"""Coverage per class: who may see it (need to know), the counts in the query, inviting, the batch page, letters."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import submission_token
from socialsafe.concerns.services import policy_acknowledge
from socialsafe.families.models import FamilyInvitation, InvitationBatch
from socialsafe.families.services import batch_create
from socialsafe.families.tests.factories import invited_family
from socialsafe.families.tests.test_joiners import _row
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db

WHOLE_SCHOOL = ("principal", "vice_principal", "office")
REFUSED = ("designated_teacher", "staff", "chair", "governor", "parent", "officer")


@pytest.fixture
def families(principal, teacher, policies, django_capture_on_commit_callbacks):
    """An invited family in P4 (the teacher's class) and one never invited in P2."""
    invitation, code = invited_family(principal, django_capture_on_commit_callbacks, class_name="P4")
    p2, _ = SchoolClass.objects.get_or_create(school=principal.school, name="P2", defaults={"year_group": 2})
    child = PupilFactory(school=principal.school, school_class=p2, first_name="Cian", last_name="Mallon")
    GuardianFactory(school=principal.school, first_name="Rory", last_name="Mallon", children=[child])
    return invitation, code, p2


@pytest.mark.parametrize("persona", WHOLE_SCHOOL)
def test_it_shows_the_whole_school_to_senior_staff_and_the_office(request, client, families, persona):
    client.force_login(request.getfixturevalue(persona).user)
    html = client.get("/families/").content.decode()
    assert ">P4</a>" in html and ">P2</a>" in html and "Invite all families" in html
    invitation, _code, p2 = families
    page = client.get(f"/families/classes/{p2.pk}/").content.decode()
    assert "Rory Mallon" in page and "Never invited" in page
    page = client.get(f"/families/classes/{invitation.pupils.get().school_class_id}/").content.decode()
    assert "Ann Quinn" in page and "Orla Quinn" in page and "Emailed" in page


def test_it_shows_a_class_teacher_their_own_class_only(client, teacher, families):
    client.force_login(teacher.user)
    html = client.get("/families/").content.decode()
    assert ">P4</a>" in html and ">P2</a>" not in html and "Invite all families" not in html
    invitation, _code, p2 = families
    assert client.get(f"/families/classes/{p2.pk}/").status_code == 404
    assert "Ann Quinn" in client.get(f"/families/classes/{invitation.pupils.get().school_class_id}/").content.decode()
    assert client.post("/families/invite/").status_code == 403
    assert client.get(f"/families/batches/{invitation.batch_id}/").status_code == 403


@pytest.mark.parametrize("persona", REFUSED)
def test_it_refuses_those_without_need_to_know(request, client, families, persona):
    client.force_login(request.getfixturevalue(persona).user)
    invitation, _code, p2 = families
    for url in ("/families/", f"/families/classes/{p2.pk}/", f"/families/batches/{invitation.batch_id}/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/families/invite/").status_code == 403


def test_it_gives_another_schools_principal_nothing_of_this_school(client, outsider, families):
    client.force_login(outsider.user)
    invitation, _code, p2 = families
    assert "Quinn" not in client.get("/families/").content.decode()
    assert client.get(f"/families/classes/{p2.pk}/").status_code == 404
    assert client.get(f"/families/batches/{invitation.batch_id}/").status_code == 404
    assert client.get(f"/families/batches/{invitation.batch_id}/letters.pdf").status_code == 404
    assert client.get(f"/families/invitations/{invitation.pk}/letter.pdf").status_code == 404
    r = client.post("/families/invite/", {"school_class": p2.pk, "submission": submission_token()})
    assert r.status_code == 404


def test_it_sends_visitors_to_sign_in(client, families):
    assert client.get("/families/")["Location"].startswith("/accounts/sign-in/")


def test_it_counts_in_a_fixed_number_of_queries_however_many_classes_and_families(client, principal, families):
    client.force_login(principal.user)
    client.get("/families/")
    with CaptureQueriesContext(connection) as few:
        client.get("/families/")
    for n in range(3, 8):
        school_class = SchoolClass.objects.create(school=principal.school, name=f"P{n}a", year_group=n)
        for _ in range(3):
            GuardianFactory(
                school=principal.school, children=[PupilFactory(school=principal.school, school_class=school_class)]
            )
    with CaptureQueriesContext(connection) as many:
        html = client.get("/families/").content.decode()
    assert ">P7a</a>" in html
    assert len(many) == len(few) <= 16  # sign-in, roles, navigation, audit: the counts are one


def test_it_invites_everyone_not_yet_asked_once_even_when_the_button_is_pressed_twice(
    client, principal, families, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    token = submission_token()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/families/invite/", {"submission": token})
        second = client.post("/families/invite/", {"submission": token})
    batch = InvitationBatch.objects.latest("pk")
    assert first["Location"] == second["Location"] == f"/families/batches/{batch.pk}/"
    rory = FamilyInvitation.objects.get(batch=batch).guardian
    assert (batch.total, rory.first_name) == (1, "Rory") and mail.outbox[-1].to == [rory.email]
    assert FamilyInvitation.objects.count() == 2  # Ann (before) and Rory (now): nobody twice
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/families/invite/", {"submission": submission_token()}, follow=True)
    assert "Every family has already been asked" in r.content.decode()
    assert InvitationBatch.objects.count() == 2
    assert AuditEvent.objects.filter(verb="families.invitations_created").count() == 2


def test_it_refuses_a_class_that_is_not_a_number(client, principal, families):
    client.force_login(principal.user)
    r = client.post("/families/invite/", {"school_class": "P4", "submission": submission_token()}, follow=True)
    assert "Choose a class from the list." in r.content.decode()
    assert InvitationBatch.objects.count() == 1


def test_it_shows_a_batchs_progress_as_a_page_and_as_a_fragment(client, principal, families):
    client.force_login(principal.user)
    invitation, _code, _p2 = families
    html = client.get(f"/families/batches/{invitation.batch_id}/").content.decode()
    assert "Invitations to families" in html and "Finished" in html and "1 of 1" in html
    fragment = client.get(f"/families/batches/{invitation.batch_id}/", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="progress"')
    InvitationBatch.objects.filter(pk=invitation.batch_id).update(status="running")
    html = client.get(f"/families/batches/{invitation.batch_id}/").content.decode()
    assert 'hx-trigger="every 2s"' in html and 'http-equiv="refresh"' in html


def test_it_prints_a_letter_with_the_link_and_the_code_for_a_parent_without_email(
    client, principal, policies, django_capture_on_commit_callbacks
):
    invitation, code = invited_family(principal, django_capture_on_commit_callbacks, email="")
    client.force_login(principal.user)
    for url in (
        f"/families/invitations/{invitation.pk}/letter.pdf",
        f"/families/batches/{invitation.batch_id}/letters.pdf",
        f"/families/classes/{invitation.pupils.get().school_class_id}/letters.pdf",
    ):
        r = client.get(url)
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF"), url
    assert AuditEvent.objects.filter(verb__startswith="families.letter").count() == 3
    from socialsafe.families.letters import letter_context
    from socialsafe.families.selectors import letters_to_print

    (letter,) = letter_context(letters_to_print(FamilyInvitation.objects.all()))
    assert letter["code"] == code and letter["link"].endswith("/s/glenmore/welcome/")
    assert letter["today"].split()[1] not in {"Jan", "Feb", "Dec"} and len(letter["today"].split()) == 3


def test_it_counts_a_parent_who_acknowledged_signed_in_and_does_not_ask_them_again(
    client, principal, parent, policies, django_capture_on_commit_callbacks
):
    for version in policies:
        policy_acknowledge(version=version, by=parent.user)
    child = parent.guardian.pupils.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_create(school=principal.school, pupil_ids=[child.pk], by=principal.user, reason="test") is None
    client.force_login(principal.user)
    html = client.get("/families/").content.decode()
    assert _row(html, "P2") == ["1", "0", "1", "0", "0"]
    assert "Kelly" not in client.get(f"/families/classes/{child.school_class_id}/").content.decode()
