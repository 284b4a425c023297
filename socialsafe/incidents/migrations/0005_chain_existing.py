"""Chain the timeline entries already written, in id order, before the triggers make them unchangeable."""

from django.db import migrations

from socialsafe.audit.chain import chain_existing

# This migration's own copy of TimelineEntry.CHAIN_FIELDS: the rows it chains are hashed over these fields.
FIELDS = ("incident", "at", "actor", "kind", "text", "data", "corrects", "action")


def chain(apps, schema_editor):
    chain_existing(apps.get_model("incidents", "TimelineEntry"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_chain_fields"),
    ]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop)]
