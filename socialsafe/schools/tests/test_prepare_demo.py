"""`manage.py prepare_demo`, which `make run` calls on every start: it does only what is missing."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialsafe.incidents.models import Incident
from socialsafe.registers.models import TeachingAccount
from socialsafe.schools.models import School

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP")


def rows() -> dict[str, int]:
    """How many rows each table holds."""
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.managed}


def prepare() -> tuple[str, list[str]]:
    """Run the command; give back what it printed and the SQL it ran."""
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("prepare_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue(), [q["sql"] for q in queries.captured_queries]


@pytest.fixture
def prepared(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out, _ = prepare()
    return out


# Each test seeds the whole demo once (some seconds): the checks that share a starting point share a test.
def test_it_seeds_everything_once_and_then_changes_nothing(prepared, tmp_path):
    assert School.objects.filter(slug__in=["glenmore", "riverside", "larkspur"]).count() == 3
    assert Incident.objects.filter(school__slug="glenmore").exists()
    assert TeachingAccount.objects.filter(school__slug="glenmore").exists()
    assert "Demo cases:" in prepared and "Demo authority:" in prepared
    password = (tmp_path / "demo-password").read_text().strip()
    assert f"Password: {password}" in prepared

    before = rows()
    out, sql = prepare()
    assert rows() == before
    # Only reads: no migration, no seed, not even the demo password set again.
    assert [q for q in sql if q.lstrip().upper().startswith(WRITES)] == []
    assert len(sql) < 80, len(sql)  # a few per part and the sign-ins listed, not a seed's thousands
    assert "Demo data: already there." in out
    # It still prints the sign-ins, with the kept password.
    assert "principal@glenmore.example" in out and f"Password: {password}" in out


def test_it_seeds_again_a_part_that_is_missing(prepared):
    cases = Incident.objects.count()
    TeachingAccount.objects.filter(school__slug="glenmore").delete()
    out, _ = prepare()
    assert TeachingAccount.objects.filter(school__slug="glenmore").exists()
    assert "Demo accounts: 3 added." in out and "already there" not in out
    assert Incident.objects.count() == cases  # the parts that were there are left alone


def test_it_gives_the_kept_password_back(prepared, tmp_path):
    user = get_user_model().objects.get(email="teacher@glenmore.example")
    user.set_password("changed-by-the-teacher")
    user.save()
    prepare()
    user.refresh_from_db()
    assert user.check_password((tmp_path / "demo-password").read_text().strip())

    call_command("prepare_demo", "--password", "another-password-1", stdout=io.StringIO())
    assert get_user_model().objects.get(email="chair@glenmore.example").check_password("another-password-1")
    # The next plain start goes back to the kept password rather than trusting what it set last.
    out, _ = prepare()
    assert "Demo data: already there." not in out
    assert (
        get_user_model()
        .objects.get(email="chair@glenmore.example")
        .check_password((tmp_path / "demo-password").read_text().strip())
    )
