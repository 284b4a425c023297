"""Signing in (password, then the second factor), setting up a second factor, and the account's security page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from socialsafe.accounts import limits
from socialsafe.accounts.forms import AppSetUpForm, CodeForm, SignInForm
from socialsafe.accounts.second_factor import (
    code_verify,
    passkey_remove,
    recovery_codes_new,
    second_factor_asked,
    second_factor_devices,
    second_factor_enrolled,
    second_factor_required,
    totp_code_step,
    totp_enrol,
    totp_qr_svg,
    totp_secret_new,
    totp_words,
)
from socialsafe.accounts.tokens import reset_tokens
from socialsafe.accounts.webauthn import passkeys_possible
from socialsafe.audit.services import audit_record
from socialsafe.lib.net import client_ip

KEY_SALT = "socialsafe.accounts.totp-set-up"
KEY_MAX_AGE = 15 * 60

LOCKED_MESSAGE = (
    "Too many attempts to sign in to this account or from this device. For your safety, wait and try again {when}. "
    "If you have forgotten your password, use “Forgotten your password?” below; if you are still locked out, ask "
    "the school office."
)


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SignInView(auth.LoginView):
    """Email and password; refused without hashing anything once the account or address has failed too often."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm

    def post(self, request, *args, **kwargs):
        account = request.POST.get("username", "")
        if limits.limit_reached(limits.SIGN_IN, account=account, address=client_ip(request)):
            # The form is not cleaned: cleaning it would check the password (and hash it) to find its errors.
            form = self.get_form()
            form._errors, form.cleaned_data = ErrorDict(), {}
            form.add_error(None, LOCKED_MESSAGE.format(when=limits.limit_wait_words()))
            audit_record(
                actor=None,
                verb="account.sign_in_refused",
                data={"email": account[:254], "why": "too many"},
                request=request,
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("__all__", "invalid_login"):
            limits.limit_count(
                limits.SIGN_IN, account=self.request.POST.get("username", ""), address=client_ip(self.request)
            )
        return super().form_invalid(form)

    def get_success_url(self):
        # The password was right; the second factor comes next, keeping where the person was going.
        url = super().get_success_url()
        if second_factor_asked(self.request.user):
            from urllib.parse import urlencode

            step = "accounts:second_factor" if second_factor_enrolled(self.request.user) else "accounts:set_up"
            return f"{resolve_url(step)}?{urlencode({'next': url})}"
        return url


class PasswordResetView(auth.PasswordResetView):
    """A reset link by email, at most SIGN_IN_MAX_FAILURES a window per address typed and per client address.

    The answer is the same whether or not the address has an account, and whether or not the limit was reached.
    """

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    token_generator = reset_tokens

    def get_success_url(self):
        return resolve_url("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        address = client_ip(self.request)
        if limits.limit_reached(limits.PASSWORD_RESET, account=email, address=address):
            audit_record(actor=None, verb="account.reset_refused", data={"email": email[:254]}, request=self.request)
            return redirect(self.get_success_url())
        limits.limit_count(limits.PASSWORD_RESET, account=email, address=address)
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a passkey, an authenticator-app code or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not second_factor_enrolled(request.user) and second_factor_required(request.user):
        return redirect(f"{resolve_url('accounts:set_up')}?{request.GET.urlencode()}")
    user = request.user
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        address = client_ip(request)
        if limits.limit_reached(limits.SECOND_FACTOR, account=user.email, address=address):
            audit_record(
                actor=user, verb="account.second_factor_refused", target=user, data={"why": "too many"}, request=request
            )
            logout(request)
            messages.error(
                request,
                LOCKED_MESSAGE.format(when=limits.limit_wait_words()).replace(
                    "“Forgotten your password?” below",
                    "a recovery code, or ask the Principal to reset your second factor",
                ),
            )
            return redirect("accounts:login")
        if form.is_valid():
            device = code_verify(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                kind = "recovery code" if device.name == "Recovery codes" else "app"
                audit_record(
                    actor=user, verb="account.second_factor_passed", target=user, data={"kind": kind}, request=request
                )
                if kind == "recovery code":
                    left = second_factor_devices(user)["recovery_left"]
                    messages.warning(
                        request,
                        f"You used a recovery code. You have {left} left: make new ones "
                        "from your account's security page if you are running short.",
                    )
                return redirect(_next_url(request))
            limits.limit_count(limits.SECOND_FACTOR, account=user.email, address=address)
            audit_record(actor=user, verb="account.second_factor_failed", target=user, request=request)
            form.add_error("code", "That code is not right, or has been used already. Check the app and try again.")
        status = 400
    devices = second_factor_devices(user)
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "devices": devices, "next": _next_url(request)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Setting up a second factor: forced at the first sign-in for staff; open to anyone already fully signed in."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    user = request.user
    if not request.user.is_verified() and second_factor_enrolled(user):
        # Adding a device needs the existing one first, so a stolen password cannot add the thief's.
        return redirect(f"{resolve_url('accounts:second_factor')}?{request.GET.urlencode()}")
    hex_key = None
    if request.method == "POST":
        form = AppSetUpForm(request.POST)
        if form.is_valid():
            try:
                signed = signing.loads(form.cleaned_data["key"], salt=KEY_SALT, max_age=KEY_MAX_AGE)
                hex_key = signed["k"] if signed.get("u") == user.pk else None
            except signing.BadSignature:
                hex_key = None
            if hex_key is None:
                form.add_error(None, "This page was open too long. Scan the new code below and try again.")
            elif (step := totp_code_step(hex_key, form.cleaned_data["code"])) is None:
                form.add_error(
                    "code",
                    "That code does not match. Check the app shows SocialSafe and enter its current 6-digit code.",
                )
            else:
                device = totp_enrol(user=user, hex_key=hex_key, step=step, request=request)
                first = not request.user.is_verified()
                if first:
                    otp_login(request, device)
                    codes = recovery_codes_new(user=user, request=request)
                    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
                messages.success(request, "Your authenticator app is set up. The old one no longer works.")
                return redirect("accounts:security")
        status = 400
    else:
        form = AppSetUpForm()
        status = 200
    hex_key = hex_key or totp_secret_new()
    context = {
        "form": form,
        "signed_key": signing.dumps({"k": hex_key, "u": user.pk}, salt=KEY_SALT),
        "qr": totp_qr_svg(user, hex_key),
        "key_words": totp_words(hex_key),
        "next": _next_url(request),
        "required": second_factor_required(user),
        "first": not request.user.is_verified(),
        "passkeys_possible": passkeys_possible(request),
    }
    return render(request, "accounts/set_up.html", context, status=status)


@require_POST
def passkey_added(request: HttpRequest) -> HttpResponse:
    """After the browser has registered a passkey: the first device also brings the recovery codes."""
    if not request.user.is_authenticated or not request.user.is_verified():
        return redirect("accounts:login")
    user = request.user
    audit_record(actor=user, verb="account.second_factor_added", target=user, data={"kind": "passkey"}, request=request)
    if second_factor_devices(user)["recovery_left"] == 0:
        codes = recovery_codes_new(user=user, request=request)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    messages.success(request, "Your passkey is saved. You can use it the next time you sign in.")
    return redirect("accounts:security")


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The account's second factors: add a passkey, replace the app, make new recovery codes, remove a passkey."""
    user = request.user
    if request.method == "POST":
        what = request.POST.get("do")
        if what == "recovery":
            codes = recovery_codes_new(user=user, request=request)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": resolve_url("accounts:security")}
            )
        if what == "remove-passkey":
            try:
                pk = int(request.POST.get("passkey", ""))
            except ValueError:
                pk = 0
            devices = second_factor_devices(user)
            if second_factor_required(user) and devices["app"] is None and len(devices["passkeys"]) <= 1:
                messages.error(
                    request,
                    "This is your only second factor. Add an authenticator app or another passkey before removing it.",
                )
            elif passkey_remove(user=user, pk=pk, request=request):
                messages.success(request, "The passkey is removed.")
            else:
                messages.error(request, "That passkey was not found. It may have been removed already.")
            return redirect("accounts:security")
        messages.error(request, "Choose what to do.")
        return redirect("accounts:security")
    context = {
        "devices": second_factor_devices(user),
        "required": second_factor_required(user),
        "passkeys_possible": passkeys_possible(request),
    }
    return render(request, "accounts/security.html", context)
