"""The school's promised response time, told to parents when their concern arrives."""

import pytest

from socialsafe.concerns.models import ConcernSettings

pytestmark = pytest.mark.django_db


def test_it_changes_the_response_time(client, principal):
    client.force_login(principal.user)
    assert client.post("/concerns/inbox/settings/", {"response_days": "10"}).status_code == 302
    assert ConcernSettings.objects.get(school=principal.school).response_days == 10
    assert "within 10 school days" in client.get("/s/glenmore/concern/").content.decode()


@pytest.mark.parametrize("value", ["0", "31", "abc", "", "-1", "5.5"])
def test_bad_values_are_refused(client, principal, value):
    client.force_login(principal.user)
    assert client.post("/concerns/inbox/settings/", {"response_days": value}).status_code == 400
    assert not ConcernSettings.objects.exists()


def test_only_the_inbox_holders_may_change_it(client, teacher):
    client.force_login(teacher.user)
    assert client.post("/concerns/inbox/settings/", {"response_days": "2"}).status_code == 403
