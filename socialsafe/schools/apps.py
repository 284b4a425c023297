from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "socialsafe.schools"
    label = "schools"
    verbose_name = "Schools and people"
