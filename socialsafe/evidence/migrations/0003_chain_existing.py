"""Chain the custody events already written, in id order, before the triggers make them unchangeable."""

from django.db import migrations

from socialsafe.audit.chain import chain_existing

# This migration's own copy of CustodyEvent.CHAIN_FIELDS: the rows it chains are hashed over these fields.
FIELDS = ("item", "at", "actor", "action", "note")


def chain(apps, schema_editor):
    chain_existing(apps.get_model("evidence", "CustodyEvent"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_chain_fields"),
    ]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop)]
