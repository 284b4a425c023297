"""Fill in the case of the events written before AuditEvent.case_id existed, so that the log hides them too."""

from django.db import migrations

# The models whose audit events are about a case, and how each reaches it.
CASE_OF = {
    "incidents.incident": "id",
    "incidents.action": "incident_id",
    "evidence.evidenceitem": "incident_id",
    "evidence.bundle": "incident_id",
    "letters.letter": "incident_id",
    "registers.premisesban": "incident_id",
    "registers.ictban": "incident_id",
    "concerns.concern": "incident_id",
    "moderation.flag": "incident_id",
}


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for label, field in CASE_OF.items():
        model = apps.get_model(*label.split("."))
        ids = set(
            AuditEvent.objects.filter(target_type=label, case_id__isnull=True).values_list("target_id", flat=True)
        )
        numeric = [int(i) for i in ids if i.isdigit()]
        for pk, case_id in model.objects.filter(pk__in=numeric).values_list("pk", field):
            if case_id is not None:
                AuditEvent.objects.filter(target_type=label, target_id=str(pk)).update(case_id=case_id)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_event_case"),
        ("incidents", "0002_alter_timelineentry_kind"),
        ("evidence", "0001_initial"),
        ("letters", "0001_initial"),
        ("registers", "0001_initial"),
        ("concerns", "0001_initial"),
        ("moderation", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
