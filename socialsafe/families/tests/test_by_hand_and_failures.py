"""A pupil added by hand in the back office brings their family's invitation; a mail server's refusal is counted."""

import pytest
from django.core import mail
from django.utils.timezone import localdate

from socialsafe.families.models import BatchStatus, FamilyInvitation, InvitationBatch
from socialsafe.families.services import batch_create
from socialsafe.lib.dates import add_months
from socialsafe.schools.models import Pupil, SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


def _add_form(school, school_class, guardian, **extra):
    return {
        "school": school.pk,
        "reference": "H1",
        "first_name": "Orla",
        "last_name": "Byrne",
        "date_of_birth": add_months(localdate(), -60).isoformat(),
        "school_class": school_class.pk,
        "guardian_links-TOTAL_FORMS": "1",
        "guardian_links-INITIAL_FORMS": "0",
        "guardian_links-0-guardian": guardian.pk,
        "guardian_links-0-relationship": "mother",
        "guardian_links-0-parental_responsibility": "on",
        **extra,
    }


def test_it_invites_the_family_of_a_pupil_added_by_hand(
    client, principal, policies, django_capture_on_commit_callbacks
):
    # The back office's superuser: the parent-and-pupil links are edited there (the office's role does not open them).
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    school = principal.school
    school_class = SchoolClass.objects.create(school=school, name="P1", year_group=1)
    guardian = GuardianFactory(school=school, email="aisling@example.com")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/admin/schools/pupil/add/", _add_form(school, school_class, guardian))
    assert r.status_code == 302, r.content.decode()[:2000]
    pupil = Pupil.objects.get(reference="H1")
    invitation = FamilyInvitation.objects.get()
    assert invitation.guardian == guardian and list(invitation.pupils.all()) == [pupil]
    assert invitation.batch.by == admin and [m.to for m in mail.outbox] == [["aisling@example.com"]]


def test_it_invites_nobody_when_the_form_has_an_error(client, office, policies, django_capture_on_commit_callbacks):
    office.user.is_staff = True
    office.user.save()
    school_class = SchoolClass.objects.create(school=office.school, name="P1", year_group=1)
    guardian = GuardianFactory(school=office.school)
    client.force_login(office.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/admin/schools/pupil/add/", _add_form(office.school, school_class, guardian, date_of_birth="x")
        )
    assert r.status_code == 200
    assert not FamilyInvitation.objects.exists() and not mail.outbox


def test_it_invites_nobody_before_the_policy_is_published(principal):
    pupil = PupilFactory(school=principal.school)
    GuardianFactory(school=principal.school, children=[pupil])
    assert batch_create(school=principal.school, pupil_ids=[pupil.pk], by=principal.user, reason="test") is None
    assert not InvitationBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_counts_an_email_the_mail_server_refuses_and_sends_the_rest(principal, policies, settings):
    # A mail server that is not there: the connection is refused, as a real outage would refuse it.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    pupil = PupilFactory(school=principal.school)
    GuardianFactory(school=principal.school, email="a@example.com", children=[pupil])
    GuardianFactory(school=principal.school, email="", children=[pupil])
    batch = batch_create(school=principal.school, pupil_ids=[pupil.pk], by=principal.user, reason="test")
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.sent, batch.letters, batch.failed) == (BatchStatus.DONE, 2, 0, 1, 1)
    failed = FamilyInvitation.objects.get(guardian__email="a@example.com")
    assert failed.failed
