"""The registers' pages list 50 bars or bans a page, however many the school has; the export holds them all."""

import pytest

from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.registers.tests.factories import make_ban
from socialsafe.schools.tests.factories import GuardianFactory

pytestmark = pytest.mark.django_db


def test_the_premises_register_is_paged(client, school, principal):
    for _ in range(51):
        case = IncidentFactory(school=school, responsible_guardian=GuardianFactory(school=school))
        make_ban(case, by=principal.user)
    client.force_login(principal.user)
    first = client.get("/registers/premises/").content.decode()
    second = client.get("/registers/premises/?page=2").content.decode()
    assert 'aria-label="Page 2"' in first
    assert second.count("govuk-tag--red") == 1  # the 51st bar, alone on the second page
    assert first.count("govuk-tag--red") == 50
