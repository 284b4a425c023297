"""A school starts from SocialSafe's default guidance, not a blank page: offered, pre-filled, edited, published."""

import pytest
from django.utils.timezone import localdate
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from socialsafe.audit.tests.helpers import token_in
from socialsafe.concerns.models import DocKind, PolicyVersion
from socialsafe.lib.tests.clock import iso
from socialsafe.staffrules.guidance import default_guidance_text

pytestmark = pytest.mark.django_db
PAGE = "/staff-rules/default-guidance/"
POLICY = "/concerns/policies/staff-guidance/"
PUBLISH = "/concerns/policies/staff-guidance/publish/"


def test_the_policy_pages_offer_it_while_there_is_no_version(client, principal):
    client.force_login(principal.user)
    assertContains(client.get(POLICY), f'href="{PAGE}"')
    assertContains(client.get("/concerns/policies/"), f'href="{PAGE}"')
    assertNotContains(client.get("/concerns/policies/social-media/"), f'href="{PAGE}"')


def test_they_no_longer_offer_it_once_published(client, principal, guidance):
    client.force_login(principal.user)
    assertNotContains(client.get(POLICY), f'href="{PAGE}"')
    assertNotContains(client.get("/concerns/policies/"), f'href="{PAGE}"')


def test_the_form_is_filled_in_with_the_default_text(client, principal):
    client.force_login(principal.user)
    r = client.get(PAGE)
    assertContains(r, f'action="{PUBLISH}"')
    assertContains(r, "1. Know your privacy settings")
    assertContains(r, "15. Professional standards apply wherever you post")
    assertContains(r, 'value="1.0"')


def test_the_edited_text_is_published_as_a_version(client, principal):
    client.force_login(principal.user)
    text = default_guidance_text() + "\n\nAsk Mrs Quinn, our ICT co-ordinator, if you need help with settings."
    data = {"label": "1.0", "published_on": iso(localdate()), "text": text, "submission": token_in(client.get(PAGE))}
    assertRedirects(client.post(PUBLISH, data), POLICY, fetch_redirect_response=False)
    version = PolicyVersion.objects.get(document__kind=DocKind.STAFF_GUIDANCE)
    assert version.text == text and version.document.school == principal.school
    assert client.post(PUBLISH, data).status_code == 302  # sent twice: still one version
    assert PolicyVersion.objects.count() == 1


def test_a_bad_publish_keeps_the_text_and_says_why(client, principal):
    client.force_login(principal.user)
    data = {"label": "", "published_on": "not a date", "text": default_guidance_text()}
    data["submission"] = token_in(client.get(PAGE))
    r = client.post(PUBLISH, data)
    assert r.status_code == 400
    assertContains(r, "There is a problem", status_code=400)
    assertContains(r, "1. Know your privacy settings", status_code=400)
    assert not PolicyVersion.objects.exists()


def test_it_warns_that_a_published_version_would_be_replaced(client, principal, guidance):
    client.force_login(principal.user)
    r = client.get(PAGE)
    assertContains(r, "Version 1.0 is published already")
    assertNotContains(r, 'value="1.0"')  # the label must be new: the Principal gives it


@pytest.mark.parametrize(
    "persona, status",
    [
        ("principal", 200),
        ("vice_principal", 200),
        ("designated_teacher", 403),
        ("teacher", 403),
        ("office", 403),
        ("staff", 403),
        ("chair", 403),
        ("governor", 403),
        ("parent", 403),
        ("officer", 403),
        ("outsider", 200),  # for their own school
    ],
)
def test_who_may_open_it(request, client, persona, status):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE).status_code == 405
