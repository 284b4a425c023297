"""Inviting a parent on the roster: an account and a one-time link to choose a password."""

import pytest
from django.core import mail

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import ParentInvite
from socialsafe.concerns.tests.conftest import link_in
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guardian(school):
    child = PupilFactory(school=school, first_name="Cian", last_name="Quinn")
    return GuardianFactory(
        school=school, first_name="Niamh", last_name="Quinn", email="niamh@example.com", children=[child]
    )


def test_it_invites_a_parent_who_then_chooses_a_password_and_sees_their_child(
    client, office, guardian, django_capture_on_commit_callbacks
):
    client.force_login(office.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/concerns/parents/{guardian.pk}/invite/")
    assert r.status_code == 302
    guardian.refresh_from_db()
    assert guardian.user.email == "niamh@example.com" and not guardian.user.has_usable_password()
    assert ParentInvite.objects.get().by == office.user
    assert AuditEvent.objects.filter(verb="parent.invited").exists()
    link = link_in(mail.outbox[0], "/accounts/password-reset/")
    client.logout()
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "a-long-new-pass-99", "new_password2": "a-long-new-pass-99"}
    )
    assert done.status_code == 302
    # The link works once only.
    assert b"This link has expired" in client.get(link, follow=True).content
    assert client.login(username="niamh@example.com", password="a-long-new-pass-99")
    assert b"Cian Quinn" in client.get("/school/children/").content
    nav = client.get("/concerns/mine/").content.decode()
    assert "My concerns" in nav and "Photo consent" in nav and "Policies" in nav


def test_inviting_again_reuses_the_account(client, principal, guardian):
    client.force_login(principal.user)
    client.post(f"/concerns/parents/{guardian.pk}/invite/")
    client.post(f"/concerns/parents/{guardian.pk}/invite/")
    guardian.refresh_from_db()
    assert ParentInvite.objects.count() == 2 and guardian.user.guardianships.count() == 1


def test_a_parent_without_an_email_cannot_be_invited(client, principal, school):
    nobody = GuardianFactory(school=school, email="")
    client.force_login(principal.user)
    r = client.post(f"/concerns/parents/{nobody.pk}/invite/", follow=True)
    assert "has no email address" in r.content.decode()
    nobody.refresh_from_db()
    assert nobody.user is None and not ParentInvite.objects.exists()


def test_the_list_shows_who_has_an_account(client, principal, guardian, parent):
    parent.guardian.last_name = "Hasaccount"
    parent.guardian.save(update_fields=["last_name"])
    client.force_login(principal.user)
    html = client.get("/concerns/parents/").content.decode()
    assert "Niamh Quinn" in html and "No account" in html
    html = client.get("/concerns/parents/?show=no-account&q=quinn").content.decode()
    assert "Niamh Quinn" in html and parent.guardian.last_name not in html


def test_another_schools_parent_is_404(client, outsider, guardian):
    client.force_login(outsider.user)
    assert client.post(f"/concerns/parents/{guardian.pk}/invite/").status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "parent", "chair"])
def test_other_roles_are_403(client, guardian, persona, request):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get("/concerns/parents/").status_code == 403
    assert client.post(f"/concerns/parents/{guardian.pk}/invite/").status_code == 403


def test_invite_only_answers_post(client, principal, guardian):
    client.force_login(principal.user)
    assert client.get(f"/concerns/parents/{guardian.pk}/invite/").status_code == 405
