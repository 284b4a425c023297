"""Timeline entries become append-only in the database itself (socialsafe.audit.triggers), and their chain unforkable.

The triggers go last: on SQLite, altering a field rebuilds the table, which drops its triggers.
"""

from django.db import migrations, models

from socialsafe.audit.triggers import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0005_chain_existing"),
        ("audit", "0007_append_only"),  # the flush guard the SQLite triggers consult
    ]

    operations = [
        migrations.AlterField(
            model_name="timelineentry",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="timelineentry",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64, unique=True),
        ),
        append_only("incidents_timelineentry", "timeline entries"),
    ]
