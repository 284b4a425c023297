from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socialsafe.accounts"
    label = "accounts"
    verbose_name = "Sign-in accounts"

    def ready(self) -> None:
        from socialsafe.accounts import signals  # noqa: F401  (connects the sign-in audit)
