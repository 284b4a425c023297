from django.apps import AppConfig


class EncryptionConfig(AppConfig):
    name = "socialsafe.encryption"
    label = "encryption"
    verbose_name = "Encryption at rest"
