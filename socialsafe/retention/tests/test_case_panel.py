"""The case page tells the Principal whether the case is under legal hold and leads to setting one."""

import pytest
from django.urls import reverse

from socialsafe.retention.services import hold_set

pytestmark = pytest.mark.django_db


def test_the_principal_is_offered_a_hold_with_the_reference_filled_in(client, principal, case):
    client.force_login(principal.user)
    page = client.get(reverse("incidents:detail", args=[case.pk])).content.decode()
    assert "Put this case under legal hold" in page and f"?case={case.reference}" in page
    form = client.get(f"/retention/holds/?case={case.reference}").content.decode()
    assert f'value="{case.reference}"' in form


def test_a_held_case_says_so_with_its_reason(client, principal, case):
    hold_set(incident=case, by=principal.user, reason="A claim has been made against the school")
    client.force_login(principal.user)
    page = client.get(reverse("incidents:detail", args=[case.pk])).content.decode()
    assert "Under legal hold" in page and "A claim has been made against the school" in page
    assert "Put this case under legal hold" not in page


@pytest.mark.parametrize(("persona", "status"), [("vice_principal", 200), ("teacher", 404)])
def test_nobody_else_sees_the_retention_panel(client, request, case, persona, status):
    hold_set(incident=case, by=request.getfixturevalue("principal").user, reason="Police inquiry")
    client.force_login(request.getfixturevalue(persona).user)
    r = client.get(reverse("incidents:detail", args=[case.pk]))
    assert r.status_code == status  # the Vice-Principal sees the whole file; the teacher, its target, not this case
    page = r.content.decode()
    assert "Under legal hold" not in page and "Police inquiry" not in page and "legal hold" not in page
