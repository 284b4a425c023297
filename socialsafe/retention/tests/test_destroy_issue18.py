"""Issue 18's records under the schedule: what goes with them, what stays, and the encrypted photos."""

import datetime as dt
import json
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.utils.timezone import localdate, now

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import Concern, ConcernEvent, ConcernMessage, MessageFrom, Topic
from socialsafe.families.models import FamilyInvitation, InvitationBatch
from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest
from socialsafe.registers.models import TeachingAccount
from socialsafe.retention.destruction import destroy_concern
from socialsafe.retention.models import DestructionRecord
from socialsafe.retention.schedule import BY_KEY
from socialsafe.retention.services import retention_apply
from socialsafe.retention.tests import issue18
from socialsafe.staffrules.models import StaffAttestation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(school, principal, pupil, abusive_parent):
    return {"school": school, "principal": principal, "pupil": pupil, "abusive_parent": abusive_parent}


def _travel_to(time_machine, day: dt.date):
    time_machine.move_to(now() + dt.timedelta(days=(day - localdate()).days))
    assert localdate() == day


def _no_personal_data(record: DestructionRecord, *words: str) -> None:
    event = AuditEvent.objects.get(verb="retention.destroyed", target_id=str(record.pk))
    text = json.dumps([model_to_dict(record), model_to_dict(event)], default=str)
    for word in words:
        assert word not in text


def test_it_destroys_an_answered_question_with_its_encrypted_photo_after_commit(
    world, school, time_machine, django_capture_on_commit_callbacks
):
    advice, start = issue18.advice(world)
    path = Path(settings.MEDIA_ROOT) / advice.photo.name
    assert path.is_file() and issue18.PHOTO not in path.read_bytes()  # stored encrypted
    assert advice.photo.open("rb").read() == issue18.PHOTO
    due = BY_KEY["advice_request"].due_on(start)

    _travel_to(time_machine, due - dt.timedelta(days=1))
    retention_apply(school=school)
    assert AdviceRequest.objects.filter(pk=advice.pk).exists() and path.is_file()

    _travel_to(time_machine, due)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retention_apply(school=school)
        assert path.is_file()  # not before the destruction commits
    assert callbacks
    assert not AdviceRequest.objects.filter(pk=advice.pk).exists() and not path.exists()
    assert not AuditEvent.objects.filter(target_type="postcheck.advicerequest").exists()
    record = DestructionRecord.objects.get(record_class="advice_request", record_id=advice.pk)
    assert record.counts["files"] == 1 and record.counts["postcheck.advicerequest"] == 1
    _no_personal_data(record, issue18.DRAFT, "Orla", "Can I name her", "first name only", advice.photo.name)


def test_an_unanswered_question_runs_from_the_day_it_was_asked(world, school, time_machine):
    principal = world["principal"]
    from socialsafe.postcheck.services import advice_request

    advice = advice_request(member=principal.member, by=principal.user, text="Draft", question="OK?", warnings=[])
    _travel_to(time_machine, BY_KEY["advice_request"].due_on(localdate()))
    retention_apply(school=school)
    assert not AdviceRequest.objects.filter(pk=advice.pk).exists()


def test_a_proposed_post_goes_with_its_account_links_but_not_the_accounts(
    world, school, principal, time_machine, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    account = TeachingAccount.objects.create(
        school=school, official=True, service="Facebook", name="Glenmore PS", purpose="News", audience="Parents",
        moderation="Daily", requested_by=principal.member, status="approved", decided_by=principal.user,
        decided_at=now(),
    )  # fmt: skip
    post, start = issue18.official_post(world)
    post.photo = ContentFile(issue18.PHOTO, name="photo")
    post.save()
    post.accounts.set([account])
    path = Path(settings.MEDIA_ROOT) / post.photo.name
    assert path.is_file()

    _travel_to(time_machine, BY_KEY["official_post_request"].due_on(start))
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(school=school)
    assert not OfficialPostRequest.objects.filter(pk=post.pk).exists() and not path.exists()
    assert not OfficialPostRequest.accounts.through.objects.exists()
    assert TeachingAccount.objects.filter(pk=account.pk).exists()
    record = DestructionRecord.objects.get(record_class="official_post_request", record_id=post.pk)
    _no_personal_data(record, issue18.DRAFT, "Orla", "full name")


def test_an_acknowledged_invitation_is_kept_as_evidence_for_six_years(world, school, time_machine):
    invitation, start = issue18.acknowledged_invitation(world)
    _travel_to(time_machine, BY_KEY["family_invitation"].due_on(start) + dt.timedelta(days=30))
    retention_apply(school=school)
    assert FamilyInvitation.objects.filter(pk=invitation.pk).exists()

    _travel_to(time_machine, BY_KEY["family_acknowledgement"].due_on(start))
    retention_apply(school=school)
    assert not FamilyInvitation.objects.filter(pk=invitation.pk).exists()
    assert not FamilyInvitation.pupils.through.objects.filter(familyinvitation_id=invitation.pk).exists()
    assert world["pupil"].__class__.objects.filter(pk=world["pupil"].pk).exists()  # the child's record stays
    record = DestructionRecord.objects.get(record_class="family_acknowledgement", record_id=invitation.pk)
    _no_personal_data(record, world["abusive_parent"].last_name, invitation.code_hash, invitation.code_nonce)


def test_a_run_of_invitations_goes_and_its_invitations_stay_on_their_own_clocks(world, school, time_machine):
    batch, start = issue18.batch(world)
    invitation, _ = issue18.acknowledged_invitation(world)
    FamilyInvitation.objects.filter(pk=invitation.pk).update(batch=batch)
    _travel_to(time_machine, BY_KEY["invitation_batch"].due_on(start))
    retention_apply(school=school)
    assert not InvitationBatch.objects.filter(pk=batch.pk).exists()
    invitation.refresh_from_db()
    assert invitation.batch is None


def test_an_attestation_is_kept_six_years_after_its_school_year_ends(world, school, time_machine):
    row, start = issue18.attestation(world)
    assert start == row.school_year.replace(year=row.school_year.year + 1)
    _travel_to(time_machine, BY_KEY["staff_attestation"].due_on(start) - dt.timedelta(days=1))
    retention_apply(school=school)
    assert StaffAttestation.objects.filter(pk=row.pk).exists()
    _travel_to(time_machine, BY_KEY["staff_attestation"].due_on(start))
    retention_apply(school=school)
    assert not StaffAttestation.objects.filter(pk=row.pk).exists()
    assert world["principal"].member.__class__.objects.filter(pk=world["principal"].member.pk).exists()


def test_a_concern_with_a_parents_unsigned_answer_is_destroyed(school, principal, django_capture_on_commit_callbacks):
    concern = Concern.objects.create(
        school=school, reference="C-18", name="Ms Doherty", email="doherty@example.com", topic=Topic.values[0],
        what_happened="Photos of my son", wanted_outcome="Taken down", status_token=secrets.token_hex(16),
        closed_at=now(),
    )  # fmt: skip
    ConcernMessage.objects.create(
        concern=concern, author=principal.user, author_name="Mrs Patterson", text="We'll look"
    )
    answer = ConcernMessage.objects.create(
        concern=concern, sender=MessageFrom.PARENT, author=None, author_name="Ms Doherty", text="Thank you"
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = destroy_concern(concern=concern, by=principal.user)
    assert not ConcernMessage.objects.filter(pk=answer.pk).exists() and not Concern.objects.filter(pk=concern.pk)
    assert not ConcernEvent.objects.filter(concern_id=concern.pk).exists()
    assert record.counts["concerns.concernmessage"] == 2
    _no_personal_data(record, "Doherty", "Thank you", "Photos of my son")
