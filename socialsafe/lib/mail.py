from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.console import EmailBackend
from django.db import transaction
from django.template.loader import render_to_string


def email_on_commit(to: list[str], subject: str, template: str, context: dict) -> None:
    """Send a plain-text email from a template once the current transaction commits (never for a rolled-back one)."""
    to = [address for address in to if address]
    if not to:
        return

    def send() -> None:
        send_mail(subject, render_to_string(template, {**context, "site_url": settings.SITE_URL}), None, to)

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
