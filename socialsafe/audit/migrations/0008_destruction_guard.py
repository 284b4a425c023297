"""The sanctioned way to destroy audit events under the retention schedule (socialsafe.audit.triggers)."""

from django.db import migrations

from socialsafe.audit.triggers import destruction_guard, reinstall_append_only


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_append_only"),
    ]

    operations = [
        destruction_guard(),
        reinstall_append_only("audit_auditevent", "audit events"),
    ]
