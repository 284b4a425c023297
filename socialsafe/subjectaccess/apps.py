from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "socialsafe.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access requests"
