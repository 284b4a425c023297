"""The case page's panels: each form has its own GOV.UK error summary linking to its fields; with JavaScript, htmx
posts it and swaps only its panel (and the parts its work changes); without, the whole page is sent as before."""

import pytest
from playwright.sync_api import expect

from socialsafe.incidents.services import incident_triage

pytestmark = pytest.mark.django_db


def test_without_javascript_the_summary_is_at_the_top_and_links_to_the_field(client, principal, case):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/takedown/", {"stage": "", "on": ""})
    html = r.content.decode()
    assert r.status_code == 400
    top = html.split('id="main-content"', 1)[1].split('id="summary"', 1)[0]
    assert "There is a problem" in top and 'href="#takedown-stage_0"' in top and 'href="#takedown-on"' in top
    assert 'id="takedown-on"' in html  # the link leads somewhere
    assert '<details class="govuk-details" open>' in html  # the form that failed is open


def test_with_htmx_the_panel_carries_its_own_summary(client, principal, case):
    client.force_login(principal.user)
    r = client.post(f"/incidents/{case.pk}/notes/", {"text": ""}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert r.status_code == 400
    panel = html.split('id="timeline-panel"', 1)[1]
    assert "There is a problem" in panel.split('id="note-text"', 1)[0] and 'href="#note-text"' in panel
    assert "There is a problem" not in html.split('id="timeline-panel"', 1)[0]


def test_fields_of_the_pages_forms_have_ids_of_their_own(client, principal, case):
    incident_triage(incident=case, by=principal.user, facts={})
    client.force_login(principal.user)
    html = client.get(f"/incidents/{case.pk}/").content.decode()
    for field_id in ("takedown-note", "move-note", "note-text", "action-title", "facts-note"):
        assert html.count(f'id="{field_id}"') == 1, field_id


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_note_is_added_without_reloading_the_page(page, live_server, demo):
    from socialsafe.incidents.demo import demo_cases_create
    from socialsafe.incidents.models import Incident
    from socialsafe.schools.models import School
    from socialsafe.schools.tests.browser import sign_in

    _, password = demo
    demo_cases_create(school=School.objects.get(slug="glenmore"))
    case = Incident.objects.get(school__slug="glenmore", summary__startswith="Abusive comments")
    sign_in(page, live_server.url, "principal@glenmore.example", password)
    page.goto(f"{live_server.url}/incidents/{case.pk}/")
    page.evaluate("window.stayed = true")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 400" not in m.text else None)
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator("#timeline-panel .govuk-error-summary")).to_contain_text("Write the note")
    page.get_by_label("Add a note to the timeline").fill("Rang the parent: no answer.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator("#messages")).to_contain_text("Note added.")
    expect(page.locator("#timeline-panel")).to_contain_text("Rang the parent: no answer.")
    expect(page.locator("#timeline-panel .govuk-error-summary")).to_have_count(0)
    assert page.evaluate("window.stayed === true")  # the same page: only the panel was swapped
    # A takedown step that completes an action updates the summary and the actions too.
    page.get_by_text("Record a takedown step").click()
    page.get_by_label("Asked the poster to remove it").check()
    page.get_by_label("Date", exact=True).fill(case.reported_at.date().isoformat())
    page.get_by_role("button", name="Record the step").click()
    expect(page.locator("#messages")).to_contain_text("Done: Ask the person responsible to remove the content")
    expect(page.locator("#actions-panel tr").filter(has_text="Ask the person responsible")).to_contain_text("Done")
    assert page.evaluate("window.stayed === true")
    assert not errors, errors
