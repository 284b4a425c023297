from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "socialsafe.concerns"
    label = "concerns"
