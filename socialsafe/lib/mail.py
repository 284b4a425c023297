from django.core.mail.backends.console import EmailBackend


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
