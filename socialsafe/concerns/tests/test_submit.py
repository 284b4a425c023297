"""The public concern form: no account, a confirmation link by email, nothing reaches the school before it."""

import pytest
from django.core import mail
from django.test import Client

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import Concern, ConcernStatus
from socialsafe.concerns.tests.conftest import link_in

pytestmark = pytest.mark.django_db

URL = "/s/glenmore/concern/"


def test_it_shows_the_form_with_the_schools_response_time(client, school):
    r = client.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Glenmore Primary School" in html and "Raise a concern with the Principal" in html
    assert "within 5 school days" in html
    assert 'name="website"' in html  # the honeypot is there, hidden from people


def test_it_stores_a_pending_concern_and_emails_a_confirmation_link(
    client, school, principal, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, form_data)
    assert r.status_code == 302 and r["Location"] == "/s/glenmore/concern/sent/"
    concern = Concern.objects.get()
    assert concern.status == ConcernStatus.PENDING and concern.reference == ""
    assert concern.email == "sinead.kelly@example.com" and concern.school == school
    assert len(mail.outbox) == 1  # only the sender: the Principal hears nothing until it is confirmed
    assert mail.outbox[0].to == ["sinead.kelly@example.com"]
    assert link_in(mail.outbox[0], "/s/glenmore/concern/confirm/")
    assert AuditEvent.objects.filter(verb="concern.submitted").exists()


def test_the_check_your_email_page(client, school):
    r = client.get("/s/glenmore/concern/sent/")
    assert r.status_code == 200 and b"Check your email" in r.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter ‘Your name’."),
        ({"email": "not-an-email"}, "Enter an email address like name@example.com."),
        ({"email": "a@example.com\nBcc: victim@example.com"}, "Enter an email address like name@example.com."),
        ({"topic": "nonsense"}, "Select a valid choice."),
        ({"topic": ""}, "Choose an answer to ‘What is it about’."),
        ({"what_happened": ""}, "Enter ‘What happened’."),
        ({"wanted_outcome": "   "}, "Enter ‘What would you like to happen’."),
        ({"relationship": "alien"}, "Select a valid choice."),
        ({"school_class": "999999"}, "Select a valid choice."),
        ({"what_happened": "x" * 5001}, "Keep this to 5,000 characters or fewer."),
        ({"name": "n" * 101}, "Keep this to 100 characters or fewer."),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(client, school, form_data, change, message):
    r = client.post(URL, {**form_data, **change})
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Concern.objects.exists() and not mail.outbox


def test_it_offers_only_this_schools_classes(client, school, other_school, form_data):
    from socialsafe.schools.tests.factories import SchoolClassFactory

    ours = SchoolClassFactory(school=school, name="P3", year_group=3)
    theirs = SchoolClassFactory(school=other_school, name="P5", year_group=5)
    assert client.post(URL, {**form_data, "school_class": theirs.pk}).status_code == 400
    assert client.post(URL, {**form_data, "school_class": ours.pk}).status_code == 302
    assert Concern.objects.get().school_class == ours


def test_a_filled_honeypot_looks_sent_but_stores_and_sends_nothing(
    client, school, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, {**form_data, "website": "http://spam.example"})
    assert r.status_code == 302 and r["Location"] == "/s/glenmore/concern/sent/"
    assert not Concern.objects.exists() and not mail.outbox


def test_an_unknown_school_is_404(client, db):
    assert client.get("/s/nowhere/concern/").status_code == 404
    assert client.get("/s/nowhere/online-safety/").status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_405(client, school, method):
    assert getattr(client, method)(URL).status_code == 405
    assert client.post("/s/glenmore/concern/sent/").status_code == 405


def test_it_needs_the_csrf_token(school, form_data):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form_data).status_code == 403
    assert not Concern.objects.exists()


def test_the_public_pages_send_a_strict_csp(client, school):
    csp = client.get(URL)["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp


def test_a_signed_in_parent_finds_their_name_and_email_filled_in(client, parent):
    client.force_login(parent.user)
    html = client.get(URL).content.decode()
    assert 'value="parent@example.com"' in html and f'value="{parent.guardian.first_name} ' in html


def test_the_senders_address_is_in_the_audit_log(client, school, form_data):
    client.post(URL, form_data, REMOTE_ADDR="198.51.100.23")
    assert AuditEvent.objects.get(verb="concern.submitted").ip_address == "198.51.100.23"
