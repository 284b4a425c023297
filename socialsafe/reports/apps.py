from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "socialsafe.reports"
    label = "reports"
    verbose_name = "Reports"
