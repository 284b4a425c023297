"""The bullying register and its CSV: the statutory records of the cases the viewer sees in full, filtered,
paginated, audited, with case references and no pupil's name."""

import csv
import datetime as dt
import io

import pytest
from django.utils.timezone import localdate, localtime

from socialsafe.audit.models import AuditEvent
from socialsafe.incidents.models import Kind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import bullying_record_save, incident_report, incident_triage
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.incidents.tests.test_bullying_record import record_data
from socialsafe.lib.tests.clock import ago
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def _case(school, by, handler_by, target, responsible, **record):
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        target_kind=TargetKind.PUPIL,
        target_pupil=target,
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=responsible,
    )
    case = incident_report(school=school, by=by, fields=fields)
    incident_triage(incident=case, by=handler_by, facts={})
    if record:
        bullying_record_save(incident=case, by=handler_by, data=record_data(**record))
    return case


@pytest.fixture
def register(school, teacher, designated_teacher, principal):
    """Three records: two about P4 pupils (the class teacher's class), one about P6 pupils."""
    p4 = SchoolClass.objects.get(school=school, name="P4")
    p6 = SchoolClass.objects.create(school=school, name="P6", year_group=6)
    a, b = (PupilFactory(school=school, school_class=p4, last_name=n) for n in ("Quinn", "Boyd"))
    c, d = (PupilFactory(school=school, school_class=p6, last_name=n) for n in ("Devlin", "Magee"))
    dt_user = designated_teacher.user
    return {
        "race": _case(school, teacher.user, dt_user, a, b, motivations=["race"], methods=["online_social"]),
        "other": _case(
            school,
            teacher.user,
            dt_user,
            b,
            a,
            judgement="not_bullying",
            motivations=["other"],
            motivation_other='=HYPERLINK("http://evil.example","x")',
            methods=["verbal"],
        ),
        "p6": _case(school, principal.user, dt_user, c, d, judgement="unresolved", motivations=["not_known"]),
    }


def test_it_lists_every_record_for_the_principal_and_is_audited(client, principal, register):
    client.force_login(principal.user)
    r = client.get("/incidents/bullying/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "3 records" in html
    assert all(case.reference in html for case in register.values())
    # The register names no pupil.
    assert "Quinn" not in html and "Devlin" not in html
    assert AuditEvent.objects.filter(verb="incident.bullying_register_viewed", actor=principal.user).count() == 1


def test_each_viewer_sees_only_the_cases_they_see_in_full(client, teacher, governor, outsider, register):
    client.force_login(teacher.user)  # the P4 class teacher: their own pupils' cases only
    html = client.get("/incidents/bullying/").content.decode()
    assert "2 records" in html and register["p6"].reference not in html
    client.force_login(governor.user)
    assert "0 records" in client.get("/incidents/bullying/").content.decode()
    client.force_login(outsider.user)  # another school's Principal
    html = client.get("/incidents/bullying/").content.decode()
    assert "0 records" in html and register["race"].reference not in html


def test_a_parent_cannot_open_it(client, parent, register):
    client.force_login(parent.user)
    assert client.get("/incidents/bullying/").status_code == 403
    assert client.get("/incidents/bullying/", {"format": "csv"}).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"judgement": "not_bullying"}, {"other"}),
        ({"judgement": "unresolved"}, {"p6"}),
        ({"method": "online_social"}, {"race"}),
        ({"method": "verbal"}, {"other"}),
        ({"motivation": "race"}, {"race"}),
        ({"motivation": "other"}, {"other"}),  # "other" does not match "online_other" or "not_known"
        ({"motivation": "not_known"}, {"p6"}),
    ],
)
def test_it_filters(client, principal, register, query, expected):
    client.force_login(principal.user)
    html = client.get("/incidents/bullying/", query).content.decode()
    shown = {key for key, case in register.items() if case.reference in html}
    assert shown == expected


def test_it_filters_by_the_date_reported(client, principal, register):
    old = register["race"]
    old.reported_at = ago(days=40)
    old.save(update_fields=["reported_at"])
    client.force_login(principal.user)
    since = (localdate() - dt.timedelta(days=10)).isoformat()
    html = client.get("/incidents/bullying/", {"since": since}).content.decode()
    assert old.reference not in html and register["p6"].reference in html
    until = (localdate() - dt.timedelta(days=30)).isoformat()
    html = client.get("/incidents/bullying/", {"until": until}).content.decode()
    assert old.reference in html and register["p6"].reference not in html


def test_it_refuses_bad_filters(client, principal, register):
    client.force_login(principal.user)
    r = client.get("/incidents/bullying/", {"since": "2026-13-01", "judgement": "maybe"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "There is a problem" in html and "Enter a valid date." in html
    today = localdate()
    r = client.get("/incidents/bullying/", {"since": today.isoformat(), "until": (today - dt.timedelta(days=1))})
    assert r.status_code == 400 and "The end date must be the same as or after the start date." in r.content.decode()
    assert client.get("/incidents/bullying/", {"method": "telepathy", "format": "csv"}).status_code == 400


def test_it_pages(client, principal, register, monkeypatch):
    from socialsafe.incidents import views

    monkeypatch.setattr(views, "REGISTER_PAGE", 2)
    client.force_login(principal.user)
    first = client.get("/incidents/bullying/").content.decode()
    second = client.get("/incidents/bullying/", {"page": 2}).content.decode()
    assert 'rel="next"' in first and "page=2" in first
    assert len(_refs_in(first)) == 2 and len(_refs_in(second)) == 1


def _refs_in(html: str) -> set[str]:
    import re

    return set(re.findall(r">([A-Z]{3}-\d{4}-\d{4})</a>", html))


def test_the_csv_holds_the_filtered_records_neutralised_and_audited(client, principal, register):
    client.force_login(principal.user)
    r = client.get("/incidents/bullying/", {"motivation": "other", "format": "csv"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r["Content-Disposition"].startswith(f'attachment; filename="{principal.school.slug}-bullying-register-')
    content = b"".join(r.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "Case" and "Motivations" in rows[0] and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    case = register["other"]
    assert row["Case"] == case.reference
    assert row["Reported"] == f"{localtime(case.reported_at):%Y-%m-%d}"
    assert row["Judgement"].startswith("Not bullying")
    assert row["Methods"] == "Verbal, including name-calling"
    assert row["Motivations"] == "Another motivation"
    # A typed motivation that a spreadsheet would run as a formula is written as text.
    assert row["Other motivation"] == '\'=HYPERLINK("http://evil.example","x")'
    # The free-text note of what was done is not exported: the register keeps to what the Act asks.
    assert "What was done" not in rows[0] and "Restorative meeting" not in content
    assert row["Parents of the pupil experiencing it informed"] == (localdate() - dt.timedelta(days=2)).isoformat()
    event = AuditEvent.objects.get(verb="export.bullying")
    assert event.actor == principal.user
    assert event.data == {"format": "csv", "filters": {"motivation": "other"}, "rows": 1}
    # No pupil's name anywhere in it.
    assert "Quinn" not in content and "Boyd" not in content


def test_the_csv_is_scoped_like_the_page(client, teacher, register):
    client.force_login(teacher.user)
    r = client.get("/incidents/bullying/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode().lstrip("\ufeff"))))
    assert {row[0] for row in rows[1:]} == {register["race"].reference, register["other"].reference}


def test_filters_that_are_not_valid_list_nothing(client, principal, register):
    """The page says what to change and lists no record that the filters did not choose."""
    client.force_login(principal.user)
    today = localdate()
    r = client.get(
        "/incidents/bullying/", {"since": today.isoformat(), "until": (today - dt.timedelta(days=30)).isoformat()}
    )
    assert r.status_code == 400
    assert _refs_in(r.content.decode()) == set()
