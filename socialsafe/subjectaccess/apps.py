from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "socialsafe.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access requests"

    def ready(self) -> None:
        # A case destroyed under the retention schedule takes the exports that copied it with it.
        from socialsafe.retention.destruction import on_case_destroyed
        from socialsafe.subjectaccess.services import exports_of_destroyed_cases

        on_case_destroyed(exports_of_destroyed_cases)
