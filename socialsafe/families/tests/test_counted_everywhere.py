"""An acknowledgement made with a code counts wherever acknowledgements are counted, not only on /families/."""

import pytest

from socialsafe.audit.once import submission_token
from socialsafe.concerns.selectors import acknowledgement_rows
from socialsafe.families.tests.factories import invited_family
from socialsafe.reports.dashboard import _acks_outstanding

pytestmark = pytest.mark.django_db
URL = "/s/glenmore/welcome/"


def test_a_code_acknowledgement_counts_on_the_policies_page_and_the_dashboard(
    client, principal, policies, django_capture_on_commit_callbacks
):
    _invitation, code = invited_family(principal, django_capture_on_commit_callbacks)
    school = principal.school
    before = _acks_outstanding(school)
    rows = {v.pk: acknowledgement_rows(v) for v in policies}
    assert all(r.at is None for v in policies for r in rows[v.pk] if r.name.endswith("Quinn"))

    client.post(URL, {"code": code, "confirm": "on", "submission": submission_token()})

    assert _acks_outstanding(school) == before - 2  # the policy and the Code of Conduct
    for version in policies:
        (row,) = [r for r in acknowledgement_rows(version) if r.name.endswith("Quinn")]
        assert row.at is not None
    client.force_login(principal.user)
    page = client.get("/concerns/policies/").content.decode()
    assert "1 of 1" in page


def test_a_parent_who_acknowledged_by_code_and_signed_in_too_is_counted_once(
    client, principal, policies, django_capture_on_commit_callbacks
):
    from socialsafe.accounts.models import User
    from socialsafe.concerns.services import policy_acknowledge

    invitation, code = invited_family(principal, django_capture_on_commit_callbacks)
    client.post(URL, {"code": code, "confirm": "on", "submission": submission_token()})
    guardian = invitation.guardian
    guardian.user = User.objects.create_user("ann@example.com")
    guardian.save()
    after_code = _acks_outstanding(principal.school)
    policy_acknowledge(version=policies[0], by=guardian.user)
    assert _acks_outstanding(principal.school) == after_code
