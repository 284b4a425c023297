"""Register lists follow case visibility: rows of another school, or of a case one is excluded from, never show."""

import pytest
from pytest_django.asserts import assertNotContains

from socialsafe.incidents.models import ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def test_the_principal_does_not_see_a_bar_from_a_case_that_targets_them(client, principal, chair, poster, teacher):
    case = incident_report(
        school=principal.school,
        by=teacher.user,
        fields=report_fields(
            target_kind=TargetKind.PRINCIPAL, responsible_kind=ResponsibleKind.PARENT, responsible_guardian=poster
        ),
    )
    ban = make_ban(case, by=chair.user)
    client.force_login(principal.user)
    assertNotContains(client.get("/registers/premises/"), "Poster")
    assert client.get(f"/registers/premises/{ban.pk}/").status_code == 404
    client.force_login(chair.user)  # handles it: may open the entry from the case
    assert client.get(f"/registers/premises/{ban.pk}/").status_code == 200


def test_outsiders_see_none_of_this_schools_registers(client, outsider, principal, parent_case):
    make_ban(parent_case, by=principal.user)
    client.force_login(outsider.user)
    for url in ("/registers/premises/", "/registers/ict/", "/registers/accounts/"):
        r = client.get(url)
        assert r.status_code == 200
        assertNotContains(r, "Poster")
        assertNotContains(r, parent_case.reference)
