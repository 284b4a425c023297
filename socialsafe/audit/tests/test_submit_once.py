"""audit.once: a form's token is claimed with the work it does, so two posts of it at the same moment do it once."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils.timezone import now

from socialsafe.audit.models import Submission
from socialsafe.audit.once import submission_token, submissions_prune
from socialsafe.incidents.models import Incident
from socialsafe.incidents.tests.test_double_submit import report_data


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server that runs two requests at once")
def test_two_posts_at_the_same_moment_file_one_case(office, teacher, principal):
    data = {**report_data(teacher.member), "submission": submission_token()}
    answers = []
    start = threading.Barrier(2)

    def post():
        client = Client()
        client.force_login(office.user)
        start.wait()
        answers.append(client.post("/incidents/report/", data))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Incident.objects.count() == 1
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]


@pytest.mark.django_db
def test_a_token_is_per_person(client, office, vice_principal, teacher, principal):
    # The same token sent by two people is two forms: a token never leads one person to another's result.
    data = {**report_data(teacher.member), "submission": submission_token()}
    for person in (office, vice_principal):
        client.force_login(person.user)
        assert client.post("/incidents/report/", data).status_code == 302
    assert Incident.objects.count() == 2


@pytest.mark.django_db
def test_a_post_without_a_token_still_works(client, office, teacher, principal):
    client.force_login(office.user)
    assert client.post("/incidents/report/", report_data(teacher.member)).status_code == 302
    assert Incident.objects.count() == 1 and not Submission.objects.exists()


@pytest.mark.django_db
def test_old_tokens_are_forgotten(time_machine):
    time_machine.move_to(now(), tick=False)
    Submission.objects.create(key="a" * 64, result="/")
    time_machine.shift(dt.timedelta(days=8))
    Submission.objects.create(key="b" * 64, result="/")
    assert submissions_prune(days=7) == 1
    assert list(Submission.objects.values_list("key", flat=True)) == ["b" * 64]


@pytest.mark.django_db
def test_the_prune_command_says_what_it_did(capsys):
    from django.core.management import call_command

    call_command("prune_submissions")
    assert "Forgot 0 form token(s) older than 7 days." in capsys.readouterr().out
