"""Versioned policy documents: publish, acknowledge each new version, see who has not, remind them."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import Acknowledgement, AppendOnlyError, DocKind, PolicyVersion
from socialsafe.concerns.services import policy_acknowledge, policy_version_publish

pytestmark = pytest.mark.django_db

LAST_YEAR = (localdate() - dt.timedelta(days=365)).isoformat()


def publish(school, by, kind=DocKind.SOCIAL_MEDIA, label="1.0", days_ago=1, text="Be kind online."):
    return policy_version_publish(
        school=school, kind=kind, by=by, label=label, published_on=localdate() - dt.timedelta(days=days_ago), text=text
    )


def test_the_principal_publishes_a_version(client, principal):
    client.force_login(principal.user)
    data = {"label": "2.0", "published_on": localdate().isoformat(), "text": "Our new policy."}
    r = client.post("/concerns/policies/social-media/publish/", data)
    assert r.status_code == 302 and r["Location"] == "/concerns/policies/social-media/"
    version = PolicyVersion.objects.get()
    assert version.document.school == principal.school and version.text == "Our new policy."
    assert AuditEvent.objects.filter(verb="policy.published").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"label": "", "published_on": LAST_YEAR, "text": "x"},
        {"label": "1", "published_on": "yesterday", "text": "x"},
        {"label": "1", "published_on": LAST_YEAR, "text": ""},
        {"label": "x" * 21, "published_on": LAST_YEAR, "text": "x"},
        {"label": "1", "published_on": LAST_YEAR, "text": "nul\x00"},
    ],
)
def test_bad_versions_are_refused(client, principal, data):
    client.force_login(principal.user)
    assert client.post("/concerns/policies/social-media/publish/", data).status_code == 400
    assert not PolicyVersion.objects.exists()


def test_a_label_is_used_once(client, principal):
    publish(principal.school, principal.user)
    client.force_login(principal.user)
    r = client.post(
        "/concerns/policies/social-media/publish/", {"label": "1.0", "published_on": LAST_YEAR, "text": "again"}
    )
    assert r.status_code == 400 and PolicyVersion.objects.count() == 1


def test_an_unknown_document_is_404_and_other_roles_403(client, principal, teacher):
    client.force_login(principal.user)
    assert client.get("/concerns/policies/no-such-thing/").status_code == 404
    client.force_login(teacher.user)
    assert client.get("/concerns/policies/social-media/").status_code == 403
    assert client.post("/concerns/policies/social-media/publish/", {}).status_code == 403
    assert client.post("/concerns/policies/social-media/remind/").status_code == 403


def test_a_parent_acknowledges_and_is_asked_again_for_a_new_version(client, principal, parent):
    first = publish(principal.school, principal.user, days_ago=30)
    client.force_login(parent.user)
    assert "To read" in client.get("/concerns/policies/").content.decode()
    r = client.post(f"/concerns/policies/versions/{first.pk}/", {})
    assert r.status_code == 400 and "Tick the box" in r.content.decode()
    r = client.post(f"/concerns/policies/versions/{first.pk}/", {"confirm": "on"})
    assert r.status_code == 302
    ack = Acknowledgement.objects.get()
    assert ack.user == parent.user and ack.guardian == parent.guardian
    assert "To read" not in client.get("/concerns/policies/").content.decode()
    second = publish(principal.school, principal.user, label="2.0", days_ago=0)
    assert "To read" in client.get("/concerns/policies/").content.decode()
    client.post(f"/concerns/policies/versions/{second.pk}/", {"confirm": "on"})
    assert Acknowledgement.objects.filter(user=parent.user).count() == 2


def test_a_version_published_later_is_not_current_yet(client, principal, parent):
    current = publish(principal.school, principal.user, days_ago=3)
    publish(principal.school, principal.user, label="2.0", days_ago=-5)
    assert current.document.current_version() == current


def test_staff_acknowledge_the_staff_guidance_not_the_parents_documents(client, principal, teacher, parent):
    staff_doc = publish(principal.school, principal.user, kind=DocKind.STAFF_GUIDANCE)
    parents_doc = publish(principal.school, principal.user, kind=DocKind.CODE_OF_CONDUCT)
    client.force_login(teacher.user)
    html = client.get("/concerns/policies/").content.decode()
    assert "guidance for staff" in html and "Code of Conduct" not in html
    assert client.get(f"/concerns/policies/versions/{parents_doc.pk}/").status_code == 403
    assert client.post(f"/concerns/policies/versions/{staff_doc.pk}/", {"confirm": "on"}).status_code == 302
    assert Acknowledgement.objects.get().member == teacher.member
    client.force_login(parent.user)
    assert client.get(f"/concerns/policies/versions/{staff_doc.pk}/").status_code == 403


def test_another_schools_version_is_404(client, outsider, principal):
    version = publish(principal.school, principal.user)
    client.force_login(outsider.user)
    assert client.get(f"/concerns/policies/versions/{version.pk}/").status_code == 404


def test_the_principal_sees_who_has_and_has_not(client, principal, parent, school):
    from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory, UserFactory

    other = GuardianFactory(
        school=school, first_name="Ciara", last_name="Late", user=UserFactory(), children=[PupilFactory(school=school)]
    )
    GuardianFactory(school=school, first_name="Noel", last_name="Noaccount", children=[PupilFactory(school=school)])
    version = publish(school, principal.user)
    policy_acknowledge(version=version, by=parent.user)
    client.force_login(principal.user)
    html = client.get("/concerns/policies/social-media/").content.decode()
    done, pending = html.split('id="done"')[1], html.split('id="pending"')[1].split("</ul>")[0]
    assert parent.guardian.last_name in done and other.last_name in pending
    assert "Noel Noaccount" in html and "Noel Noaccount" not in pending
    assert "1 of 3" in client.get("/concerns/policies/").content.decode()


def test_reminders_go_once_a_week_to_those_who_have_not(client, principal, parent, django_capture_on_commit_callbacks):
    version = publish(principal.school, principal.user)
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/concerns/policies/social-media/remind/", follow=True)
    assert "1 reminder sent" in r.content.decode()
    assert mail.outbox[0].to == [parent.user.email]
    assert f"/concerns/policies/versions/{version.pk}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_acknowledgements", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # not again within the week
    with time_machine.travel(dt.timedelta(days=8)), django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("remind_acknowledgements", stdout=out)
    assert "Sent 1 reminder(s)." in out.getvalue() and len(mail.outbox) == 2
    policy_acknowledge(version=version, by=parent.user)
    with time_machine.travel(dt.timedelta(days=20)), django_capture_on_commit_callbacks(execute=True):
        call_command("remind_acknowledgements", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_the_command_refuses_an_unknown_school(db):
    with pytest.raises(SystemExit):
        call_command("remind_acknowledgements", "--school", "nowhere", stdout=io.StringIO(), stderr=io.StringIO())


def test_versions_and_acknowledgements_cannot_be_changed(principal, parent):
    version = publish(principal.school, principal.user)
    version.text = "Quietly changed"
    with pytest.raises(AppendOnlyError):
        version.save()
    policy_acknowledge(version=PolicyVersion.objects.get(), by=parent.user)
    with pytest.raises(AppendOnlyError):
        Acknowledgement.objects.all().delete()


def test_the_pages_refuse_wrong_methods(client, principal):
    client.force_login(principal.user)
    assert client.post("/concerns/policies/").status_code == 405
    assert client.get("/concerns/policies/social-media/publish/").status_code == 405
    assert client.get("/concerns/policies/social-media/remind/").status_code == 405
