import pytest

pytestmark = pytest.mark.django_db


def test_the_advice_page_keeps_all_nine_points_and_links_to_the_form(client, school):
    r = client.get("/s/glenmore/online-safety/")
    html = r.content.decode()
    assert r.status_code == 200 and "Glenmore Primary School" in html
    assert html.count("<li><strong>") == 9
    for words in ["Take an interest", "screen time", "personal information", "not always who they say", "meet"]:
        assert words in html
    assert "/s/glenmore/concern/" in html
    assert "other people's children" in html


def test_it_only_answers_get(client, school):
    assert client.post("/s/glenmore/online-safety/").status_code == 405
