"""Chain the audit events already written, in id order, before the triggers make them unchangeable."""

from django.db import migrations

from socialsafe.audit.chain import chain_existing

# This migration's own copy of AuditEvent.CHAIN_FIELDS: the rows it chains are hashed over these fields.
FIELDS = ("school", "actor", "verb", "target_type", "target_id", "target_repr", "case_id", "data", "ip_address", "at")


def chain(apps, schema_editor):
    chain_existing(apps.get_model("audit", "AuditEvent"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_chain_fields"),
    ]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop)]
