"""The redaction page shows every third party and what replaces them; the Principal confirms, then produces and
downloads the ZIP. Each step is audited and done once however often it is posted."""

import hashlib

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.subjectaccess.models import SubjectAccessExport

pytestmark = pytest.mark.django_db


def test_the_page_shows_who_will_be_replaced_and_writes_only_its_view_record(client, principal, pupil_request):
    client.force_login(principal.user)
    before = AuditEvent.objects.count()
    r = client.get(f"/subject-access/{pupil_request.pk}/redaction/")
    assertContains(r, "Ciarán Boyd")
    assertContains(r, "Pupil A")
    assertContains(r, "Mrs Maeve Boyd")  # named only inside the case's text: found all the same
    assertContains(r, "Parent or carer A")
    assertNotContains(r, '<td data-label="Name" class="govuk-table__cell">Aoife Kelly</td>')  # the subject
    new = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))[before:]
    assert new == ["subjectaccess.redaction_viewed"]


def confirm(client, sar, **data):
    url = f"/subject-access/{sar.pk}/redaction/"
    return client.post(url, {"submission": token_in(client.get(url), url), **data})


def test_confirming_then_producing_then_downloading(client, principal, pupil_request):
    client.force_login(principal.user)
    assert confirm(client, pupil_request).status_code == 302
    pupil_request.refresh_from_db()
    assert pupil_request.redaction_confirmed
    assert AuditEvent.objects.filter(verb="subjectaccess.redaction_confirmed").count() == 1
    detail = f"/subject-access/{pupil_request.pk}/"
    produce = f"/subject-access/{pupil_request.pk}/produce/"
    data = {"submission": token_in(client.get(detail), produce)}
    first, second = client.post(produce, data), client.post(produce, data)  # a double click
    assert first.status_code == second.status_code == 302
    export = SubjectAccessExport.objects.get()
    assert AuditEvent.objects.filter(verb="subjectaccess.exported").count() == 1
    r = client.get(f"/subject-access/exports/{export.pk}/download/")
    assert r.status_code == 200
    body = b"".join(r.streaming_content)
    assert hashlib.sha256(body).hexdigest() == export.sha256
    event = AuditEvent.objects.get(verb="subjectaccess.downloaded")
    assert event.actor == principal.user and event.data["sha256"] == export.sha256


def test_a_double_submitted_confirmation_is_recorded_once(client, principal, pupil_request):
    client.force_login(principal.user)
    url = f"/subject-access/{pupil_request.pk}/redaction/"
    data = {"submission": token_in(client.get(url), url)}
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert AuditEvent.objects.filter(verb="subjectaccess.redaction_confirmed").count() == 1


def test_a_staff_choice_that_is_not_on_the_list_is_refused(client, principal, pupil_request):
    client.force_login(principal.user)
    r = confirm(client, pupil_request, withheld_staff="987654")
    assertContains(r, "Select a valid choice", status_code=400)
    pupil_request.refresh_from_db()
    assert not pupil_request.redaction_confirmed


def test_producing_before_confirming_says_so_and_makes_nothing(client, principal, pupil_request):
    client.force_login(principal.user)
    r = client.post(f"/subject-access/{pupil_request.pk}/produce/")
    assertContains(r, "Confirm the redaction before producing the export.", status_code=400)
    assert not SubjectAccessExport.objects.exists()
