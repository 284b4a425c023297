from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "socialsafe.audit"
    label = "audit"
    verbose_name = "Audit log"
