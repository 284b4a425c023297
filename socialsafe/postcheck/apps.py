from django.apps import AppConfig


class PostcheckConfig(AppConfig):
    name = "socialsafe.postcheck"
    label = "postcheck"
    verbose_name = "Check before you post"
