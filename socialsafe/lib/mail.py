from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.console import EmailBackend
from django.db import transaction
from django.template.loader import render_to_string


def from_school(school) -> str:
    """The From line of an email sent on a school's behalf: the school's name, at the installation's sending address.

    A parent sees "Ballynure Primary School", not the product's name; the address stays the one the installation
    may send from (the school's own address would fail the receiving server's SPF and DMARC checks)."""
    if school is None:
        return settings.DEFAULT_FROM_EMAIL
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((school.name, address or settings.DEFAULT_FROM_EMAIL))


def email_on_commit(to: list[str], subject: str, template: str, context: dict, *, school=None) -> None:
    """Send a plain-text email from a template once the current transaction commits (never for a rolled-back one).

    With `school`, the email comes from the school's name (`from_school`)."""
    to = [address for address in to if address]
    if not to:
        return
    sender = from_school(school)

    def send() -> None:
        send_mail(subject, render_to_string(template, {**context, "site_url": settings.SITE_URL}), sender, to)

    transaction.on_commit(send)


class ReadableConsoleBackend(EmailBackend):
    """Print emails as a person reads them: headers and the plain body, links unbroken (no quoted-printable)."""

    def write_message(self, message) -> None:
        self.stream.write(
            f"--- Email to {', '.join(message.to)}\nFrom: {message.from_email}\nSubject: {message.subject}\n\n"
            f"{message.body}\n"
        )
        for attachment in message.attachments:
            name = getattr(attachment, "filename", None) or (attachment[0] if isinstance(attachment, tuple) else "")
            self.stream.write(f"[attachment: {name}]\n")
        self.stream.write("-" * 79 + "\n")
