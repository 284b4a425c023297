"""The timeline's and the custody log's append-only triggers let a sanctioned destruction through
(socialsafe.audit.triggers.destruction_window); the audit log's were replaced in audit 0008."""

from django.db import migrations

from socialsafe.audit.triggers import reinstall_append_only


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("audit", "0008_destruction_guard"),
        ("incidents", "0009_report_indexes"),
        ("evidence", "0004_append_only"),
    ]

    operations = [
        reinstall_append_only("incidents_timelineentry", "timeline entries"),
        reinstall_append_only("evidence_custodyevent", "custody events"),
    ]
