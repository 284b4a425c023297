"""The report form's long pickers search as you type: the school's own people only, labelled as the form labels
them; without JavaScript the form's full list is there instead."""

import pytest

from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db


def test_it_finds_a_parent_by_their_name_or_their_childs(client, teacher, school, other_school):
    child = PupilFactory(school=school, first_name="Oisín", last_name="Quigley")
    GuardianFactory(school=school, first_name="Dana", last_name="Poster", children=[child])
    GuardianFactory(school=school, first_name="Una", last_name="Other")
    GuardianFactory(school=other_school, first_name="Dana", last_name="Elsewhere")
    client.force_login(teacher.user)
    html = client.get("/incidents/report/people/responsible_guardian/?q=dana").content.decode()
    assert "Poster" in html and "Other" not in html and "Elsewhere" not in html
    assert "Oisín" in client.get("/incidents/report/people/responsible_guardian/?q=quig").content.decode()
    assert html.startswith('<option value="">Not known</option>')


def test_it_finds_a_pupil_and_says_when_there_are_more(client, teacher, school):
    for n in range(52):
        PupilFactory(school=school, first_name=f"Seán{n}", last_name="Murphy")
    client.force_login(teacher.user)
    html = client.get("/incidents/report/people/target_pupil/?q=murphy").content.decode()
    assert html.count("Murphy, ") == 50 and "type more of the name" in html
    assert "Seán7 " not in client.get("/incidents/report/people/target_pupil/?q=se%C3%A1n51").content.decode()


@pytest.mark.parametrize("q", ["", "   ", "\x00", "x" * 500, "'; drop table--"])
def test_odd_searches_answer_calmly(client, teacher, q):
    client.force_login(teacher.user)
    assert client.get("/incidents/report/people/responsible_pupil/", {"q": q}).status_code == 200


def test_only_the_pickers_and_only_for_those_who_report(client, teacher, parent):
    client.force_login(teacher.user)
    assert client.get("/incidents/report/people/password/").status_code == 404
    assert client.post("/incidents/report/people/target_pupil/").status_code == 405
    client.force_login(parent.user)
    assert client.get("/incidents/report/people/target_pupil/").status_code == 403
    client.logout()
    assert client.get("/incidents/report/people/target_pupil/").status_code in (302, 403)


def test_the_form_offers_the_search_beside_the_full_list(client, teacher):
    client.force_login(teacher.user)
    html = client.get("/incidents/report/").content.decode()
    assert 'hx-get="/incidents/report/people/responsible_guardian/"' in html
    assert 'hx-target="#id_responsible_guardian"' in html and 'id="id_responsible_guardian"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_narrows_the_parents_list_in_the_browser(page, live_server, demo):
    from playwright.sync_api import expect

    from socialsafe.schools.models import Guardian
    from socialsafe.schools.tests.browser import sign_in

    _, password = demo
    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/incidents/report/")
    picker = page.get_by_label("If a parent or carer: who, if known?", exact=True)
    expect(picker).to_be_hidden()  # only the picker that fits the answer shows
    page.get_by_role("radio", name="A parent or carer").check()
    expect(picker).to_be_visible()
    everyone = picker.locator("option").count()
    surname = Guardian.objects.filter(school__slug="glenmore").order_by("id").first().last_name
    page.get_by_label("Find by name: If a parent or carer: who, if known?").fill(surname)
    expect(picker.locator("option").nth(1)).to_contain_text(surname)
    assert 1 < picker.locator("option").count() < everyone
