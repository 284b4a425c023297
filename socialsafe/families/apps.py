"""Every family told and asked: invitations to acknowledge the policy and the Code of Conduct, and coverage."""

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "socialsafe.families"
    label = "families"
    verbose_name = "Families"

    def ready(self) -> None:
        # A pupil who joins (roster import or by hand) brings an invitation to their parents and carers.
        from socialsafe.families.services import pupils_joined
        from socialsafe.schools.services import on_pupils_added

        on_pupils_added(pupils_joined)
        # A parent who acknowledged with the code from a letter or an email counts wherever acknowledgements do.
        from socialsafe.concerns.selectors import register_parent_acknowledgements
        from socialsafe.families.selectors import acknowledged_with_code

        register_parent_acknowledgements(acknowledged_with_code)
