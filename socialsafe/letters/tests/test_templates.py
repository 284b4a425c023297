"""The school edits its letter templates, with a preview; wording with unknown fields is refused."""

import pytest
from pytest_django.asserts import assertContains

from socialsafe.audit.models import AuditEvent
from socialsafe.letters.models import LetterTemplate
from socialsafe.letters.tests.helpers import template_of

pytestmark = pytest.mark.django_db


def test_the_list_starts_with_the_five_letters(client, principal):
    client.force_login(principal.user)
    r = client.get("/letters/templates/")
    assert LetterTemplate.objects.filter(school=principal.school).count() == 5
    assertContains(r, "Notice of revoked premises licence")


def test_it_previews_with_sample_values_and_saves(client, principal):
    template = template_of(principal.school)
    client.force_login(principal.user)
    data = {"subject": "Our meeting", "body": "Dear {{ parent_names }},\n\nPlease call {{ school_name }}."}
    r = client.post(f"/letters/templates/{template.pk}/", {**data, "action": "preview"})
    assertContains(r, "Dear Mr and Mrs Sample,")
    template.refresh_from_db()
    assert template.subject != "Our meeting"
    r = client.post(f"/letters/templates/{template.pk}/", {**data, "action": "save"})
    assert r.status_code == 302
    template.refresh_from_db()
    assert template.body == data["body"] and template.updated_by == principal.user
    assert AuditEvent.objects.filter(verb="letters.template_updated").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"subject": "x", "body": "Dear {{ parent }}"}, "Unknown merge field {{ parent }}"),
        ({"subject": "{{ nope }}", "body": "x"}, "Unknown merge field {{ nope }}"),
        ({"subject": "x", "body": "{% now 'Y' %}"}, "Only merge fields"),
        ({"subject": "", "body": "x"}, "Enter ‘Subject’."),
        ({"subject": "x", "body": ""}, "Enter ‘Wording’."),
    ],
)
def test_bad_wording_is_refused(client, principal, data, message):
    template = template_of(principal.school)
    before = template.body
    client.force_login(principal.user)
    assertContains(
        client.post(f"/letters/templates/{template.pk}/", {**data, "action": "save"}), message, status_code=400
    )
    template.refresh_from_db()
    assert template.body == before


def test_roles_schools_and_methods(client, teacher, outsider, principal):
    template = template_of(principal.school)
    client.force_login(teacher.user)
    assert client.get("/letters/templates/").status_code == 403
    assert client.get(f"/letters/templates/{template.pk}/").status_code == 403
    client.force_login(outsider.user)
    assert client.get(f"/letters/templates/{template.pk}/").status_code == 404
    client.force_login(principal.user)
    assert client.put(f"/letters/templates/{template.pk}/").status_code == 405
    assert client.post("/letters/templates/").status_code == 405
