"""Audit events become append-only in the database itself (socialsafe.audit.triggers), and their chain unforkable.

The triggers go last: on SQLite, altering a field rebuilds the table, which drops its triggers.
"""

from django.db import migrations, models

from socialsafe.audit.triggers import append_only, flush_guard


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_chain_existing"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64, unique=True),
        ),
        flush_guard(),
        append_only("audit_auditevent", "audit events"),
    ]
