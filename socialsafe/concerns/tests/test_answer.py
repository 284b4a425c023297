"""Two-way concerns: the parent answers the school's reply from the status page, and the Principal sees one thread."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils.timezone import now
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.concerns.models import ConcernMessage, MessageFrom, Throttle
from socialsafe.concerns.public_views import ANSWER_LIMIT
from socialsafe.concerns.services import concern_close, concern_reply, concern_to_complaint
from socialsafe.concerns.tests.conftest import make_concern

pytestmark = pytest.mark.django_db

ANSWER = "Thank you. The post is still up this morning, and another parent has shared it."


def status_url(concern) -> str:
    return f"/s/{concern.school.slug}/concern/status/{concern.status_token}/"


def answer_url(concern) -> str:
    return status_url(concern) + "answer/"


@pytest.fixture
def replied(concern, principal):
    concern_reply(concern=concern, by=principal.user, text="I have spoken to the parent who posted it.")
    mail.outbox.clear()
    return concern


def parent_messages(concern):
    return ConcernMessage.objects.filter(concern=concern, sender=MessageFrom.PARENT)


def test_it_answers_confirms_audits_and_tells_the_principal(client, replied, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(answer_url(replied), {"text": ANSWER}, REMOTE_ADDR="198.51.100.40")
    assertRedirects(r, status_url(replied) + "answered/", fetch_redirect_response=False)
    message = parent_messages(replied).get()
    assert message.text == ANSWER and message.author is None and message.author_name == replied.name
    replied.refresh_from_db()
    assert replied.parent_answer_waiting_since == message.at
    event = AuditEvent.objects.get(verb="concern.parent_answered")
    assert event.ip_address == "198.51.100.40"
    assert ANSWER not in str(event.data) and "post is still up" not in str(event.data)
    to_parent, to_principal = sorted(mail.outbox, key=lambda m: m.to[0] != replied.email)
    assert to_parent.to == [replied.email] and "received your answer" in to_parent.subject
    assert to_principal.to == ["principal@example.com"]
    assert to_principal.subject == f"New reply on concern {replied.reference}"
    assert "still up" not in to_principal.body  # confidential: the text is read behind the sign-in
    assert all(m.from_email.startswith("Glenmore Primary School <") for m in mail.outbox)
    page = client.get(status_url(replied) + "answered/")
    assertContains(page, "Your answer has been sent")
    assertContains(page, replied.reference)
    assertContains(client.get(status_url(replied)), "You answered: waiting for the school&#x27;s reply")


def test_the_status_page_offers_the_answer_only_after_the_schools_reply(client, concern, principal):
    assertNotContains(client.get(status_url(concern)), 'id="answer"')
    r = client.post(answer_url(concern), {"text": ANSWER})
    assert r.status_code == 400
    assertContains(r, "can no longer be answered here", status_code=400)
    assert not parent_messages(concern).exists()
    concern_reply(concern=concern, by=principal.user, text="Thank you for telling me.")
    assertContains(client.get(status_url(concern)), 'id="answer"')


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "Enter ‘Your answer’"), ("   \n ", "Enter ‘Your answer’"), ("x" * 5001, "5,000 characters or fewer")],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(client, replied, text, error):
    r = client.post(answer_url(replied), {"text": text})
    assertContains(r, error, status_code=400)
    assertContains(r, "There is a problem", status_code=400)
    assert not parent_messages(replied).exists()
    assert not AuditEvent.objects.filter(verb="concern.parent_answered").exists()
    assert mail.outbox == []


def test_the_longest_answer_is_taken(client, replied):
    assert client.post(answer_url(replied), {"text": "y" * 5000}).status_code == 302
    assert len(parent_messages(replied).get().text) == 5000


@pytest.mark.parametrize("ending", ["closed", "complaint"])
def test_a_closed_concern_or_a_complaint_cannot_be_answered(client, replied, principal, ending):
    if ending == "closed":
        concern_close(concern=replied, by=principal.user)
    else:
        concern_to_complaint(concern=replied, by=principal.user)
    page = client.get(status_url(replied))
    assertNotContains(page, 'id="answer"')
    assert client.post(answer_url(replied), {"text": ANSWER}).status_code == 400
    assert not parent_messages(replied).exists()


def test_sending_it_twice_stores_one_answer_and_sends_one_pair_of_emails(
    client, replied, django_capture_on_commit_callbacks
):
    url = answer_url(replied)
    data = {"text": ANSWER, "submission": token_in(client.get(status_url(replied)), url)}
    with django_capture_on_commit_callbacks(execute=True):
        first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert parent_messages(replied).count() == 1
    assert len(mail.outbox) == 2


def test_it_is_rate_limited_per_concern_and_per_address(client, replied):
    with time_machine.travel(now(), tick=False):
        for i in range(ANSWER_LIMIT):
            assert (
                client.post(answer_url(replied), {"text": f"{ANSWER} {i}"}, REMOTE_ADDR=f"203.0.113.{i}").status_code
                == 302
            )
        r = client.post(answer_url(replied), {"text": ANSWER}, REMOTE_ADDR="203.0.113.200")
        assert r.status_code == 429 and r["Retry-After"] == "3600"
    assert parent_messages(replied).count() == ANSWER_LIMIT
    # An hour on, the parent may carry on.
    with time_machine.travel(now() + dt.timedelta(hours=1, minutes=1)):
        assert client.post(answer_url(replied), {"text": ANSWER}).status_code == 302
    assert not Throttle.objects.filter(key__contains=replied.status_token).exists()  # keys are hashed


def test_one_address_cannot_flood_many_concerns(client, school, principal):
    concerns = [make_concern(school, email=f"p{i}@example.com") for i in range(ANSWER_LIMIT + 1)]
    for c in concerns:
        concern_reply(concern=c, by=principal.user, text="Thank you.")
    with time_machine.travel(now(), tick=False):
        codes = [client.post(answer_url(c), {"text": ANSWER}, REMOTE_ADDR="203.0.113.77").status_code for c in concerns]
    assert codes == [302] * ANSWER_LIMIT + [429]


def test_another_schools_token_or_an_unknown_one_is_a_404(client, replied, other_school, outsider):
    other = make_concern(other_school, email="someone@riverside.example")
    concern_reply(concern=other, by=outsider.user, text="Thanks.")
    assert client.post(f"/s/glenmore/concern/status/{other.status_token}/answer/", {"text": ANSWER}).status_code == 404
    assert client.post("/s/glenmore/concern/status/not-a-token/answer/", {"text": ANSWER}).status_code == 404
    assert client.post(f"/s/nowhere/concern/status/{replied.status_token}/answer/", {"text": ANSWER}).status_code == 404
    assert not ConcernMessage.objects.filter(sender=MessageFrom.PARENT).exists()


def test_it_takes_only_a_post(client, replied):
    assert client.get(answer_url(replied)).status_code == 405


def test_the_principal_sees_one_thread_in_time_order_and_the_inbox_flags_it(client, replied, principal):
    client.post(answer_url(replied), {"text": ANSWER})
    client.force_login(principal.user)
    inbox = client.get("/concerns/inbox/")
    assertContains(inbox, "Parent answered: reply needed")
    html = client.get(f"/concerns/inbox/{replied.pk}/").content.decode()
    concern_at, reply_at, answer_at = (
        html.index('id="message-concern"'),
        html.index("I have spoken to the parent who posted it."),
        html.index(ANSWER),
    )
    assert concern_at < reply_at < answer_at
    assert "Reply from the school" in html and "Answer from the parent" in html and 'id="waiting"' in html
    # The school's reply clears the flag.
    concern_reply(concern=replied, by=principal.user, text="I have asked for it to be taken down again.")
    assertNotContains(client.get("/concerns/inbox/"), "Parent answered: reply needed")


def test_a_signed_in_parent_answers_from_my_concerns_and_signs_it(client, school, principal, parent):
    concern = make_concern(school, email=parent.user.email)
    concern_reply(concern=concern, by=principal.user, text="Thank you for telling me.")
    client.force_login(parent.user)
    mine = client.get("/concerns/mine/")
    assertContains(mine, "Thank you for telling me.")
    assertContains(mine, f'action="{answer_url(concern)}"')
    assert client.post(answer_url(concern), {"text": ANSWER}).status_code == 302
    assert parent_messages(concern).get().author == parent.user
    assertContains(client.get("/concerns/mine/"), ANSWER)


def test_someone_elses_account_does_not_sign_the_answer(client, replied, teacher):
    client.force_login(teacher.user)
    assert client.post(answer_url(replied), {"text": ANSWER}).status_code == 302
    assert parent_messages(replied).get().author is None


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("principal", 200),
        ("vice_principal", 200),
        ("designated_teacher", 403),
        ("teacher", 403),
        ("office", 403),
        ("governor", 403),
        ("parent", 403),
        ("officer", 403),
        ("outsider", 404),
    ],
)
def test_the_answer_is_seen_only_by_those_who_may_see_the_concern(client, replied, persona, code, request):
    client.post(answer_url(replied), {"text": ANSWER})
    client.force_login(request.getfixturevalue(persona).user)
    r = client.get(f"/concerns/inbox/{replied.pk}/")
    assert r.status_code == code
    assert (ANSWER in r.content.decode()) == (code == 200)


def test_a_case_opened_from_the_concern_keeps_the_parents_answer_labelled_as_theirs(client, replied, principal):
    from socialsafe.concerns.tests.test_to_case import _facts
    from socialsafe.incidents.models import Entry

    client.post(answer_url(replied), {"text": ANSWER})
    client.force_login(principal.user)
    assert client.post(f"/concerns/inbox/{replied.pk}/case/", _facts()).status_code == 302
    replied.refresh_from_db()
    notes = list(replied.incident.timeline.filter(kind=Entry.NOTE).values_list("text", flat=True))
    assert any("the parent's answer" in n and ANSWER in n for n in notes)
    assert any("reply from the school" in n and "spoken to the parent" in n for n in notes)
    # Once it is a case, the conversation carries on under the school's procedures, not on the status page.
    assertNotContains(client.get(status_url(replied)), 'id="answer"')
