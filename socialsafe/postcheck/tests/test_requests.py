"""From a check to the Principal: asking for advice, proposing a post for the official accounts, a teaching account."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socialsafe.audit.models import AuditEvent
from socialsafe.lib.crypto import MAGIC
from socialsafe.postcheck.models import AdviceRequest, AdviceStatus, OfficialPostRequest, PostStatus
from socialsafe.postcheck.tests.conftest import make_photo
from socialsafe.registers.models import TeachingAccount

pytestmark = pytest.mark.django_db
DRAFT = "Seán Murphy was brilliant at sports day"
TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def mailbox(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def ask(client, **extra):
    data = {"text": DRAFT, "question": "Can I post this if I leave his surname out?", "submission": TOKEN, **extra}
    return client.post(reverse("postcheck:advice_new"), data)


@pytest.fixture
def advice(teacher, roster, principal):
    from socialsafe.postcheck.services import advice_request

    return advice_request(member=teacher.member, by=teacher.user, text=DRAFT, question="May I?", warnings=[])


@pytest.fixture
def post(teacher, official_account, principal):
    from socialsafe.postcheck.services import official_post_request

    return official_post_request(member=teacher.member, by=teacher.user, text="Our P4 bake sale raised £300!",
                                 accounts=[official_account])  # fmt: skip


def test_it_sends_a_question_to_the_principal(client, teacher, principal, vice_principal, roster, mailbox):
    client.force_login(teacher.user)
    photo = SimpleUploadedFile("sports.jpg", make_photo(), content_type="image/jpeg")
    with mailbox(execute=True):
        response = ask(client, photo=photo)
    advice = AdviceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("postcheck:advice_detail", args=[advice.pk])
    assert advice.requested_by == teacher.member and advice.status == AdviceStatus.OPEN
    assert {w["id"] for w in advice.warnings} >= {"names_a_pupil", "shows_a_school_event"}
    with open(advice.photo.path, "rb") as raw:
        assert raw.read(len(MAGIC)) == MAGIC  # stored encrypted
    assert advice.photo.open("rb").read() == make_photo()
    assert AuditEvent.objects.filter(verb="postcheck.advice_requested", target_id=str(advice.pk)).exists()
    assert sorted(mail.outbox[0].to) == ["principal@example.com", "vp@example.com"]
    assert "Seán" not in mail.outbox[0].body and mail.outbox[0].from_email.startswith("Glenmore Primary School")


def test_a_question_sent_twice_is_kept_once(client, teacher, principal, roster):
    client.force_login(teacher.user)
    first, second = ask(client), ask(client)
    assert AdviceRequest.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_a_question_without_a_question_or_a_post_is_refused(client, teacher, principal, roster):
    client.force_login(teacher.user)
    page = ask(client, question="  ")
    assert page.status_code == 400
    assert "Tell the Principal what you would like to know about this post." in page.content.decode()
    assert "It names a pupil" in page.content.decode()  # the check is shown again beside the error
    page = ask(client, text="")
    assert page.status_code == 400 and "Paste the words of your post." in page.content.decode()
    assert not AdviceRequest.objects.exists()
    assert not AuditEvent.objects.filter(verb="postcheck.advice_requested").exists()


@pytest.mark.parametrize("who", ["principal", "vice_principal"])
def test_the_senior_team_sees_and_answers_it(client, request, who, advice, django_capture_on_commit_callbacks):
    user = request.getfixturevalue(who).user
    client.force_login(user)
    queue = client.get(reverse("postcheck:queue"))
    assert queue.status_code == 200 and advice.requested_by.display_name in queue.content.decode()
    page = client.get(reverse("postcheck:advice_detail", args=[advice.pk]))
    assert page.status_code == 200 and DRAFT in page.content.decode()
    assert AuditEvent.objects.filter(verb="postcheck.advicerequest_viewed", actor=user).count() == 1
    url = reverse("postcheck:advice_answer", args=[advice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Leave the name out and it is fine.", "submission": TOKEN})
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ANSWERED and advice.answered_by == user
    assert mail.outbox[-1].to == ["teacher@example.com"] and "Leave the name" not in mail.outbox[-1].body
    again = client.post(url, {"answer": "Something else", "submission": "f" * 32})
    assert again.status_code == 400 and "already been answered" in again.content.decode()
    advice.refresh_from_db()
    assert advice.answer == "Leave the name out and it is fine."


def test_an_empty_answer_is_refused(client, principal, advice):
    client.force_login(principal.user)
    page = client.post(reverse("postcheck:advice_answer", args=[advice.pk]), {"answer": " "})
    assert page.status_code == 400 and "Write your answer" in page.content.decode()
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.OPEN


def test_the_teacher_reads_the_answer_on_my_requests(client, teacher, principal, advice):
    from socialsafe.postcheck.services import advice_answer

    advice_answer(advice=advice, by=principal.user, answer="Yes, without his name.")
    client.force_login(teacher.user)
    mine = client.get(reverse("postcheck:mine"))
    assert mine.status_code == 200 and "Answered" in mine.content.decode()
    page = client.get(reverse("postcheck:advice_detail", args=[advice.pk]))
    assert "Yes, without his name." in page.content.decode()
    assert client.post(reverse("postcheck:advice_answer", args=[advice.pk]), {"answer": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["designated_teacher", "office", "staff"])
def test_other_staff_do_not_know_of_it(client, request, who, advice):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(reverse("postcheck:advice_detail", args=[advice.pk])).status_code == 404
    assert client.get(reverse("postcheck:advice_photo", args=[advice.pk])).status_code == 404
    assert client.get(reverse("postcheck:queue")).status_code == 403
    assert DRAFT not in client.get(reverse("postcheck:mine")).content.decode()


@pytest.mark.parametrize("who", ["chair", "governor", "parent", "officer"])
def test_governors_parents_and_officers_cannot_reach_it(client, request, who, advice):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(reverse("postcheck:advice_detail", args=[advice.pk])).status_code == 403
    assert client.get(reverse("postcheck:queue")).status_code == 403
    assert client.get(reverse("postcheck:mine")).status_code == 403


def test_another_schools_principal_gets_a_404(client, outsider, advice, post):
    client.force_login(outsider.user)
    assert client.get(reverse("postcheck:advice_detail", args=[advice.pk])).status_code == 404
    assert client.post(reverse("postcheck:advice_answer", args=[advice.pk]), {"answer": "x"}).status_code == 404
    assert client.get(reverse("postcheck:official_detail", args=[post.pk])).status_code == 404
    assert (
        client.post(reverse("postcheck:official_decide", args=[post.pk]), {"decision": "approved"}).status_code == 404
    )
    assert advice.requested_by.display_name not in client.get(reverse("postcheck:queue")).content.decode()


def test_the_photo_is_served_to_who_may_see_it_and_logged(client, principal, teacher, roster):
    from socialsafe.postcheck.services import advice_request

    advice = advice_request(member=teacher.member, by=teacher.user, text=DRAFT, question="?", warnings=[],
                            photo_data=make_photo(fmt="PNG"))  # fmt: skip
    client.force_login(principal.user)
    response = client.get(reverse("postcheck:advice_photo", args=[advice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == make_photo(fmt="PNG")
    assert AuditEvent.objects.filter(verb="postcheck.advicerequest_viewed", actor=principal.user).exists()


def test_it_proposes_a_post_for_the_official_accounts(client, teacher, principal, official_account, mailbox):
    client.force_login(teacher.user)
    data = {"text": "Our P4 bake sale raised £300!", "accounts": [official_account.pk], "submission": TOKEN}
    with mailbox(execute=True):
        response = client.post(reverse("postcheck:official_new"), data)
    post = OfficialPostRequest.objects.get()
    assert response["Location"] == reverse("postcheck:official_detail", args=[post.pk])
    assert list(post.accounts.all()) == [official_account] and post.status == PostStatus.REQUESTED
    assert mail.outbox[0].to == ["principal@example.com"]
    assert client.post(reverse("postcheck:official_new"), data)["Location"] == response["Location"]  # sent twice
    assert OfficialPostRequest.objects.count() == 1
    assert AuditEvent.objects.filter(verb="postcheck.official_post_requested").count() == 1


def test_a_post_needs_an_official_account_of_the_school(client, teacher, principal, official_account, other_school):
    client.force_login(teacher.user)
    page = client.post(reverse("postcheck:official_new"), {"text": "Bake sale!"})
    assert (
        page.status_code == 400
        and "Choose at least one of the school&#x27;s official accounts." in page.content.decode()
    )
    theirs = TeachingAccount.objects.create(
        school=other_school, official=True, service="X", name="Riverside", purpose="p", audience="a",
        moderation="m", requested_by=principal.member, status="approved",
    )  # fmt: skip
    page = client.post(reverse("postcheck:official_new"), {"text": "Bake sale!", "accounts": [theirs.pk]})
    assert page.status_code == 400
    assert not OfficialPostRequest.objects.exists()


def test_the_principal_approves_or_declines_it(client, principal, vice_principal, teacher, post, mailbox):
    client.force_login(principal.user)
    url = reverse("postcheck:official_decide", args=[post.pk])
    assert client.post(url, {"decision": "maybe"}).status_code == 400
    with mailbox(execute=True):
        assert client.post(url, {"decision": "approved", "note": "Lovely", "submission": TOKEN}).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.decided_by == principal.user and post.note == "Lovely"
    assert mail.outbox[-1].to == ["teacher@example.com"]
    page = client.post(url, {"decision": "declined", "submission": "e" * 32})
    assert page.status_code == 400 and "already approved" in page.content.decode()
    assert AuditEvent.objects.filter(verb="postcheck.official_post_approved").count() == 1
    client.force_login(teacher.user)
    assert client.post(url, {"decision": "declined"}).status_code == 403
    assert "Lovely" in client.get(reverse("postcheck:official_detail", args=[post.pk])).content.decode()


def test_a_teaching_account_request_is_filled_in_from_the_draft(client, teacher):
    client.force_login(teacher.user)
    page = client.post(reverse("postcheck:teaching_account"), {"text": "Our class blog: P4's science week"})
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("registers:account_request") in html and "P4&#x27;s science week" in html
    assert not TeachingAccount.objects.exists()
    assert client.get(reverse("postcheck:teaching_account")).status_code == 405
