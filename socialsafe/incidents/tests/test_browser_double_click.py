"""A double click on "Send the report" files one case, with the page's script and without it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.utils.timezone import localtime
from playwright.sync_api import Browser, expect

from socialsafe.incidents.models import Incident
from socialsafe.schools.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_double_click_files_one_report(browser: Browser, live_server, demo, javascript):
    if not javascript and connection.vendor == "sqlite":
        # Without the script both clicks reach the server at once; the test server shares one in-memory SQLite
        # connection between its threads, so only a real database server shows what happens.
        pytest.skip("two requests at once need a database server (the suite runs again on PostgreSQL)")
    _, password = demo
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server.url, "teacher@glenmore.example", password)
    page.goto(f"{live_server.url}/incidents/report/")
    when = localtime() - dt.timedelta(days=1)
    page.get_by_label("Online bullying, harassment or abuse of staff").check()
    page.get_by_label("In a sentence, what happened?").fill("Abusive comments about a colleague on Facebook")
    page.get_by_label("What happened, in detail").fill("A parent called her a disgrace.")
    page.get_by_label("Date it happened").fill(when.date().isoformat())
    page.get_by_label("Yes, outside school hours").check()
    page.get_by_label("It poses a threat to a member of the school community").check()
    page.get_by_label("Where was it posted?").select_option("facebook")
    page.get_by_label("The school", exact=True).check()
    page.get_by_role("radio", name="Not known").check()
    page.get_by_role("button", name="Send the report").dblclick()
    page.wait_for_url(re.compile(r"/incidents/\d+/$"))
    # The page is the case itself: either the first post's answer or, when the second click overtook it, the
    # second post's ("You had already sent this form").
    expect(page.get_by_role("heading", level=1)).to_have_text("Abusive comments about a colleague on Facebook")
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        re.compile("Your report is GLE-|You had already sent this form")
    )
    assert Incident.objects.filter(summary="Abusive comments about a colleague on Facebook").count() == 1
    context.close()
