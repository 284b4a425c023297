from django.apps import AppConfig


class StaffrulesConfig(AppConfig):
    name = "socialsafe.staffrules"
    label = "staffrules"
    verbose_name = "Staff rules"
