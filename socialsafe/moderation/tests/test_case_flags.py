"""The classifier's suggestions on a case: shown with scores and words, confirmed or dismissed by a named person."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsafe.incidents.models import ActionKind, Entry
from socialsafe.incidents.services import incident_triage
from socialsafe.lib.tests.clock import ago, hhmm, iso
from socialsafe.moderation.models import Flag, FlagStatus, ScoredText, Thresholds
from socialsafe.moderation.services import flags_refresh

pytestmark = pytest.mark.django_db

THREAT = "I know where you live and you'd better watch your back, I'm going to get you"


@pytest.fixture
def threatening_chat(client, principal, case, django_capture_on_commit_callbacks):
    """A chat export on the case with a direct threat in it, read by the classifier in the background."""
    client.force_login(principal.user)
    taken = ago(days=10)
    data = {
        "captured_on": iso(taken),
        "captured_time": hhmm(taken),
        "captured_by": "Ruth Patterson",
        "platform": "whatsapp",
        "grounds": "Threats against staff",
        "files": [SimpleUploadedFile("chat.txt", f"20/11/2026, 21:04 - Dad: {THREAT}\n".encode())],
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/evidence/case/{case.pk}/add/", data).status_code == 302
    return case


def test_a_threat_in_the_evidence_is_suggested_with_its_words_and_the_policy(client, principal, threatening_chat):
    html = client.get(f"/incidents/{threatening_chat.pk}/").content.decode()
    flag = Flag.objects.get(incident=threatening_chat, label="threat", scored__source_name="chat.txt")
    assert flag.status == FlagStatus.SUGGESTED and flag.score >= 0.5
    assert "“chat.txt” may be threatening" in html
    assert "the incident will be reported to the PSNI" in html
    assert flag.words and any(w in html for w, _ in flag.words)
    assert not threatening_chat.actions.filter(kind=ActionKind.REFERRAL_PSNI).exists()  # nothing happens on its own


def test_texts_are_classified_once_when_they_arrive_and_never_on_a_page_view(client, principal, threatening_chat):
    made = Flag.objects.filter(incident=threatening_chat).count()
    assert made >= 1  # the upload's background task read the chat
    assert flags_refresh(incident=threatening_chat) == []  # nothing new to read: nothing scored twice
    ScoredText.objects.filter(incident=threatening_chat).delete()
    Flag.objects.filter(incident=threatening_chat).delete()
    client.get(f"/incidents/{threatening_chat.pk}/")
    assert not ScoredText.objects.filter(incident=threatening_chat).exists()  # opening the case classifies nothing


def test_confirming_makes_it_a_fact_and_the_rules_follow(client, principal, threatening_chat):
    incident_triage(incident=threatening_chat, by=principal.user, facts={})
    client.get(f"/incidents/{threatening_chat.pk}/")
    flag = Flag.objects.get(incident=threatening_chat, label="threat", scored__source_name="chat.txt")
    r = client.post(f"/moderation/flags/{flag.pk}/confirm/")
    assert r.status_code == 302
    flag.refresh_from_db()
    threatening_chat.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED and flag.decided_by == principal.user
    assert threatening_chat.content_threatening
    assert threatening_chat.actions.filter(kind=ActionKind.REFERRAL_PSNI, needs_confirmation=True).exists()
    fact = threatening_chat.timeline.filter(kind=Entry.FACT).last()
    assert "Confirmed by" in fact.text and fact.actor == principal.user
    assert client.post(f"/moderation/flags/{flag.pk}/confirm/", follow=True).status_code == 200  # already decided
    assert Flag.objects.filter(status=FlagStatus.CONFIRMED).count() == 1


def test_dismissing_needs_a_reason_and_is_kept_on_the_timeline(client, principal, threatening_chat):
    client.get(f"/incidents/{threatening_chat.pk}/")
    flag = Flag.objects.filter(incident=threatening_chat).first()
    r = client.post(f"/moderation/flags/{flag.pk}/dismiss/", {"reason": ""}, follow=True)
    assert "Say why the suggestion is dismissed." in r.content.decode()
    client.post(f"/moderation/flags/{flag.pk}/dismiss/", {"reason": "Quoting the post to condemn it"})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED
    assert threatening_chat.timeline.filter(text__contains="Quoting the post to condemn it").exists()


def test_only_those_who_manage_the_case_decide(
    client, principal, vice_principal, office, teacher, outsider, threatening_chat
):
    client.get(f"/incidents/{threatening_chat.pk}/")
    flag = Flag.objects.filter(incident=threatening_chat).first()
    client.force_login(teacher.user)  # the target: cannot even see the case
    assert client.post(f"/moderation/flags/{flag.pk}/confirm/").status_code == 404
    client.force_login(outsider.user)
    assert client.post(f"/moderation/flags/{flag.pk}/dismiss/", {"reason": "x"}).status_code == 404
    client.force_login(vice_principal.user)
    assert client.get(f"/moderation/flags/{flag.pk}/confirm/").status_code == 405
    flag.refresh_from_db()
    assert flag.status == FlagStatus.SUGGESTED


def test_each_school_sets_its_thresholds(client, principal, vice_principal, case):
    client.force_login(principal.user)
    r = client.post(
        "/moderation/thresholds/",
        {"threat": "0.99", "sexual": "0.6", "sexist": "0.6", "hate": "0.6", "insult": "0.99", "offensive": "0.99"},
    )
    assert r.status_code == 302
    assert Thresholds.objects.get(school=case.school).for_label("threat") == 0.99
    r = client.post("/moderation/thresholds/", {"threat": "2", "sexual": "x"})
    assert r.status_code == 400 and "Use a score of 0.99 or less." in r.content.decode()
    client.force_login(vice_principal.user)
    assert client.get("/moderation/thresholds/").status_code == 403


def test_agreeing_with_a_fact_already_recorded_is_kept_on_the_record(client, principal, threatening_chat):
    incident_triage(incident=threatening_chat, by=principal.user, facts={"content_threatening": True})
    html = client.get(f"/incidents/{threatening_chat.pk}/").content.decode()
    assert "The case already records this." in html
    flag = Flag.objects.get(incident=threatening_chat, label="threat", scored__source_name="chat.txt")
    client.post(f"/moderation/flags/{flag.pk}/confirm/")
    assert threatening_chat.timeline.filter(text__contains="agreed with SocialSafe").exists()


def test_an_offensive_suggestion_quotes_the_clause_on_offensive_content_not_the_psni(
    client, principal, threatening_chat
):
    from socialsafe.incidents import rules

    flag = Flag.objects.get(incident=threatening_chat, label="offensive", scored__source_name="chat.txt")
    html = client.get(f"/incidents/{threatening_chat.pk}/").content.decode()
    about_staff = threatening_chat.target_kind in rules.STAFF_TARGETS
    clause = rules.label_clause("offensive", about_staff=about_staff)
    card = html[html.index(f'id="flag-{flag.pk}"') :]
    card = card[: card.index("</div>")]
    assert clause.replace("'", "&#x27;") in card or clause in card
    assert "PSNI" not in card
    # Confirming it records the agreement, and no PSNI ground follows from it.
    client.post(f"/moderation/flags/{flag.pk}/confirm/")
    flag.refresh_from_db()
    threatening_chat.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED
    assert not threatening_chat.content_abusive
    assert not threatening_chat.actions.filter(kind=ActionKind.REFERRAL_PSNI).exists()
    assert threatening_chat.timeline.filter(text__contains="confirmed SocialSafe's suggestion").exists()
