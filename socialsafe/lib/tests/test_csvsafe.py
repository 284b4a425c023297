"""Every CSV the product writes opens in a spreadsheet as data: a cell that would run as a formula is made text."""

import csv
import io

import pytest
from django.core.management import call_command

from socialsafe.incidents.services import note_add
from socialsafe.lib import csvsafe

HOSTILE = ['=HYPERLINK("http://x","y")', "-2+3", "@SUM(A1)", "+44 28 9000 0000", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", HOSTILE)
def test_it_neutralises_what_a_spreadsheet_would_run(value):
    out = io.StringIO()
    csvsafe.writer(out).writerow([value])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + value]


@pytest.mark.parametrize("value", ["Ruth Patterson", "1 Dec 2026", "14:05", "", "a = b", "'quoted"])
def test_it_leaves_ordinary_text_alone(value):
    out = io.StringIO()
    csvsafe.writer(out).writerow([value])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [value]


def test_numbers_the_product_writes_stay_numbers():
    out = io.StringIO()
    writer = csvsafe.SafeDictWriter(out, fieldnames=["score", "count"])
    writer.writerow({"score": -0.25, "count": 3})
    assert out.getvalue().strip() == "-0.25,3"


@pytest.mark.django_db
def test_the_chronology_csv_neutralises_every_cell(client, principal, case):
    principal.user.full_name = "-2+3"
    principal.user.save()
    for text in HOSTILE[:3]:
        note_add(incident=case, by=principal.user, text=text)
    client.force_login(principal.user)
    r = client.get(f"/incidents/{case.pk}/chronology.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    details = [row[5] for row in rows[1:]]
    for text in HOSTILE[:3]:
        assert "'" + text in details
    assert not any(cell[:1] in csvsafe.DANGEROUS for row in rows for cell in row)
    assert rows[1][1][:1].isdigit()  # dates still read as dates


def test_the_classify_command_neutralises_the_text_column(tmp_path):
    source = tmp_path / "comments.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["comment"], *[[v] for v in HOSTILE[:3]]])
    out = io.StringIO()
    call_command("classify", csv_file=str(source), column="comment", format="csv", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["text"] for row in rows] == ["'" + v for v in HOSTILE[:3]]
    assert all(float(row[label]) >= 0 for row in rows for label in row if label != "text")  # scores stay numbers
