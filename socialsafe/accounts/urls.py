from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from socialsafe.accounts import views
from socialsafe.accounts.tokens import either_tokens

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/set-up/", views.set_up, name="set_up"),
    path("second-factor/passkey-added/", views.passkey_added, name="passkey_added"),
    path("security/", views.security, name="security"),
    path("sign-out/", auth.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            token_generator=either_tokens,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
