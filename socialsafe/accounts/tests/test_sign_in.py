import pytest
from django.core import mail

from socialsafe.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_takes_the_password_with_any_capitalisation_of_the_email_then_asks_for_the_second_factor(client, principal):
    r = client.post("/accounts/sign-in/", {"username": "Principal@Example.com", "password": "correct horse battery"})
    # The password alone opens nothing: a member of staff without a second factor is taken to set one up.
    assert r.status_code == 302 and r["Location"] == "/accounts/second-factor/set-up/?next=%2F"
    assert AuditEvent.objects.filter(verb="account.signed_in", actor=principal.user).exists()
    assert client.get("/")["Location"].startswith("/accounts/second-factor/set-up/")


def test_it_refuses_a_wrong_password_with_a_clear_message_and_logs_it(client, principal):
    r = client.post("/accounts/sign-in/", {"username": "principal@example.com", "password": "wrong"})
    assert r.status_code == 200
    assert "Enter a correct email address and password" in r.content.decode()
    assert "govuk-error-summary" in r.content.decode()
    event = AuditEvent.objects.get(verb="account.sign_in_failed")
    assert event.data == {"email": "principal@example.com"}


def test_it_asks_for_both_fields(client, db):
    html = client.post("/accounts/sign-in/", {}).content.decode()
    assert "Enter your email address." in html and "Enter your password." in html


def test_it_signs_out_only_by_post(client, principal):
    client.force_login(principal.user)
    assert client.get("/accounts/sign-out/").status_code == 405
    r = client.post("/accounts/sign-out/")
    assert r.status_code == 302
    assert client.get("/").status_code == 302


def test_it_emails_a_password_reset_link_that_works(client, principal):
    r = client.post("/accounts/password-reset/", {"email": "principal@example.com"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    r = client.get("/" + path, follow=True)
    assert "Choose a new password" in r.content.decode()
    r = client.post(
        r.redirect_chain[-1][0], {"new_password1": "a much longer pass 42", "new_password2": "a much longer pass 42"}
    )
    assert r.status_code == 302
    assert client.login(username="principal@example.com", password="a much longer pass 42")
    # The reset changed the password, not the second factor: the next page still asks for it.
    assert client.get("/")["Location"].startswith("/accounts/second-factor/")


def test_it_does_not_reveal_whether_an_email_is_known(client, principal):
    known = client.post("/accounts/password-reset/", {"email": "principal@example.com"})
    unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_it_refuses_a_bad_reset_form(client, db):
    r = client.post("/accounts/password-reset/", {"email": "not an email"})
    assert r.status_code == 200 and "Enter a valid email address." in r.content.decode()
    assert len(mail.outbox) == 0
