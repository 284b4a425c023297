"""Emails sent on a school's behalf carry the school's name."""

from django.core import mail
from django.db import transaction

from socialsafe.lib.mail import email_on_commit, from_school


def test_from_school_names_the_school_at_the_installation_address(school, settings):
    settings.DEFAULT_FROM_EMAIL = "SocialSafe <no-reply@example.org>"
    assert from_school(school) == f"{school.name} <no-reply@example.org>"
    assert from_school(None) == "SocialSafe <no-reply@example.org>"


def test_from_school_quotes_a_name_with_a_comma(school, settings):
    settings.DEFAULT_FROM_EMAIL = "no-reply@example.org"
    school.name = "St Mary's, Belfast"
    assert from_school(school) == '"St Mary\'s, Belfast" <no-reply@example.org>'


def test_email_on_commit_sends_from_the_school(school, settings, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "SocialSafe <no-reply@example.org>"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email_on_commit(["parent@example.org"], "Hello", "concerns/email/reminder.txt", {}, school=school)
    assert mail.outbox[-1].from_email == f"{school.name} <no-reply@example.org>"
