"""Roster import: a clean file imports every row; a file with any problem imports nothing and says why, by line."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils.timezone import localdate

from socialsafe.audit.models import AuditEvent
from socialsafe.lib.dates import add_months
from socialsafe.lib.tests.clock import midday
from socialsafe.schools.models import Guardian, Member, Pupil, SchoolClass
from socialsafe.schools.roles import Role
from socialsafe.schools.services import RosterRejected, roster_import
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def born(years: int, months: int = 0) -> dt.date:
    """The birthday of someone `years` and `months` old today: pupils stay of primary-school age."""
    return add_months(localdate(), -(12 * years + months))


AOIFE = f"B1042,Aoife,Kelly,{born(8, 9)},P4"
PUPILS = (
    "reference,first_name,last_name,date_of_birth,class\n"
    f"{AOIFE}\n"
    f"B1043,Cian,Kelly,{born(10, 3):%d/%m/%Y},P6\n"  # as Excel writes dates
    f"B1044,Niamh,O'Neill,{born(7, 11)},p4\n"
)
PARENTS = (
    "title,first_name,last_name,email,phone,pupil_reference,relationship,parental_responsibility\n"
    "Mrs,Sinead,Kelly,Sinead.Kelly@example.com,07700 900123,B1042,mother,yes\n"
    "Mrs,Sinead,Kelly,sinead.kelly@example.com,07700 900123,B1043,Mother,yes\n"
    "Mr,Sean,O'Neill,sean@example.com,,B1044,Step-parent,no\n"
)
STAFF = (
    "title,first_name,last_name,email,job_title,roles,class\n"
    "Mrs,Ruth,Patterson,ruth@example.com,Secretary,office,\n"
    "Mr,Conor,Burns,conor@example.com,P4 teacher,class teacher; ICT co-ordinator,P4\n"
    "Mr,Philip,Agnew,philip@example.com,,governor,\n"
)


@pytest.fixture
def classes(school):
    return {y: SchoolClass.objects.create(school=school, name=f"P{y}", year_group=y) for y in range(1, 8)}


def load(school, kind, text, encoding="utf-8"):
    return roster_import(school=school, kind=kind, data=text.encode(encoding), by=None)


def rejected(school, kind, data: bytes):
    with pytest.raises(RosterRejected) as info:
        roster_import(school=school, kind=kind, data=data, by=None)
    return [(e.line, e.column, e.message) for e in info.value.checked.errors]


def test_it_imports_pupils_parents_and_staff(school, classes):
    assert load(school, "pupils", PUPILS).created == 3
    summary = load(school, "parents", PARENTS)
    assert (summary.created, summary.links) == (2, 3)
    assert load(school, "staff", STAFF).created == 3

    sinead = Guardian.objects.get(school=school, email="sinead.kelly@example.com")
    assert sorted(p.reference for p in sinead.pupils.all()) == ["B1042", "B1043"]
    assert Pupil.objects.get(reference="B1044").school_class == classes[4]
    conor = Member.objects.get(school=school, user__email="conor@example.com")
    assert conor.role_list == [Role.CLASS_TEACHER, Role.ICT_COORDINATOR]
    assert classes[4].__class__.objects.get(pk=classes[4].pk).teacher == conor
    assert not conor.user.has_usable_password()  # they choose one through "Forgotten your password?"
    assert AuditEvent.objects.filter(verb="roster.imported.pupils", school=school).count() == 1


def test_it_updates_instead_of_duplicating_on_a_second_import(school, classes):
    load(school, "pupils", PUPILS)
    summary = load(school, "pupils", PUPILS.replace(AOIFE, AOIFE.removesuffix("P4") + "P5"))
    assert (summary.created, summary.updated) == (0, 3)
    assert Pupil.objects.get(reference="B1042").school_class == classes[5]
    assert Pupil.objects.count() == 3


def test_it_refuses_wrong_columns(school, classes):
    errors = rejected(school, "pupils", f"ref,first_name,surname,date_of_birth,class\nB1,A,B,{born(8)},P4\n".encode())
    assert errors[0][0] == 1
    assert "Missing column(s): reference, last_name" in errors[0][2]
    assert "Unexpected column(s): ref, surname" in errors[1][2]
    assert Pupil.objects.count() == 0


def test_it_refuses_bad_dates_with_the_line(school, classes):
    text = PUPILS + f"B1045,Erin,Walsh,31/02/2018,P4\nB1046,Jack,Walsh,{born(25)},P4\n"
    errors = rejected(school, "pupils", text.encode())
    assert errors[0][:2] == (5, "date_of_birth") and "'31/02/2018' is not a date" in errors[0][2]
    assert errors[1][:2] == (6, "date_of_birth") and "not the birthday of a primary-school pupil" in errors[1][2]
    assert Pupil.objects.count() == 0  # the three good rows are not imported either


def test_it_refuses_duplicate_pupils(school, classes):
    grace = born(9, 6)
    PupilFactory(school=school, reference="A9", first_name="Grace", last_name="Hughes", date_of_birth=grace)
    text = PUPILS + f"{AOIFE}\n{AOIFE.replace('B1042', 'B2000')}\nB2001,Grace,Hughes,{grace:%Y-%m-%d},P5\n"
    messages = [m for _, _, m in rejected(school, "pupils", text.encode())]
    assert any("reference B1042 is also on line 2" in m for m in messages)
    assert any("same name and date of birth are on line 2" in m for m in messages)
    assert any(f"Grace Hughes, born {grace:%d %b %Y}, is already on the roll as A9" in m for m in messages)
    assert Pupil.objects.count() == 1


def test_it_imports_on_the_29th_of_february(school, classes, time_machine):
    # Fourteen and three years before a leap day there is no 29 February: the age range still has its ends.
    time_machine.move_to(midday(dt.date(2028, 2, 29)))
    text = "reference,first_name,last_name,date_of_birth,class\n" + "".join(
        f"B{n},Pupil,Aged{years},{born(years)},P4\n" for n, years in enumerate((4, 8, 13))
    )
    assert load(school, "pupils", text).created == 3
    errors = rejected(school, "pupils", f"{text}B9,Too,Old,{born(14)},P4\nB10,Too,Young,{born(3)},P4\n".encode())
    assert [(line, column) for line, column, _ in errors] == [(5, "date_of_birth"), (6, "date_of_birth")]


def test_it_refuses_an_unknown_class(school, classes):
    errors = rejected(school, "pupils", (PUPILS + f"B1047,Ella,Reid,{born(8, 9)},P8\n").encode())
    assert errors == [(5, "class", "Unknown class 'P8'. This school's classes are: P1, P2, P3, P4, P5, P6, P7.")]


def test_it_refuses_the_wrong_encoding(school, classes):
    errors = rejected(school, "pupils", PUPILS.replace("O'Neill", "Ó Néill").encode("cp1252"))
    assert errors[0][0] == 4
    assert "not UTF-8" in errors[0][2] and "CSV UTF-8" in errors[0][2]


def test_it_accepts_excels_utf8_with_bom(school, classes):
    assert load(school, "pupils", "\ufeff" + PUPILS.replace("O'Neill", "Ó Néill")).created == 3
    assert Pupil.objects.filter(last_name="Ó Néill").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"reference,first_name,last_name,date_of_birth,class\n", "The file has a header but no rows."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not"),
        (b"reference,first_name,last_name,date_of_birth,class\nB1,Anna\n", "This row has 2 values; the header has 5."),
    ],
)
def test_it_refuses_files_that_are_not_rosters(school, classes, data, message):
    assert message in rejected(school, "pupils", data)[0][2]


def test_it_refuses_parents_of_unknown_pupils_and_bad_emails(school, classes):
    load(school, "pupils", PUPILS)
    text = PARENTS + "Mr,Tom,Bad,not-an-email,,B1042,father,yes\nMs,Ann,Lee,ann@example.com,,B9999,aunt,maybe\n"
    errors = rejected(school, "parents", text.encode())
    assert (5, "email", "'not-an-email' is not an email address.") in errors
    assert any(c == "pupil_reference" and "B9999" in m for _, c, m in errors)
    assert any(c == "relationship" and "Unknown relationship 'aunt'" in m for _, c, m in errors)
    assert (6, "parental_responsibility", "Write yes or no.") in errors
    assert Guardian.objects.count() == 0


def test_it_refuses_a_principal_and_unknown_roles(school, classes):
    load(school, "staff", STAFF)
    text = (
        "first_name,last_name,email,roles\nAnn,Other,ann@example.com,principal\nBob,Smith,bob@example.com,head honcho\n"
    )
    errors = rejected(school, "staff", text.encode())
    assert errors[0][:2] == (2, "roles") and "A file cannot give the role of Principal" in errors[0][2]
    assert errors[1][1] == "roles" and "Unknown role 'head honcho'" in errors[1][2]
    assert Member.objects.count() == 3


def test_the_page_imports_a_clean_file(client, principal, classes):
    client.force_login(principal.user)
    upload = SimpleUploadedFile("pupils.csv", PUPILS.encode(), content_type="text/csv")
    r = client.post("/school/import/", {"kind": "pupils", "file": upload}, follow=True)
    assert r.redirect_chain == [("/school/import/", 302)]  # back to the page, so a reload imports nothing again
    assert "3 added, 0 updated" in r.content.decode()
    assert Pupil.objects.filter(school=principal.school).count() == 3


def test_the_page_reports_a_bad_file_row_by_row_and_imports_nothing(client, office, classes):
    client.force_login(office.user)
    bad = PUPILS + "B1045,Erin,Walsh,2018-13-01,P9\n"
    r = client.post("/school/import/", {"kind": "pupils", "file": SimpleUploadedFile("p.csv", bad.encode())})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Nothing was imported: the file has 2 problems" in html
    assert "&#x27;2018-13-01&#x27; is not a date" in html and "Unknown class &#x27;P9&#x27;" in html
    assert Pupil.objects.count() == 0


def test_the_page_refuses_a_form_without_a_file_or_kind(client, principal, classes):
    client.force_login(principal.user)
    r = client.post("/school/import/", {})
    assert r.status_code == 400
    assert "Choose what the file lists." in r.content.decode() and "Choose a CSV file to upload." in r.content.decode()


def test_the_page_refuses_a_file_that_is_not_csv_or_too_large(client, principal, classes, settings):
    client.force_login(principal.user)
    r = client.post("/school/import/", {"kind": "pupils", "file": SimpleUploadedFile("roster.exe", b"MZ\x90\x00")})
    assert "must be a CSV file" in r.content.decode()
    settings.ROSTER_IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.csv", b"x" * (1024 * 1024 + 1))
    r = client.post("/school/import/", {"kind": "pupils", "file": big})
    assert "larger than 1 MB" in r.content.decode()
    assert Pupil.objects.count() == 0


def test_the_page_is_refused_to_teachers_and_to_anonymous_visitors(client, teacher):
    assert client.get("/school/import/").status_code == 302
    client.force_login(teacher.user)
    assert client.post("/school/import/", {"kind": "pupils"}).status_code == 403


def test_the_command_imports_and_reports(school, classes, tmp_path):
    good, bad = tmp_path / "pupils.csv", tmp_path / "bad.csv"
    good.write_text(PUPILS)
    bad.write_text(PUPILS + "B1045,Erin,Walsh,yesterday,P4\n")
    out = io.StringIO()
    call_command("import_roster", "--school", school.slug, "--kind", "pupils", str(good), stdout=out)
    assert "3 added, 0 updated" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_roster", "--school", school.slug, "--kind", "pupils", str(bad), stderr=err)
    assert exit_info.value.code == 1
    assert "line 5 [date_of_birth]: 'yesterday' is not a date" in err.getvalue()


NO_EMAIL = (
    "title,first_name,last_name,email,phone,pupil_reference,relationship,parental_responsibility\n"
    "Mr,Declan,Kelly,,07700 900124,B1042,father,yes\n"
    "Mr,declan,KELLY,,07700 900124,B1043,Father,yes\n"
)


def test_a_parent_without_an_email_is_imported_once_and_known_by_name_and_child(school, classes):
    """They get a printed letter instead of emails (families); importing the file again changes nothing."""
    load(school, "pupils", PUPILS)
    summary = load(school, "parents", NO_EMAIL)
    assert (summary.created, summary.links) == (1, 2)
    declan = Guardian.objects.get(school=school, last_name__iexact="Kelly", first_name__iexact="Declan")
    assert declan.email == "" and sorted(p.reference for p in declan.pupils.all()) == ["B1042", "B1043"]
    again = load(school, "parents", NO_EMAIL)
    assert (again.created, again.links) == (0, 0)
    assert Guardian.objects.filter(school=school).count() == 1


def test_a_parent_without_an_email_linked_twice_to_one_child_is_refused(school, classes):
    load(school, "pupils", PUPILS)
    text = NO_EMAIL + "Mr,Declan,Kelly,,,B1042,father,yes\n"
    errors = rejected(school, "parents", text.encode())
    assert any(line == 4 and "already linked on line 2" in m for line, _, m in errors)
    assert Guardian.objects.count() == 0
