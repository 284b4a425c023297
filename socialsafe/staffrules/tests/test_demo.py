"""The demo school's staff guidance is SocialSafe's default text, with some of this year's confirmations."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from socialsafe.schools.models import School
from socialsafe.staffrules.demo import STILL_TO_DO
from socialsafe.staffrules.guidance import default_guidance_text
from socialsafe.staffrules.models import StaffAttestation
from socialsafe.staffrules.selectors import attestation_rows, current_guidance

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_the_default_guidance_and_some_confirmations_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--password", "demo-password-1", stdout=io.StringIO())
    call_command("seed_demo_cases", stdout=io.StringIO())
    call_command("seed_demo_concerns", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_staffrules", stdout=out)
    assert "Demo staff confirmations:" in out.getvalue()
    school = School.objects.get(slug="glenmore")
    version = current_guidance(school)
    assert version.text == default_guidance_text() and version.label == "2.0"  # after the concerns demo's 1.0
    rows = attestation_rows(school=school)
    assert any(r.attestation for r in rows) and any(r.outstanding for r in rows)
    assert next(r for r in rows if r.member.user.email == STILL_TO_DO).outstanding
    count = StaffAttestation.objects.count()
    out = io.StringIO()
    call_command("seed_demo_staffrules", stdout=out)
    assert "already there" in out.getvalue() and StaffAttestation.objects.count() == count
    assert not mail.outbox
