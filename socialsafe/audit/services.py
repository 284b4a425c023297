from typing import Any

from django.db import models

from socialsafe.audit.models import AuditEvent
from socialsafe.lib.net import client_ip


def case_id_of(target: models.Model | None) -> int | None:
    """The case a target belongs to: the case itself, or the case of a row of its file (anything with `incident`)."""
    if target is None:
        return None
    if target._meta.label_lower == "incidents.incident":
        return target.pk
    return getattr(target, "incident_id", None)


def _printable(value):
    """The value without NUL characters, which PostgreSQL cannot keep in text or JSON (a search for "\x00")."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in value]
    return value


def audit_record(
    *,
    actor,
    verb: str,
    school=None,
    target: models.Model | None = None,
    case=None,
    data: dict[str, Any] | None = None,
    request=None,
) -> AuditEvent:
    """Append one event to the audit log; call it inside the transaction of the change it records.

    The case it concerns is worked out from the target; pass `case` when the target does not point at it.
    """
    if school is None and target is not None:
        school = target if target._meta.label_lower == "schools.school" else getattr(target, "school", None)
    ip = client_ip(request) if request is not None else None
    return AuditEvent.objects.create(
        school=school,
        case_id=case.pk if case is not None else case_id_of(target),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=_printable(str(target)[:200]) if target is not None else "",
        data=_printable(data or {}),
        ip_address=ip,
    )
