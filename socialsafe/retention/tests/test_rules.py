"""Every rule of the schedule, by time travel: the day before its date nothing happens; on it, queued or destroyed."""

import datetime as dt
import secrets

import pytest
from django.utils.timezone import localdate, now

from socialsafe.accounts.models import UserSession
from socialsafe.audit.services import audit_record
from socialsafe.concerns.models import (
    Acknowledgement,
    Concern,
    DocKind,
    ParentInvite,
    PhotoConsent,
    PolicyDocument,
    PolicyVersion,
    Topic,
)
from socialsafe.evidence.services import bundle_create, evidence_add_bytes
from socialsafe.incidents.models import Incident
from socialsafe.moderation.models import ScoredText
from socialsafe.registers.models import IctBan
from socialsafe.registers.tests.factories import make_ban
from socialsafe.reports.models import ReportRun
from socialsafe.retention.destruction import model_for
from socialsafe.retention.models import DestructionRecord, RetentionReview
from socialsafe.retention.schedule import BY_KEY, OWN_CLOCK
from socialsafe.retention.services import hold_set, retention_apply
from socialsafe.retention.tests.conftest import close, meta
from socialsafe.retention.tests.issue18 import MAKERS as ISSUE18_MAKERS
from socialsafe.schools.models import Pupil

pytestmark = pytest.mark.django_db


def _case_pupil(c):
    case, pupil = c["pupil_case"], c["pupil"]
    return close(case), pupil.date_of_birth


def _case_other(c):
    case = close(c["case"])
    return case, localdate(case.closed_at)


def _scored_text(c):
    case = close(c["case"])
    row = ScoredText.objects.create(
        incident=case, source="report", source_id=case.pk, source_name="The report", text_sha256="b" * 64, scores={}
    )
    return row, localdate(case.closed_at)


def _bundle(c):
    evidence_add_bytes(incident=c["case"], by=c["principal"].user, name="chat.txt", data=b"hello", meta=meta())
    row = bundle_create(incident=c["case"], by=c["principal"].user, recipient="PSNI", signed_off_by="The Principal")
    return row, localdate(row.created_at)


def _concern(c):
    row = Concern.objects.create(
        school=c["school"],
        reference="C-9",
        name="A parent",
        email="a@example.com",
        topic=Topic.values[0],
        what_happened="x",
        wanted_outcome="y",
        status_token=secrets.token_hex(16),
        closed_at=now(),
    )
    return row, localdate()


def _premises_bar(c):
    row = make_ban(close(c["case"]), by=c["principal"].user)
    return row, row.ends_on


def _ict_ban(c):
    case, pupil = c["pupil_case"], c["pupil"]
    ends = localdate() + dt.timedelta(days=30)
    row = IctBan.objects.create(
        school=case.school, incident=case, pupil=pupil, starts_on=localdate(), ends_on=ends, created_by=case.reported_by
    )
    return row, ends


def _photo_consent(c):
    pupil, guardian = c["pupil"], c["abusive_parent"]
    row = PhotoConsent.objects.create(
        school=pupil.school, pupil=pupil, may_publish=False, guardian=guardian, set_by=c["principal"].user
    )
    Pupil.objects.filter(pk=pupil.pk).update(left_on=localdate())
    return row, localdate()


def _acknowledgement(c):
    doc = PolicyDocument.objects.create(school=c["school"], kind=DocKind.values[0])
    version = PolicyVersion.objects.create(document=doc, label="1.0", published_on=localdate(), text="The policy")
    row = Acknowledgement.objects.create(version=version, user=c["principal"].user)
    return row, localdate()


def _parent_invite(c):
    row = ParentInvite.objects.create(guardian=c["abusive_parent"], by=c["principal"].user, email="p@example.com")
    return row, localdate()


def _report_run(c):
    row = ReportRun.objects.create(
        school=c["school"],
        scope="school",
        parameters={},
        label="Autumn term",
        produced_by=c["principal"].user,
        produced_as="the Principal",
        figures={},
        pdf=b"%PDF",
        pdf_sha256="c" * 64,
    )
    return row, localdate()


def _audit_event(c):
    row = audit_record(actor=c["principal"].user, verb="school.viewed", school=c["school"])
    return row, localdate()


MAKERS = {
    "case_pupil": _case_pupil,
    "case_other": _case_other,
    "scored_text": _scored_text,
    "bundle": _bundle,
    "concern": _concern,
    "premises_bar": _premises_bar,
    "ict_ban": _ict_ban,
    "photo_consent": _photo_consent,
    "acknowledgement": _acknowledgement,
    "parent_invite": _parent_invite,
    "report_run": _report_run,
    "audit_event": _audit_event,
    **ISSUE18_MAKERS,  # issue 18 (dpcover)
}


@pytest.fixture
def world(school, principal, pupil_case, pupil, case, abusive_parent):
    return {
        "school": school,
        "principal": principal,
        "pupil_case": pupil_case,
        "pupil": pupil,
        "case": case,
        "abusive_parent": abusive_parent,
    }


def test_every_rule_with_a_clock_is_tested():
    assert {c.key for c in OWN_CLOCK} - {"session"} == set(MAKERS)


def _travel_to(time_machine, day: dt.date):
    time_machine.move_to(now() + dt.timedelta(days=(day - localdate()).days))
    assert localdate() == day


@pytest.mark.parametrize("key", list(MAKERS))
def test_it_acts_on_the_due_date_and_not_before(key, world, school, time_machine):
    row, start = MAKERS[key](world)
    rule = BY_KEY[key]
    due = rule.due_on(start)
    model = model_for(key)

    _travel_to(time_machine, due - dt.timedelta(days=1))
    retention_apply(school=school)
    assert model._base_manager.filter(pk=row.pk).exists()
    assert not RetentionReview.objects.filter(record_class=key, record_id=row.pk).exists()

    _travel_to(time_machine, due)
    retention_apply(school=school)
    if rule.action == "review":
        review = RetentionReview.objects.get(record_class=key, record_id=row.pk)
        assert review.due_on == due and model._base_manager.filter(pk=row.pk).exists()
        retention_apply(school=school)  # the next day's run: queued once, not again
        assert RetentionReview.objects.filter(record_class=key, record_id=row.pk).count() == 1
    else:
        assert not model._base_manager.filter(pk=row.pk).exists()
        assert DestructionRecord.objects.filter(record_class=key, record_id=row.pk, reason="scheduled").exists()


def test_a_held_case_is_never_queued(world, school, principal, time_machine):
    case, start = _case_pupil(world)
    hold_set(incident=case, by=principal.user, reason="A claim is expected")
    _travel_to(time_machine, BY_KEY["case_pupil"].due_on(start) + dt.timedelta(days=400))
    retention_apply(school=school)
    assert not RetentionReview.objects.exists()
    assert Incident.objects.filter(pk=case.pk).exists()


def test_a_held_cases_scores_and_bundles_are_kept(world, school, principal, time_machine):
    scored, start = _scored_text(world)
    hold_set(incident=scored.incident, by=principal.user, reason="A claim is expected")
    _travel_to(time_machine, BY_KEY["scored_text"].due_on(start) + dt.timedelta(days=1))
    retention_apply(school=school)
    assert ScoredText.objects.filter(pk=scored.pk).exists()


def test_an_open_case_has_no_clock(world, school, time_machine):
    case = world["pupil_case"]
    _travel_to(time_machine, world["pupil"].date_of_birth.replace(year=world["pupil"].date_of_birth.year + 30))
    retention_apply(school=school)
    assert Incident.objects.filter(pk=case.pk).exists() and not RetentionReview.objects.exists()


def test_the_dry_run_changes_nothing(world, school, time_machine):
    row, start = _ict_ban(world)
    _travel_to(time_machine, BY_KEY["ict_ban"].due_on(start))
    report = retention_apply(school=school, dry_run=True)
    assert [d.record_id for d in report.destroyed if d.record_class.key == "ict_ban"] == [row.pk]
    assert IctBan.objects.filter(pk=row.pk).exists() and not DestructionRecord.objects.exists()


def test_it_leaves_another_schools_records_alone(world, other_school, school, time_machine):
    row, start = _parent_invite(world)
    _travel_to(time_machine, BY_KEY["parent_invite"].due_on(start))
    retention_apply(school=other_school)
    assert ParentInvite.objects.filter(pk=row.pk).exists()


def test_expired_sessions_go(db, time_machine):
    UserSession.objects.create(session_key="k" * 32, session_data="", expire_date=now() + dt.timedelta(hours=1))
    from socialsafe.retention.services import sessions_expire

    assert sessions_expire() == 0
    time_machine.move_to(now() + dt.timedelta(hours=2))
    assert sessions_expire() == 1 and not UserSession.objects.exists()
