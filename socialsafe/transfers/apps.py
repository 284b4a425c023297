from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "socialsafe.transfers"
    label = "transfers"

    def ready(self) -> None:
        # A roster import that records a pupil's leaving date opens the duty to send their records on.
        from socialsafe.schools.services import on_pupil_left
        from socialsafe.transfers.services import transfer_open_for_leaver

        on_pupil_left(transfer_open_for_leaver)
