import pytest
from django.db import connection

from socialsafe.audit import triggers
from socialsafe.audit.models import AuditEvent
from socialsafe.audit.services import audit_record
from socialsafe.evidence.models import CustodyAction, CustodyEvent, EvidenceItem, FileType
from socialsafe.evidence.services import custody_record
from socialsafe.incidents.models import Entry, Platform, TimelineEntry
from socialsafe.incidents.services import timeline_add
from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.lib.tests.clock import ago

# The three append-only logs: model, table, the noun the database's refusal names.
LOGS = [
    (AuditEvent, "audit_auditevent", "audit events"),
    (TimelineEntry, "incidents_timelineentry", "timeline entries"),
    (CustodyEvent, "evidence_custodyevent", "custody events"),
]


@pytest.fixture
def case(principal):
    return IncidentFactory(school=principal.school, reported_by=principal.user)


@pytest.fixture
def item(case, principal):
    return EvidenceItem.objects.create(
        school=case.school,
        incident=case,
        sha256="0" * 64,
        size=1,
        content_type=FileType.TEXT,
        storage_name="x",
        original_name="chat.txt",
        captured_at=ago(days=1),
        captured_by="Principal",
        platform=Platform.WHATSAPP,
        grounds="Threats to staff",
        uploaded_by=principal.user,
    )


def write_rows(model, n: int, *, principal, case, item) -> list:
    """Append n rows to one log through its own writer."""
    rows = []
    for i in range(n):
        if model is AuditEvent:
            rows.append(audit_record(actor=principal.user, verb=f"case.viewed{i}", target=case, data={"n": i}))
        elif model is TimelineEntry:
            rows.append(timeline_add(incident=case, by=principal.user, kind=Entry.NOTE, text=f"Note {i}"))
        else:
            rows.append(custody_record(item=item, by=principal.user, action=CustodyAction.VIEWED, note=f"{i}"))
    return rows


@pytest.fixture
def rows(principal, case, item):
    """Three rows in each log."""
    return {model: write_rows(model, 3, principal=principal, case=case, item=item) for model, _, _ in LOGS}


def drop_triggers(table: str) -> None:
    """Take the database's protection away, as someone with SQL access could (the test's transaction undoes it)."""
    with connection.cursor() as cursor:
        for sql in triggers._drop(connection.vendor, table):
            cursor.execute(sql)
