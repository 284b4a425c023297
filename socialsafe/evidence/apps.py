from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "socialsafe.evidence"
    label = "evidence"
