"""The Principal's home page says when staff questions about posts are waiting, and the line follows an answer."""

import pytest

from socialsafe.postcheck.services import advice_answer, advice_request

pytestmark = pytest.mark.django_db


def test_the_principals_home_counts_the_questions_waiting_and_the_answer_clears_it(client, principal, teacher):
    advice = advice_request(
        member=teacher.member, by=teacher.user, text="A draft about the weekend.", question="Is this all right?",
        warnings=[],
    )  # fmt: skip
    client.force_login(principal.user)
    page = client.get("/").content.decode()
    assert 'id="posts-waiting"' in page and "1 question from staff waiting for your answer" in page
    client.force_login(teacher.user)
    assert 'id="posts-waiting"' not in client.get("/").content.decode()  # the Principal's line, not the teacher's
    advice_answer(advice=advice, by=principal.user, answer="Yes, that is fine to post.")
    client.force_login(principal.user)
    assert 'id="posts-waiting"' not in client.get("/").content.decode()
