"""Passkeys and security keys (WebAuthn) through django-otp-webauthn, for the host this server answers as.

The relying party is the host the person reached (checked against ALLOWED_HOSTS by Django before any view runs),
and the only origin accepted is that same scheme and host, so a passkey made on one SocialSafe works on no other.
"""

import ipaddress

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from socialsafe.audit.services import audit_record


def passkeys_possible(request) -> bool:
    """Browsers make passkeys only for a host name (localhost counts), never for an address such as 127.0.0.1."""
    host = request.get_host().split(":")[0]
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return False


class SchoolWebAuthnHelper(WebAuthnHelper):
    def get_relying_party_domain(self) -> str:
        return self.request.get_host().split(":")[0]

    def get_relying_party_name(self) -> str:
        school = getattr(self.request, "school", None)
        return f"SocialSafe – {school.name}" if school is not None else "SocialSafe"

    def get_allowed_origins(self) -> list[str]:
        return [f"{self.request.scheme}://{self.request.get_host()}"]


class PasskeySignInCompleteView(CompleteCredentialAuthenticationView):
    """The library's last step of signing in with a passkey, with the audit row every sign-in step writes."""

    def complete_auth(self, device):
        super().complete_auth(device)
        audit_record(
            actor=self.request.user,
            verb="account.second_factor_passed",
            target=self.request.user,
            data={"kind": "passkey"},
            request=self.request,
        )


class PasskeyRegisterCompleteView(CompleteCredentialRegistrationView):
    """Registering a passkey; it is a second factor only once the account has passed one (or has none yet)."""


urlpatterns = [
    path("registration/begin/", BeginCredentialRegistrationView.as_view(), name="credential-registration-begin"),
    path("registration/complete/", PasskeyRegisterCompleteView.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", BeginCredentialAuthenticationView.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", PasskeySignInCompleteView.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
