import io

import pytest
from django.core.management import call_command

from socialsafe.schools.models import Guardian, Member, School
from socialsafe.schools.roles import Role
from socialsafe.schools.selectors import school_numbers

pytestmark = pytest.mark.django_db


def test_it_builds_the_demo_school_and_a_second_one(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    glenmore = School.objects.get(slug="glenmore")
    assert school_numbers(school=glenmore) == {
        "pupils": 200,
        "classes": 7,
        "staff": 20,
        "governors": 8,
        "guardians": 300,
    }
    assert School.objects.filter(slug="riverside").exists()
    password = (tmp_path / "demo-password").read_text().strip()
    assert f"Password: {password}" in out.getvalue()
    for email in (
        "principal@glenmore.example",
        "teacher@glenmore.example",
        "chair@glenmore.example",
        "parent@glenmore.example",
        "officer@ea.example",
    ):
        assert email in out.getvalue()
    assert Member.objects.get(school=glenmore, roles__role=Role.PRINCIPAL).user.check_password(password)
    parent = Guardian.objects.get(user__email="parent@glenmore.example")
    assert parent.pupils.count() >= 2


def test_it_can_run_twice_without_duplicating(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--password", "first-password-1", stdout=io.StringIO())
    call_command("seed_demo", "--password", "second-password-2", stdout=io.StringIO())
    assert School.objects.count() == 2
    glenmore = School.objects.get(slug="glenmore")
    assert school_numbers(school=glenmore)["pupils"] == 200
    assert Member.objects.get(school=glenmore, user__email="chair@glenmore.example").user.check_password(
        "second-password-2"
    )


def test_it_refuses_a_short_password(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("seed_demo", "--password", "short", stderr=err)
    assert "at least 10 characters" in err.getvalue()
    assert School.objects.count() == 0
