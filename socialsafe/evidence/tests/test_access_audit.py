"""Every look at evidence leaves one audit row: the item's page, its full-size image, a download, a bundle."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains

from socialsafe.audit.models import AuditEvent
from socialsafe.evidence.models import Bundle, EvidenceItem
from socialsafe.evidence.tests.helpers import metadata, screenshot

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"


@pytest.fixture
def item(client, principal, case) -> EvidenceItem:
    client.force_login(principal.user)
    files = [SimpleUploadedFile("shot.png", screenshot())]
    assert client.post(f"/evidence/case/{case.pk}/add/", {**metadata(), "files": files}).status_code == 302
    return EvidenceItem.objects.get()


def only_new_event(client, url: str, since: int) -> AuditEvent:
    r = client.get(url, REMOTE_ADDR=ADDRESS)
    assert r.status_code == 200
    events = list(AuditEvent.objects.filter(pk__gt=since))
    assert len(events) == 1, [e.verb for e in events]  # a GET writes its one audit row, nothing more
    return events[0]


def last_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(
    ("suffix", "verb"),
    [("/", "evidence.viewed"), ("/file/?inline=1", "evidence.image_shown"), ("/file/", "evidence.downloaded")],
)
def test_each_look_at_an_item_is_one_row(client, principal, case, item, suffix, verb):
    event = only_new_event(client, f"/evidence/{item.pk}{suffix}", last_pk())
    assert (event.actor, event.verb, event.case_id, event.ip_address) == (principal.user, verb, case.pk, ADDRESS)
    assert (event.target_type, event.target_id) == ("evidence.evidenceitem", str(item.pk))


def test_downloading_a_bundle_is_one_row(client, principal, case, item):
    client.post(f"/evidence/case/{case.pk}/bundle/", {"recipient": "PSNI", "signed_off_by": "Ruth Patterson"})
    bundle = Bundle.objects.get()
    event = only_new_event(client, f"/evidence/bundles/{bundle.pk}/", last_pk())
    assert (event.actor, event.verb, event.case_id, event.ip_address) == (
        principal.user,
        "evidence.bundle_downloaded",
        case.pk,
        ADDRESS,
    )
    assert event.data == {"bundle": bundle.pk, "recipient": "PSNI", "sha256": bundle.sha256}


def test_the_items_page_says_who_has_seen_it(client, principal, item):
    client.get(f"/evidence/{item.pk}/file/", REMOTE_ADDR=ADDRESS)
    r = client.get(f"/evidence/{item.pk}/")
    assertContains(r, "Who has seen this item")
    assertContains(r, "Downloaded evidence")
    assertContains(r, ADDRESS)


def test_another_schools_attempt_is_logged_on_the_items_case(client, principal, outsider, case, item):
    client.force_login(outsider.user)
    assert client.get(f"/evidence/{item.pk}/file/").status_code == 404
    event = AuditEvent.objects.get(verb="access.refused")
    assert (event.actor, event.case_id, event.data["path"]) == (outsider.user, case.pk, f"/evidence/{item.pk}/file/")
    client.force_login(principal.user)
    assertContains(client.get(f"/evidence/{item.pk}/"), f"Refused: /evidence/{item.pk}/file/ (answered 404)")
