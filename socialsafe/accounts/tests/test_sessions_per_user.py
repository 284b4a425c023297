"""Each session row names its user, so that a second factor reset ends that person's sessions by an index, without
decoding every session of the authority (socialsafe.accounts.sessions)."""

import pytest
from django.test import Client

from socialsafe.accounts.models import UserSession
from socialsafe.accounts.sessions import SessionStore, sessions_end_for

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    assert browser.get("/").status_code == 200
    return browser


def test_it_names_the_user_on_their_session_rows(principal, teacher):
    signed_in(teacher.user)
    signed_in(teacher.user)
    signed_in(principal.user)
    assert UserSession.objects.filter(user_id=teacher.user.pk).count() == 2
    assert UserSession.objects.filter(user_id=principal.user.pk).count() == 1


def test_a_session_before_signing_in_names_nobody(client):
    store = SessionStore()
    store["seen"] = True
    store.create()
    assert UserSession.objects.get(session_key=store.session_key).user_id is None


def test_a_reset_ends_every_session_of_the_colleague_and_nobody_elses(client, principal, teacher):
    phone, laptop = signed_in(teacher.user), signed_in(teacher.user)
    client.force_login(principal.user)
    r = client.post(f"/school/people/{teacher.member.pk}/second-factor/reset/")
    assert r.status_code == 302
    assert phone.get("/").status_code == 302 and laptop.get("/").status_code == 302  # back to the sign-in page
    assert not UserSession.objects.filter(user_id=teacher.user.pk).exists()
    assert client.get("/").status_code == 200  # the Principal's own session goes on


def test_ending_sessions_is_one_query_however_many_people_are_signed_in(principal, teacher, django_assert_num_queries):
    signed_in(teacher.user)
    for _ in range(40):  # other people's sessions, which are not read
        SessionStore().create()
    signed_in(principal.user)
    with django_assert_num_queries(1):
        assert sessions_end_for(teacher.user) == 1
    assert UserSession.objects.filter(user_id=principal.user.pk).count() == 1
