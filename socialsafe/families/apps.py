from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "socialsafe.families"
    label = "families"
    verbose_name = "Families"
