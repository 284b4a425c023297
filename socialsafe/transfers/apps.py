from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "socialsafe.transfers"
    label = "transfers"
