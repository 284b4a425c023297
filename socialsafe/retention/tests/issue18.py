"""Issue 18's records for the retention tests: one maker per record class, each giving (row, the day its clock
starts), as test_rules.MAKERS does for the older classes."""

from django.utils.timezone import localdate, now

from socialsafe.concerns.models import DocKind, PolicyDocument, PolicyVersion
from socialsafe.families import codes
from socialsafe.families.models import Channel, FamilyInvitation, InvitationBatch
from socialsafe.lib.dates import add_months
from socialsafe.postcheck.models import OfficialPostRequest, PostStatus
from socialsafe.postcheck.services import advice_answer, advice_request
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation

DRAFT = "Well done to Orla Quigley-Brennan on the sports day relay"
PHOTO = b"\x89PNG not really a photo, but bytes to encrypt"


def _version(school) -> PolicyVersion:
    doc, _ = PolicyDocument.objects.get_or_create(school=school, kind=DocKind.values[0])
    return PolicyVersion.objects.create(
        document=doc, label=f"{doc.versions.count() + 1}.0", published_on=localdate(), text="The policy"
    )


def advice(c, *, photo: bool = True):
    principal = c["principal"]
    row = advice_request(
        member=principal.member,
        by=principal.user,
        text=DRAFT,
        question="Can I name her?",
        warnings=[],
        photo_data=PHOTO if photo else None,
    )
    row = advice_answer(advice=row, by=principal.user, answer="Use her first name only")
    return row, localdate(row.answered_at)


def official_post(c):
    principal = c["principal"]
    row = OfficialPostRequest.objects.create(school=c["school"], requested_by=principal.member, text=DRAFT)
    row.decide(PostStatus.DECLINED, by=principal.user, note="Not with a child's full name")
    row.save()
    return row, localdate(row.decided_at)


def attestation(c):
    year = localdate().replace(day=1, month=9)
    if year > localdate():
        year = year.replace(year=year.year - 1)
    row = StaffAttestation.objects.create(
        school=c["school"], member=c["principal"].member, school_year=year, version=_version(c["school"]),
        privacy_checked=True,
    )  # fmt: skip
    return row, add_months(year, 12)


def reminder(c):
    row = AttestationReminder.objects.create(
        school=c["school"], member=c["principal"].member, school_year=localdate().replace(day=1, month=9)
    )
    return row, localdate()


def invitation(c, *, acknowledged: bool = False, batch=None):
    nonce = codes.new_nonce()
    row = FamilyInvitation.objects.create(
        school=c["school"],
        guardian=c["abusive_parent"],
        version_key=f"{_version(c['school']).pk}",
        channel=Channel.LETTER,
        code_nonce=nonce,
        code_hash=codes.code_hash(codes.code_for(nonce)),
        batch=batch,
        sent_at=now(),
        acknowledged_at=now() if acknowledged else None,
    )
    row.pupils.set([c["pupil"]])
    return row, localdate(row.acknowledged_at or row.sent_at)


def acknowledged_invitation(c):
    return invitation(c, acknowledged=True)


def batch(c):
    row = InvitationBatch.objects.create(school=c["school"], by=c["principal"].user, reason="New pupils on the roster")
    return row, localdate()


MAKERS = {
    "advice_request": advice,
    "official_post_request": official_post,
    "staff_attestation": attestation,
    "attestation_reminder": reminder,
    "family_invitation": invitation,
    "family_acknowledgement": acknowledged_invitation,
    "invitation_batch": batch,
}
