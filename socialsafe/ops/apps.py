from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "socialsafe.ops"
    label = "ops"
    verbose_name = "Operations"
