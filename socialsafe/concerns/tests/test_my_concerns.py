import pytest

from socialsafe.concerns.services import concern_reply
from socialsafe.concerns.tests.conftest import make_concern

pytestmark = pytest.mark.django_db


def test_a_parent_sees_only_their_own_concerns_and_the_replies(client, parent, principal, school):
    mine = make_concern(school, email=parent.user.email)
    theirs = make_concern(school, email="someone.else@example.com")
    concern_reply(concern=mine, by=principal.user, text="Thanks")
    client.force_login(parent.user)
    html = client.get("/concerns/mine/").content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert f"/s/glenmore/concern/status/{mine.status_token}/" in html and "1 reply" in html


@pytest.mark.parametrize("persona", ["principal", "teacher"])
def test_it_is_for_parents(client, persona, request):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get("/concerns/mine/").status_code == 403
