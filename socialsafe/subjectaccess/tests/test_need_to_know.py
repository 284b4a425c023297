"""Who may see each page: the Principal and Vice-Principal of the school manage requests; only the Principal sees
the redaction, produces and downloads. Everyone else is refused (403), and another school's Principal finds nothing
(404), not even that the request exists."""

import pytest
from django.test import Client

from socialsafe.subjectaccess.services import sar_export_produce, sar_redaction_confirm

pytestmark = pytest.mark.django_db

ROLES = [
    "principal",
    "vice_principal",
    "designated_teacher",
    "teacher",
    "office",
    "staff",
    "chair",
    "governor",
    "parent",
    "officer",
    "outsider",
]
MANAGERS = {"principal", "vice_principal"}
EXPORTERS = {"principal"}


@pytest.fixture
def export(principal, pupil_request):
    sar = sar_redaction_confirm(sar=pupil_request, by=principal.user, withheld_staff=[], include_evidence=False)
    return sar_export_produce(sar=sar, by=principal.user)


def pages(sar, export):
    base = f"/subject-access/{sar.pk}"
    return [
        ("get", "/subject-access/", MANAGERS, True),
        ("get", "/subject-access/new/", MANAGERS, True),
        ("get", f"{base}/", MANAGERS, False),
        ("post", f"{base}/extend/", MANAGERS, False),
        ("post", f"{base}/status/", MANAGERS, False),
        ("get", f"{base}/redaction/", EXPORTERS, False),
        ("post", f"{base}/produce/", EXPORTERS, False),
        ("get", f"/subject-access/exports/{export.pk}/download/", EXPORTERS, False),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_what_it_may(request, role, pupil_request, export):
    persona = request.getfixturevalue(role)
    client = Client()
    client.force_login(persona.user)
    for method, url, allowed, school_wide in pages(pupil_request, export):
        r = getattr(client, method)(url)
        if role == "outsider" and not school_wide:
            expected = {404}  # the Principal's role, in their own school: this school's request is not found
        elif role in allowed or (role == "outsider" and "principal" in allowed):
            expected = {200, 302, 400}
        else:
            expected = {403}
        assert r.status_code in expected, (role, method, url, r.status_code)
        if role == "outsider" and r.status_code == 200:
            assert "Aoife" not in r.content.decode()  # the outsider's own list: not this school's requests


def test_a_visitor_is_sent_to_sign_in(client, pupil_request):
    r = client.get(f"/subject-access/{pupil_request.pk}/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/sign-in/")


def test_the_wrong_method_is_refused(client, principal, pupil_request):
    client.force_login(principal.user)
    assert client.get(f"/subject-access/{pupil_request.pk}/produce/").status_code == 405
    assert client.post("/subject-access/").status_code == 405


def test_only_the_senior_staff_see_it_on_the_school_page(client, principal, teacher):
    client.force_login(principal.user)
    assert "/subject-access/" in client.get("/school/").content.decode()
    client.force_login(teacher.user)
    assert "/subject-access/" not in client.get("/school/").content.decode()
