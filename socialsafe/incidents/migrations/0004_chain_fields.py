"""The hash chain's two columns (socialsafe.audit.chain); 0005 fills them in, 0006 makes them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0003_action_kinds_rule_ids_ready_to_close"),
    ]

    operations = [
        migrations.AddField(
            model_name="timelineentry",
            name="prev_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="timelineentry",
            name="hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
            preserve_default=False,
        ),
    ]
