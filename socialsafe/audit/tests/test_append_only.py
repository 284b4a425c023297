import pytest

from socialsafe.audit.models import AppendOnlyError, AuditEvent
from socialsafe.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_to_which_record(principal):
    event = audit_record(actor=principal.user, verb="school.checked", target=principal.school, data={"n": 1})
    assert (event.actor, event.school, event.target_type, event.target_id) == (
        principal.user,
        principal.school,
        "schools.school",
        str(principal.school.pk),
    )


def test_it_refuses_to_change_or_delete_an_event(principal):
    event = audit_record(actor=principal.user, verb="x.y", school=principal.school)
    event.verb = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "x.y"


def test_the_log_page_shows_only_this_schools_events_to_the_principal(client, principal, outsider, teacher):
    audit_record(actor=principal.user, verb="ours.happened", school=principal.school)
    audit_record(actor=outsider.user, verb="theirs.happened", school=outsider.school)
    client.force_login(principal.user)
    html = client.get("/audit/").content.decode()
    assert "ours.happened" in html and "theirs.happened" not in html
    client.force_login(teacher.user)
    assert client.get("/audit/").status_code == 403


def test_it_keeps_text_postgresql_can_store(principal):
    # A search for "\x00" once broke the pupils list on PostgreSQL, which keeps no NUL in text or JSON.
    event = audit_record(actor=principal.user, verb="pupil.list_viewed", data={"q": "a\x00b", "more": ["\x00"]})
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.data == {"q": "ab", "more": [""]}
