from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "socialsafe.retention"
    label = "retention"

    def ready(self) -> None:
        # The audit app sits below this one: it asks, through this hook, which gaps in its chains were made by a
        # sanctioned destruction.
        from socialsafe.audit.chain import register_gap_source
        from socialsafe.retention.selectors import removed_links

        register_gap_source(removed_links)
