from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "socialsafe.backups"
    label = "backups"
    verbose_name = "Backups"
