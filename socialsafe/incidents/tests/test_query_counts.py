"""The case page, the case list, the home page and the actions list run the same number of queries whatever the
number of rows: a school with ten times the demo's cases, actions, notes and evidence is no slower to query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialsafe.evidence.services import Metadata, evidence_add_bytes
from socialsafe.evidence.tests.helpers import screenshot
from socialsafe.incidents.models import ActionKind
from socialsafe.incidents.services import action_add, incident_report, incident_triage, note_add, takedown_add
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.lib.tests.clock import ago, days_ago, days_ahead
from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def grow(school, principal, teacher, parent, times: int) -> list:
    """`times` worked cases, each with notes, a takedown step, an added action, a letter and a bar."""
    cases = []
    for n in range(times):
        fields = report_fields(summary=f"Case {n}", responsible_guardian=parent, responsible_kind="parent")
        case = incident_report(school=school, by=teacher.user, fields=fields)
        incident_triage(incident=case, by=principal.user, facts={"content_threatening": True})
        case.refresh_from_db()
        for i in range(3):
            note_add(incident=case, by=principal.user, text=f"Note {i}")
        takedown_add(incident=case, by=principal.user, stage="reported_platform", on=days_ago(1), reference="R1")
        action_add(
            incident=case,
            by=principal.user,
            kind=ActionKind.OTHER,
            title="Ring the parent",
            owner=principal.member,
            due_on=days_ago(2) if n % 2 else days_ahead(2),
        )
        issue_invitation(case, by=principal.user, note_taker=principal.member)
        make_ban(case, by=principal.user)
        shot(case, principal.user)
        cases.append(case)
    return cases


def shot(case, by, text: str = "watch your back") -> None:
    meta = Metadata(
        posted_at=None,
        captured_at=ago(days=1),
        captured_by="Ruth Patterson",
        platform="facebook",
        url="",
        author_shown="",
        grounds="Threats against staff",
    )
    evidence_add_bytes(incident=case, by=by, name=f"{text}.png", data=screenshot(text), meta=meta)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def parent(school):
    from socialsafe.schools.tests.factories import GuardianFactory

    return GuardianFactory(school=school, first_name="Dana", last_name="Poster")


@pytest.mark.parametrize("path", ["/incidents/", "/", "/incidents/actions/", "case"])
def test_pages_run_the_same_queries_at_ten_times_the_rows(client, school, principal, teacher, parent, path):
    few = grow(school, principal, teacher, parent, 1)
    client.force_login(principal.user)
    url = f"/incidents/{few[0].pk}/" if path == "case" else path
    client.get(url)  # warm: sessions, the school's settings
    small = queries(client, url)
    grow(school, principal, teacher, parent, 9)
    if path == "case":
        case = few[0]
        for i in range(20):
            note_add(incident=case, by=principal.user, text=f"More {i}")
        for i in range(4):
            takedown_add(incident=case, by=principal.user, stage="followed_up", on=days_ago(1), reference=f"F{i}")
            action_add(
                incident=case,
                by=principal.user,
                kind=ActionKind.OTHER,
                title=f"Errand {i}",
                owner=principal.member,
                due_on=days_ago(1),
            )
            issue_invitation(case, by=principal.user, note_taker=principal.member)
            make_ban(case, by=principal.user)
            shot(case, principal.user, f"Another {i}")
    assert queries(client, url) == small, f"{url}: {small} queries with 1 case, more with 10"
