from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "socialsafe.letters"
    label = "letters"
