"""Who may open the staff rules page and confirm, and the home page's prompt while it is outstanding."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.staffrules.models import StaffAttestation
from socialsafe.staffrules.services import staff_attest

pytestmark = pytest.mark.django_db
URL = "/staff-rules/"
STAFF = ["principal", "vice_principal", "designated_teacher", "teacher", "office", "staff"]


@pytest.mark.parametrize("persona", STAFF)
def test_every_member_of_staff_reads_and_confirms(request, client, guidance, persona):
    who = request.getfixturevalue(persona)
    client.force_login(who.user)
    assertContains(client.get(URL), "Confirm for")
    r = client.post(URL, {"version": guidance.pk, "privacy_checked": "on", "guidance_read": "on"})
    assert r.status_code == 302
    assert StaffAttestation.objects.get().member == who.member


@pytest.mark.parametrize("persona", ["chair", "governor", "parent", "officer"])
def test_governors_parents_and_the_authority_are_refused(request, client, guidance, persona):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"version": guidance.pk, "privacy_checked": "on", "guidance_read": "on"}).status_code == 403
    assert not StaffAttestation.objects.exists()


def test_another_schools_principal_sees_their_own_schools_guidance_only(client, outsider, guidance):
    client.force_login(outsider.user)
    r = client.get(URL)
    assertContains(r, "The school has not published its staff guidance yet")
    r = client.post(URL, {"version": guidance.pk, "privacy_checked": "on", "guidance_read": "on"})
    assert r.status_code == 400 and not StaffAttestation.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client):
    for method in (client.get, client.post):
        r = method(URL)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/sign-in/")


def test_the_home_page_prompts_until_it_is_done(client, teacher, guidance):
    client.force_login(teacher.user)
    r = client.get("/")
    assertContains(r, 'id="staffrules-prompt"')
    assertContains(r, "Your yearly social media check")
    staff_attest(member=teacher.member, version=guidance, by=teacher.user, privacy_checked=True, guidance_read=True)
    assertNotContains(client.get("/"), 'id="staffrules-prompt"')


@pytest.mark.parametrize("persona", ["chair", "parent"])
def test_the_home_page_prompts_nobody_but_staff(request, client, guidance, persona):
    client.force_login(request.getfixturevalue(persona).user)
    assertNotContains(client.get("/", follow=True), 'id="staffrules-prompt"')


def test_the_home_page_prompts_nobody_before_guidance_is_published(client, teacher):
    client.force_login(teacher.user)
    assertNotContains(client.get("/"), 'id="staffrules-prompt"')
