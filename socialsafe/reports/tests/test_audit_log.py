"""The audit log speaks English and is narrowed by person, case, kind and dates, within what the viewer may see."""

import pytest
from django.utils.html import escape

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.words import phrase
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso

pytestmark = pytest.mark.django_db


def test_it_reads_as_sentences(client, principal, case):
    client.force_login(principal.user)
    client.get(f"/incidents/{case.pk}/")
    html = client.get("/audit/").content.decode()
    assert escape(f"{principal.user.get_full_name()} opened case {case}") in html
    assert escape(f"{case.reported_by.get_full_name()} reported case {case}") in html


def test_every_verb_written_has_words():
    assert phrase("incident.viewed") == "opened case"
    assert phrase("action.done.evidence") == "completed an action on case"
    assert phrase("something.new_thing") == "something new thing"


def test_it_narrows_by_person_case_kind_and_dates(client, principal, vice_principal, teacher, case):
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields

    other = incident_report(school=case.school, by=teacher.user, fields=report_fields(summary="Another case"))
    client.force_login(vice_principal.user)
    client.get(f"/incidents/{case.pk}/")
    client.force_login(principal.user)
    client.get(f"/incidents/{other.pk}/")
    vp = vice_principal.user.get_full_name()
    html = client.get(f"/audit/?who={vice_principal.user.pk}").content.decode()
    assert escape(f"{vp} opened case {case}") in html and "Another case" not in html
    html = client.get(f"/audit/?case={other.reference.lower()}").content.decode()
    assert "Another case" in html and escape(f"opened case {case}") not in html
    html = client.get("/audit/?kind=people").content.decode()
    assert "opened case" not in html
    assert escape(f"{vp} opened case") in client.get(f"/audit/?kind=cases&since={iso(days_ago(1))}").content.decode()
    assert "opened case" not in client.get(f"/audit/?since={iso(days_ahead(1))}").content.decode()
    assert "Nothing matches these filters" in client.get(f"/audit/?until={iso(days_ago(1))}").content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("since=the-13th-of-nowhere", "Enter a real date."),
        (f"since={iso(days_ago(1))}&until={iso(days_ago(3))}", "The end date must be the same as or after"),
        ("who=999999", "Select a valid choice"),
    ],
)
def test_bad_filters_are_refused_clearly(client, principal, case, query, message):
    client.force_login(principal.user)
    r = client.get(f"/audit/?{query}")
    assert r.status_code == 400 and message in r.content.decode() and "There is a problem" in r.content.decode()


def test_the_filters_never_open_a_case_the_viewer_may_not_see(client, principal, chair, teacher, school):
    from socialsafe.incidents.models import TargetKind
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields

    hidden = incident_report(school=school, by=teacher.user, fields=report_fields(target_kind=TargetKind.PRINCIPAL))
    assert AuditEvent.objects.filter(case_id=hidden.pk).exists()
    client.force_login(principal.user)
    for query in (f"case={hidden.reference}", f"who={teacher.user.pk}", "kind=cases"):
        results = client.get(f"/audit/?{query}").content.decode().split("<tbody", 1)[1]
        assert hidden.reference not in results and hidden.summary not in results, query
