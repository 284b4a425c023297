"""The actions list's filter that the dashboard's figures link to: ?due=overdue|week, and &owner= for one person."""

import pytest
from django.urls import reverse

from socialsafe.incidents.models import Action, ActionKind, Route, TargetKind
from socialsafe.incidents.tests.factories import IncidentFactory
from socialsafe.lib.tests.clock import days_ago, days_ahead

URL = reverse("incidents:actions")


@pytest.fixture
def actions(school, other_school, principal, teacher, chair, outsider):
    staff_case = IncidentFactory(school=school, target_kind=TargetKind.STAFF)
    governors_case = IncidentFactory(school=school, target_kind=TargetKind.PRINCIPAL, route=Route.GOVERNORS)
    elsewhere = IncidentFactory(school=other_school)

    def make(incident, owner, due_on, title):
        return Action.objects.create(incident=incident, kind=ActionKind.OTHER, title=title, owner=owner, due_on=due_on)

    make(staff_case, teacher.member, days_ago(2), "Late: meet the parent")
    make(staff_case, principal.member, days_ahead(4), "Soon: write to the parent")
    make(staff_case, principal.member, days_ahead(20), "Later: review")
    make(governors_case, chair.member, days_ago(1), "Late: letter from the Chair")
    make(elsewhere, outsider.member, days_ago(1), "Late: another school's")


def test_it_lists_the_overdue_actions_on_the_cases_whose_file_one_sees(client, principal, actions):
    client.force_login(principal.user)
    page = client.get(URL, {"due": "overdue"}).text
    assert "Late: meet the parent" in page
    assert "Soon: write" not in page
    assert "letter from the Chair" not in page  # the Principal's own case goes to the Governors
    assert "another school" not in page


def test_it_lists_this_weeks_and_one_owners(client, principal, teacher, actions):
    client.force_login(principal.user)
    week = client.get(URL, {"due": "week"}).text
    assert "Soon: write to the parent" in week and "Later: review" not in week and "Late:" not in week
    theirs = client.get(URL, {"due": "overdue", "owner": teacher.member.pk}).text
    assert "Late: meet the parent" in theirs
    assert client.get(URL, {"due": "week", "owner": teacher.member.pk}).text.count("Soon:") == 0


def test_the_chair_sees_the_governors_cases_only(client, chair, actions):
    client.force_login(chair.user)
    page = client.get(URL, {"due": "overdue"}).text
    assert "letter from the Chair" in page and "meet the parent" not in page


@pytest.mark.parametrize("query", [{"due": "soon"}, {"due": "overdue", "owner": "x"}, {"due": "<b>"}, {"owner": "1"}])
def test_junk_gives_the_plain_list(client, principal, actions, query):
    client.force_login(principal.user)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert 'id="filtered"' not in response.text
    assert "Yours to do" in response.text


def test_it_refuses_parents_and_posts(client, parent, principal, actions):
    client.force_login(parent.user)
    assert client.get(URL, {"due": "overdue"}).status_code == 403
    client.force_login(principal.user)
    assert client.post(URL, {"due": "overdue"}).status_code == 405


def test_the_filtered_actions_export_holds_the_filtered_list(client, principal, actions):
    """The dashboard's "overdue" figure leads to a list whose download holds that list, not the page's other two."""
    import csv
    import io

    from socialsafe.audit.models import AuditEvent

    client.force_login(principal.user)
    assert "format=csv" in client.get(URL, {"due": "overdue"}).text
    r = client.get(URL, {"due": "overdue", "format": "csv"})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode().lstrip("\ufeff"))))
    assert [row[:2] for row in rows[1:]] == [["Overdue", "Late: meet the parent"]]
    assert AuditEvent.objects.get(verb="export.actions").data["filters"] == {"due": "overdue"}
