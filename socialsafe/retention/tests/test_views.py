"""The retention pages, for every role: the schedule, the review queue and its two decisions, holds, the EA's rules."""

import datetime as dt

import pytest
from django.utils.timezone import localdate
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import FIELD, submission_token
from socialsafe.incidents.models import Incident
from socialsafe.retention.models import DestructionRecord, LegalHold, RetentionReview, ReviewStatus, RuleOverride
from socialsafe.retention.tests.conftest import PUPIL_LAST, SECRET_TEXT, close, table_counts

pytestmark = pytest.mark.django_db

ROLES = [
    "principal",
    "vice_principal",
    "designated_teacher",
    "teacher",
    "office",
    "chair",
    "governor",
    "parent",
    "officer",
    "outsider",
]


@pytest.fixture
def review(pupil_case, school):
    case = close(pupil_case)
    return RetentionReview.objects.create(
        school=school, record_class="case_pupil", record_id=case.pk, due_on=localdate()
    )


def _as(request, client, role):
    persona = request.getfixturevalue(role)
    client.force_login(persona.user)
    return persona


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_schedule(request, client, role, school):
    _as(request, client, role)
    r = client.get("/retention/")
    allowed = role in ("principal", "vice_principal", "chair", "governor", "outsider")
    assert r.status_code == (200 if allowed else 403)
    if allowed:
        assertContains(r, "Case naming a pupil")
        assertContains(r, "25 years")
        assertContains(r, "Records to review" if role in ("principal", "outsider") else "Retention schedule")
    if role == "outsider":
        assertNotContains(r, "Glenmore")


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_review_queue(request, client, role, review, pupil_case):
    _as(request, client, role)
    r = client.get("/retention/reviews/")
    assert r.status_code == (200 if role in ("principal", "outsider") else 403)
    if role == "principal":
        assertContains(r, pupil_case.reference)
        assertContains(r, f'href="/incidents/{pupil_case.pk}/"')  # to see what would be destroyed
        # What it is, no more: not the case's summary, text or the pupil's name.
        for word in (SECRET_TEXT, PUPIL_LAST, pupil_case.summary):
            assertNotContains(r, word)
    if role == "outsider":
        assertNotContains(r, pupil_case.reference)


def test_a_get_writes_nothing_but_its_view_record(client, principal, review):
    client.force_login(principal.user)
    for url in ("/retention/", "/retention/reviews/", "/retention/holds/"):
        before = table_counts()
        assert client.get(url).status_code == 200
        after = table_counts()
        changed = {k for k in after if after[k] != before[k]}
        assert changed <= {"audit.auditevent", "accounts.usersession"}
        assert after["audit.auditevent"] == before["audit.auditevent"] + 1


def test_the_anonymous_are_sent_to_sign_in(client, review):
    for url in ("/retention/", "/retention/reviews/", "/retention/holds/", "/retention/authority/"):
        assert client.get(url)["Location"].startswith("/accounts/sign-in/")


# --- Keep ---
def test_it_keeps_a_record_with_a_reason_and_a_date(client, principal, review):
    client.force_login(principal.user)
    later = localdate() + dt.timedelta(days=365)
    data = {
        f"keep-{review.pk}-reason": "A claim may follow",
        f"keep-{review.pk}-next_review_on": later.isoformat(),
        FIELD: submission_token(),
    }
    r = client.post(f"/retention/reviews/{review.pk}/keep/", data)
    assertRedirects(r, "/retention/reviews/", fetch_redirect_response=False)
    review.refresh_from_db()
    assert review.status == ReviewStatus.KEPT and review.next_review_on == later
    assert review.keep_reason == "A claim may follow" and review.decided_by == principal.user
    assert AuditEvent.objects.filter(verb="retention.kept", target_id=str(review.pk)).count() == 1
    assert client.post(f"/retention/reviews/{review.pk}/keep/", data).status_code == 302  # the same form again
    assert AuditEvent.objects.filter(verb="retention.kept").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"keep-next_review_on": "2099-01-01"}, "Enter the reason."),
        ({"keep-reason": "x"}, "Enter the next review date."),
        ({"keep-reason": "x", "keep-next_review_on": "not a date"}, "Enter a real date."),
        ({"keep-reason": "x", "keep-next_review_on": "today"}, "The next review date must be in the future."),
    ],
)
def test_it_refuses_a_keep_without_a_reason_or_a_future_date(client, principal, review, data, message):
    if data.get("keep-next_review_on") == "today":
        data = {**data, "keep-next_review_on": localdate().isoformat()}
    data = {k.replace("keep-", f"keep-{review.pk}-"): v for k, v in data.items()}
    client.force_login(principal.user)
    r = client.post(f"/retention/reviews/{review.pk}/keep/", data)
    assert r.status_code == 400
    assertContains(r, message, status_code=400)
    assertContains(r, "There is a problem", status_code=400)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    assert not AuditEvent.objects.filter(verb="retention.kept").exists()


# --- Destroy ---
def test_it_destroys_a_reviewed_record_once(client, principal, review, pupil_case, django_capture_on_commit_callbacks):
    client.force_login(principal.user)
    data = {f"destroy-{review.pk}-confirm": "destroy", FIELD: submission_token()}
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/retention/reviews/{review.pk}/destroy/", data)
    assertRedirects(r, "/retention/reviews/", fetch_redirect_response=False)
    assert not Incident.objects.filter(pk=pupil_case.pk).exists()
    record = DestructionRecord.objects.get()
    assert record.review == review and record.by == principal.user and record.reason == "review"
    review.refresh_from_db()
    assert review.status == ReviewStatus.DESTROYED
    assert client.post(f"/retention/reviews/{review.pk}/destroy/", data).status_code == 302  # a double click
    assert DestructionRecord.objects.count() == 1


@pytest.mark.parametrize("typed", ["", "yes", "destroyed"])
def test_it_asks_for_the_typed_confirmation(client, principal, review, pupil_case, typed):
    client.force_login(principal.user)
    r = client.post(f"/retention/reviews/{review.pk}/destroy/", {f"destroy-{review.pk}-confirm": typed})
    assertContains(r, "Type destroy to confirm.", status_code=400)
    assert Incident.objects.filter(pk=pupil_case.pk).exists() and not DestructionRecord.objects.exists()


def test_it_will_not_destroy_a_held_case(client, principal, review, pupil_case):
    LegalHold.objects.create(school=pupil_case.school, incident=pupil_case, reason="Claim", set_by=principal.user)
    client.force_login(principal.user)
    r = client.post(f"/retention/reviews/{review.pk}/destroy/", {f"destroy-{review.pk}-confirm": "destroy"})
    assertContains(r, "under legal hold", status_code=400)
    assert Incident.objects.filter(pk=pupil_case.pk).exists()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


@pytest.mark.parametrize("action", ["keep", "destroy"])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_principal_decides(request, client, role, review, action):
    _as(request, client, role)
    r = client.post(f"/retention/reviews/{review.pk}/{action}/", {f"destroy-{review.pk}-confirm": "destroy"})
    expected = {"principal": 400 if action == "keep" else 302, "outsider": 404}.get(role, 403)
    assert r.status_code == expected
    assert client.get(f"/retention/reviews/{review.pk}/{action}/").status_code == 405


# --- Legal holds ---
def test_it_sets_and_lifts_a_hold(client, principal, pupil_case):
    client.force_login(principal.user)
    data = {"reference": pupil_case.reference, "reason": "Solicitor's letter", FIELD: submission_token()}
    assertRedirects(client.post("/retention/holds/", data), "/retention/holds/", fetch_redirect_response=False)
    client.post("/retention/holds/", data)  # a double submit
    hold = LegalHold.objects.get()
    assert hold.set_by == principal.user and hold.lifted_at is None
    assert AuditEvent.objects.filter(verb="retention.hold_set", case_id=pupil_case.pk).count() == 1
    assertContains(client.get("/retention/holds/"), pupil_case.reference)
    lift = {f"lift-{hold.pk}-reason": "Settled", FIELD: submission_token()}
    r = client.post(f"/retention/holds/{hold.pk}/lift/", lift)
    assertRedirects(r, "/retention/holds/", fetch_redirect_response=False)
    client.post(f"/retention/holds/{hold.pk}/lift/", lift)
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == "Settled"
    assert AuditEvent.objects.filter(verb="retention.hold_lifted").count() == 1
    r = client.post(f"/retention/holds/{hold.pk}/lift/", {f"lift-{hold.pk}-reason": "Again"})
    assertContains(r, "already been lifted", status_code=400)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "x"}, "Enter the case reference."),
        ({"reference": "NOPE-1", "reason": "x"}, "There is no case with that reference in this school."),
        ({"reference": "REF"}, "Enter the reason."),
    ],
)
def test_it_refuses_a_bad_hold(client, principal, pupil_case, data, message):
    if data.get("reference") == "REF":
        data = {**data, "reference": pupil_case.reference}
    client.force_login(principal.user)
    assertContains(client.post("/retention/holds/", data), message, status_code=400)
    assert not LegalHold.objects.exists()


def test_a_reference_typed_in_lower_case_with_spaces_finds_the_case(client, principal, pupil_case):
    client.force_login(principal.user)
    data = {"reference": f" {pupil_case.reference.lower()} ", "reason": "Police inquiry", FIELD: submission_token()}
    assertRedirects(client.post("/retention/holds/", data), "/retention/holds/", fetch_redirect_response=False)
    assert LegalHold.objects.get().incident == pupil_case


def test_it_refuses_a_second_hold_and_a_lift_without_reason(client, principal, pupil_case):
    hold = LegalHold.objects.create(
        school=pupil_case.school, incident=pupil_case, reason="Claim", set_by=principal.user
    )
    client.force_login(principal.user)
    r = client.post("/retention/holds/", {"reference": pupil_case.reference, "reason": "again"})
    assertContains(r, "already under legal hold", status_code=400)
    assertContains(client.post(f"/retention/holds/{hold.pk}/lift/", {}), "Enter the reason.", status_code=400)
    assert LegalHold.objects.active().count() == 1


def test_another_schools_principal_cannot_hold_or_lift(client, outsider, principal, pupil_case):
    hold = LegalHold.objects.create(
        school=pupil_case.school, incident=pupil_case, reason="Claim", set_by=principal.user
    )
    client.force_login(outsider.user)
    r = client.post("/retention/holds/", {"reference": pupil_case.reference, "reason": "x"})
    assertContains(r, "There is no case with that reference", status_code=400)
    assert client.post(f"/retention/holds/{hold.pk}/lift/", {f"lift-{hold.pk}-reason": "x"}).status_code == 404
    assertNotContains(client.get("/retention/holds/"), pupil_case.reference)


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("principal", "outsider")])
def test_only_the_principal_holds(request, client, role, pupil_case, principal):
    hold = LegalHold.objects.create(
        school=pupil_case.school, incident=pupil_case, reason="Claim", set_by=principal.user
    )
    _as(request, client, role)
    assert client.get("/retention/holds/").status_code == 403
    assert client.post("/retention/holds/", {"reference": pupil_case.reference, "reason": "x"}).status_code == 403
    assert client.post(f"/retention/holds/{hold.pk}/lift/", {f"lift-{hold.pk}-reason": "x"}).status_code == 403


# --- The Education Authority's rules ---
def test_the_officer_sets_a_rule_the_schools_then_see(client, officer, principal, school):
    client.force_login(officer.user)
    r = client.get("/retention/authority/")
    assertContains(r, "Retention rules for")
    data = {
        "record_class": "ict_ban",
        "years": "2",
        "months": "6",
        "action": "review",
        "note": "EA policy 4.2",
        FIELD: submission_token(),
    }
    assertRedirects(client.post("/retention/authority/", data), "/retention/authority/", fetch_redirect_response=False)
    client.post("/retention/authority/", data)
    o = RuleOverride.objects.get()
    assert (o.years, o.months, o.action, o.authority) == (2, 6, "review", school.authority)
    assert AuditEvent.objects.filter(verb="retention.override_set").count() == 1
    client.force_login(principal.user)
    r = client.get("/retention/")
    assertContains(r, "2 years 6 months")
    assertContains(r, "Set by the Education Authority: EA policy 4.2")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"years": "1", "action": "review", "note": "x"}, "Choose a record class."),
        ({"record_class": "letter", "years": "1", "action": "review", "note": "x"}, "Choose a record class."),
        ({"record_class": "ict_ban", "action": "review", "note": "x"}, "Enter the years."),
        ({"record_class": "ict_ban", "years": "-1", "action": "review", "note": "x"}, "Years cannot be negative."),
        ({"record_class": "ict_ban", "years": "1", "months": "12", "action": "review", "note": "x"}, "11 months"),
        ({"record_class": "ict_ban", "years": "1", "action": "transfer", "note": "x"}, "Choose review or destroy."),
        ({"record_class": "ict_ban", "years": "1", "action": "review"}, "Say why the rule differs."),
        # The reviewer's case: every child-protection case destroyed at once by an override of nothing.
        ({"record_class": "case_pupil", "years": "0", "action": "destroy", "note": "x"}, "never shorter"),
        (
            {"record_class": "case_pupil", "years": "24", "months": "11", "action": "review", "note": "x"},
            "never shorter",
        ),
        ({"record_class": "case_pupil", "years": "30", "action": "destroy", "note": "x"}, "Choose review."),
        ({"record_class": "concern", "years": "2", "action": "review", "note": "x"}, "never shorter"),
        ({"record_class": "premises_bar", "years": "6", "action": "destroy", "note": "x"}, "Choose review."),
    ],
)
def test_it_refuses_a_bad_rule(client, officer, data, message):
    client.force_login(officer.user)
    assertContains(client.post("/retention/authority/", data), message, status_code=400)
    assert not RuleOverride.objects.exists()


def test_an_authority_may_keep_child_protection_cases_longer(client, officer, school):
    client.force_login(officer.user)
    data = {
        "record_class": "case_pupil",
        "years": "35",
        "action": "review",
        "note": "EA decision 12/3",
        FIELD: submission_token(),
    }
    assertRedirects(client.post("/retention/authority/", data), "/retention/authority/", fetch_redirect_response=False)
    assert RuleOverride.objects.get().years == 35


@pytest.mark.parametrize("role", [r for r in ROLES if r != "officer"])
def test_only_an_officer_sets_rules(request, client, role):
    _as(request, client, role)
    assert client.get("/retention/authority/").status_code == 403
    assert client.post("/retention/authority/", {"record_class": "ict_ban"}).status_code == 403
