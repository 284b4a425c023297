import pytest
from django.core.management import call_command

from socialsafe.registers.models import AccountStatus, TeachingAccount

pytestmark = pytest.mark.django_db


def test_it_seeds_the_demo_accounts_once(demo, capsys):
    call_command("seed_demo_registers")
    call_command("seed_demo_registers")
    assert "already there" in capsys.readouterr().out
    accounts = TeachingAccount.objects.filter(school__slug="glenmore")
    assert accounts.count() == 3
    assert accounts.get(official=True).service == "Facebook"
    assert accounts.filter(status=AccountStatus.APPROVED).count() == 2
    assert accounts.filter(status=AccountStatus.REQUESTED).count() == 1
