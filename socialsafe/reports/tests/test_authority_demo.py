"""The Education Authority officer's view of the demo: figures for every demo school, and not one name, case
reference, summary or free text, on the page or in the CSV."""

import io

import pytest
from django.core.management import call_command

from socialsafe.concerns.models import Concern
from socialsafe.incidents.models import BullyingRecord, Incident, TimelineEntry
from socialsafe.registers.models import PremisesBan
from socialsafe.schools.models import Guardian, Member, Pupil, School

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    for command in ("seed_demo", "seed_demo_cases", "seed_demo_concerns", "seed_demo_registers"):
        call_command(command, *(["--password", "demo-password-1"] if command == "seed_demo" else []), stdout=out)
    call_command("seed_demo_authority", stdout=out)
    call_command("seed_demo_authority", stdout=out)  # a second run adds nothing
    assert "nothing to add" in out.getvalue()


def _secrets() -> set[str]:
    """Everything the officer must never see: people's names, case references and every free text."""
    words = set()
    for p in Pupil.objects.all():
        words |= {f"{p.first_name} {p.last_name}", p.reference}
    for g in Guardian.objects.all():
        words.add(f"{g.first_name} {g.last_name}")
    for m in Member.objects.select_related("user"):
        words |= {f"{m.first_name} {m.last_name}", m.user.full_name, m.user.email}
    for c in Incident.objects.all():
        words |= {c.reference, c.summary, c.description[:40], c.outcome_note[:40]}
    words |= {t.text[:40] for t in TimelineEntry.objects.all()}
    words |= {b.addressed_note[:40] for b in BullyingRecord.objects.all()}
    for c in Concern.objects.all():
        words |= {c.name, c.reference, c.what_happened[:40]}
    for b in PremisesBan.objects.all():
        words |= {b.person_name, b.reason[:40]}
    return {w for w in words if w and len(w) > 3}


def test_the_officer_sees_every_demo_schools_figures_and_no_name_or_case(client, demo_data):
    from socialsafe.accounts.models import User

    officer = User.objects.get(email="officer@ea.example")
    client.force_login(officer)
    secrets = _secrets() - {officer.full_name}
    assert len(secrets) > 500
    for period in ("term", "previous", "year"):
        page = client.get("/school/authority/", {"period": period})
        assert page.status_code == 200
        report = page.context["report"]
        assert {r.name for r in report.rows} == set(School.objects.values_list("name", flat=True))
        export = client.get("/school/authority/export.csv", {"period": period})
        for text in (page.content.decode(), export.content.decode()):
            leaked = [w for w in secrets if w in text]
            assert not leaked, (period, leaked[:5])
    # The year's figures mean something: shown counts, hidden ones, and a school pointed out.
    year = client.get("/school/authority/", {"period": "year"}).context
    cells = [c for r in year["report"].rows for c in r.cells()]
    assert any(c.shown and c.value >= 5 for c in cells) and any(not c.shown for c in cells)
    flagged = [r.name for r in year["flagged"]]
    assert "Kestrel Hill Primary School" in flagged and "Willowburn Primary School" not in flagged
