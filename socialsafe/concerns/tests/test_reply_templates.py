"""The school's own reply templates: add, change, delete; one school's are never another's."""

import pytest

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import ReplyTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(school):
    return ReplyTemplate.objects.create(school=school, title="Thanks", text="Thank you for telling me.")


def test_it_adds_changes_and_deletes_a_template(client, principal):
    client.force_login(principal.user)
    r = client.post("/concerns/inbox/templates/", {"title": "Meeting", "text": "Let us meet."})
    assert r.status_code == 302
    template = ReplyTemplate.objects.get()
    assert template.school == principal.school
    client.post(f"/concerns/inbox/templates/{template.pk}/", {"title": "Meeting", "text": "Please phone the office."})
    template.refresh_from_db()
    assert template.text == "Please phone the office."
    assert client.post(f"/concerns/inbox/templates/{template.pk}/delete/").status_code == 302
    assert not ReplyTemplate.objects.exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"concern.template_saved", "concern.template_deleted"} <= verbs


@pytest.mark.parametrize(
    "data", [{"title": "", "text": "x"}, {"title": "x", "text": ""}, {"title": "t" * 101, "text": "x"}]
)
def test_bad_input_is_refused(client, principal, data):
    client.force_login(principal.user)
    assert client.post("/concerns/inbox/templates/", data).status_code == 400
    assert not ReplyTemplate.objects.exists()


def test_a_duplicate_title_is_refused(client, principal, template):
    client.force_login(principal.user)
    r = client.post("/concerns/inbox/templates/", {"title": "Thanks", "text": "Other"})
    assert r.status_code == 400 and ReplyTemplate.objects.count() == 1


def test_another_schools_template_is_404(client, outsider, template):
    client.force_login(outsider.user)
    assert client.get(f"/concerns/inbox/templates/{template.pk}/").status_code == 404
    assert client.post(f"/concerns/inbox/templates/{template.pk}/delete/").status_code == 404
    assert ReplyTemplate.objects.exists()


def test_other_roles_are_403(client, office, template):
    client.force_login(office.user)
    assert client.get("/concerns/inbox/templates/").status_code == 403
    assert client.post(f"/concerns/inbox/templates/{template.pk}/delete/").status_code == 403


def test_delete_only_answers_post(client, principal, template):
    client.force_login(principal.user)
    assert client.get(f"/concerns/inbox/templates/{template.pk}/delete/").status_code == 405
