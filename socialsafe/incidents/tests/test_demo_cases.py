import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.incidents.models import Incident, Kind, Route, Status

pytestmark = pytest.mark.django_db


def test_the_demo_cases_cover_several_states_and_load_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--password", "demo-password-1", stdout=io.StringIO())
    call_command("seed_demo_cases", stdout=io.StringIO())
    call_command("seed_demo_cases", stdout=io.StringIO())
    cases = Incident.objects.filter(school__slug="glenmore")
    assert cases.count() == 17
    # Every kind of case the policy names is there.
    assert {c.kind for c in cases} == {k for k in Kind.values if k != Kind.OTHER}
    assert {c.status for c in cases} == {
        Status.REPORTED,
        Status.TRIAGED,
        Status.IN_PROGRESS,
        Status.READY_TO_CLOSE,
        Status.CLOSED,
    }
    assert cases.filter(route=Route.GOVERNORS).count() == 1
    assert not mail.outbox
    # Each step of the central journey was done by its record: the screenshot, the letter, the bar, the referrals.
    worked = cases.get(kind="malicious_comments", route=Route.SCHOOL)
    done = {a.kind for a in worked.actions.filter(status="done")}
    assert {"evidence", "invitation", "premises_bar", "referral_psni", "referral_ea_legal", "platform_report"} <= done
    assert worked.letters.count() == 1 and worked.premises_bans.count() == 1 and worked.evidence_items.count() == 1
    firewall = cases.get(kind="firewall")
    assert firewall.status == Status.READY_TO_CLOSE and firewall.ict_bans.count() == 1
    # Spread over two terms: the closed case months ago, each step on its own day, some actions overdue.
    from django.utils.timezone import localdate, localtime

    photos = cases.get(kind="pupil_images")
    assert photos.status == Status.CLOSED and (localdate() - localtime(photos.closed_at).date()).days > 100
    steps = {localtime(e.at).date() for e in worked.timeline.all()}
    assert len(steps) >= 6 and min(steps) < max(steps)
    assert worked.actions.overdue().exists() and cases.get(kind="improper_contact").actions.overdue().exists()
    assert all(localtime(c.reported_at) > localtime(c.occurred_at) for c in cases)
    # This term's bullying between pupils, each closed with its statutory record: enough to count in a report, with
    # a motivation and a method most of them share.
    from socialsafe.incidents.models import BullyingRecord

    records = BullyingRecord.objects.filter(incident__school__slug="glenmore").select_related("incident")
    assert records.count() >= 5 and all(r.incident.status == Status.CLOSED for r in records)
    assert sum("appearance" in r.motivations for r in records) >= 5
    assert sum("online_messaging" in r.methods for r in records) >= 5
    assert all((localdate() - localtime(r.incident.reported_at).date()).days < 90 for r in records)
    assert all(r.incident.target_pupil_id != r.incident.responsible_pupil_id for r in records)
    # Names with fadas, and email addresses without.
    from socialsafe.schools.models import Guardian, Pupil

    assert Pupil.objects.filter(first_name__in=["Róisín", "Oisín", "Seán"]).exists()
    assert all(g.email.isascii() for g in Guardian.objects.all())


def test_it_needs_the_demo_school_first(db):
    with pytest.raises(SystemExit):
        call_command("seed_demo_cases", stdout=io.StringIO(), stderr=io.StringIO())
