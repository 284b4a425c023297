"""Issue 18's records in subject access exports: a member of staff's questions and proposed posts (photos only when
ticked), attestations and reminders; a parent's invitations, acknowledgements by code and answers on concerns."""

import json
import secrets

import pytest
from django.core.files.base import ContentFile
from django.utils.timezone import localdate, localtime, now

from socialsafe.concerns.models import Concern, ConcernMessage, DocKind, MessageFrom, PolicyDocument, PolicyVersion
from socialsafe.families import codes
from socialsafe.families.models import Channel, FamilyInvitation
from socialsafe.postcheck.models import OfficialPostRequest
from socialsafe.postcheck.services import advice_answer, advice_request
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation
from socialsafe.subjectaccess.models import SubjectKind
from socialsafe.subjectaccess.services import sar_export_produce, sar_redaction_confirm
from socialsafe.subjectaccess.tests.conftest import make_request
from socialsafe.subjectaccess.tests.helpers import data_of, zip_of

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG bytes of a sports day photo"


def export(school, by, *, include_evidence=False, **subject):
    sar = make_request(school, by, requester_name="The person", **subject)
    sar = sar_redaction_confirm(sar=sar, by=by, withheld_staff=[], include_evidence=include_evidence)
    return sar_export_produce(sar=sar, by=by)


def types(data) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in data["records"]:
        out.setdefault(r["type"], []).append(r)
    return out


def _when(at) -> str:
    return localtime(at).strftime("%-d %b %Y %H:%M")


def _version(school, label="1.0") -> PolicyVersion:
    doc, _ = PolicyDocument.objects.get_or_create(school=school, kind=DocKind.values[0])
    return PolicyVersion.objects.create(document=doc, label=label, published_on=localdate(), text="The policy")


@pytest.fixture
def staff_records(school, principal, teacher, parent):
    """The teacher's question (naming another family's child), a proposed post with a photo, an attestation and a
    reminder; and the Principal's own question, which is not the teacher's."""
    child = parent.guardian.pupils.get()
    mine = advice_request(
        member=teacher.member, by=teacher.user, text=f"Well done {child.first_name} {child.last_name} on sports day",
        question="May I name her?", warnings=[{"id": "names_a_pupil", "title": "It names a pupil"}], photo_data=PHOTO,
    )  # fmt: skip
    advice_answer(advice=mine, by=principal.user, answer="First names only, please")
    post = OfficialPostRequest.objects.create(school=school, requested_by=teacher.member, text="P4's trip to Belfast")
    post.photo = ContentFile(PHOTO, name="photo")
    post.save()
    advice_request(
        member=principal.member, by=principal.user, text="The Principal's own draft", question="?", warnings=[]
    )
    year = localdate().replace(day=1, month=9)
    StaffAttestation.objects.create(
        school=school, member=teacher.member, school_year=year, version=_version(school), privacy_checked=True
    )
    AttestationReminder.objects.create(school=school, member=teacher.member, school_year=year)
    AttestationReminder.objects.create(school=school, member=principal.member, school_year=year)
    return {"advice": mine, "post": post, "child": child}


def test_a_member_of_staffs_export_has_their_questions_posts_and_attestations(
    staff_records, school, principal, teacher
):
    produced = export(school, principal.user, subject_kind=SubjectKind.MEMBER, subject_member=teacher.member)
    data = data_of(produced)
    by = types(data)
    (advice,) = by["advice_request"]
    assert advice["fields"]["question"] == "May I name her?"
    assert advice["fields"]["answer"] == "First names only, please"
    assert advice["fields"]["warnings"] == "It names a pupil"
    assert advice["fields"]["photo"] == "Yes"
    # Another family's child named in the draft is replaced, as in any other record.
    child = staff_records["child"]
    assert f"{child.first_name} {child.last_name}" not in json.dumps(data, ensure_ascii=False)
    assert advice["fields"]["draft"].startswith("Well done ") and "sports day" in advice["fields"]["draft"]
    assert [r["fields"]["text"] for r in by["official_post_request"]] == ["P4's trip to Belfast"]
    assert len(by["staff_attestation"]) == 1 and by["staff_attestation"][0]["fields"]["settings_checked"] == "Yes"
    assert len(by["attestation_reminder"]) == 1  # the Principal's reminder is not theirs
    assert "The Principal's own draft" not in json.dumps(data)
    # The photos are images: withheld unless the Principal ticked that they were reviewed by hand.
    assert sorted(data["files_withheld"]) == [
        f"Photo proposed for the official accounts, {_when(staff_records['post'].requested_at)}",
        f"Photo sent with a question about a post, {_when(staff_records['advice'].requested_at)}",
    ]
    with zip_of(produced) as zf:
        assert not [n for n in zf.namelist() if n.startswith("photos/")]


def test_the_photos_come_as_they_are_when_the_principal_ticks_them(staff_records, school, principal, teacher):
    produced = export(
        school, principal.user, include_evidence=True, subject_kind=SubjectKind.MEMBER, subject_member=teacher.member
    )
    with zip_of(produced) as zf:
        photos = sorted(n for n in zf.namelist() if n.startswith("photos/"))
        assert photos == [
            f"photos/advice_request-{staff_records['advice'].pk}",
            f"photos/official_post_request-{staff_records['post'].pk}",
        ]
        assert all(zf.read(n) == PHOTO for n in photos)  # decrypted, as the member sent it


def test_the_principals_export_has_only_their_own_question(staff_records, school, principal):
    data = data_of(export(school, principal.user, subject_kind=SubjectKind.MEMBER, subject_member=principal.member))
    by = types(data)
    assert [r["fields"]["draft"] for r in by["advice_request"]] == ["The Principal's own draft"]
    assert "official_post_request" not in by and "staff_attestation" not in by
    assert "May I name her?" not in json.dumps(data)


def _invitation(school, guardian, pupils, *, acknowledged: bool, label: str) -> FamilyInvitation:
    version = _version(school, label)
    nonce = codes.new_nonce()
    inv = FamilyInvitation.objects.create(
        school=school, guardian=guardian, version_key=str(version.pk), channel=Channel.EMAIL, code_nonce=nonce,
        code_hash=codes.code_hash(codes.code_for(nonce)), sent_at=now(),
        acknowledged_at=now() if acknowledged else None,
    )  # fmt: skip
    inv.pupils.set(pupils)
    inv.versions.set([version])
    return inv


def test_a_parents_export_has_their_invitations_acknowledgements_and_answers(school, principal, parent):
    g, child = parent.guardian, parent.guardian.pupils.get()
    own = _invitation(school, g, [child], acknowledged=True, label="3.1")
    other_child = PupilFactory(school=school, school_class=child.school_class, first_name="Ciarán", last_name="Boyd")
    other = GuardianFactory(school=school, first_name="Maeve", last_name="Boyd", children=[other_child])
    theirs = _invitation(school, other, [other_child], acknowledged=False, label="3.2")
    concern = Concern.objects.create(
        school=school, name=g.display_name, email="parent@example.com", topic="other", what_happened="A photo of Aoife",
        wanted_outcome="Removed", status_token=secrets.token_hex(16), guardian=g,
    )  # fmt: skip
    ConcernMessage.objects.create(concern=concern, author=principal.user, author_name="The Principal", text="Removed.")
    ConcernMessage.objects.create(
        concern=concern, sender=MessageFrom.PARENT, author=None, author_name=g.display_name, text="Thank you so much"
    )

    data = data_of(export(school, principal.user, subject_kind=SubjectKind.GUARDIAN, subject_guardian=g))

    by = types(data)
    (inv,) = by["family_invitation"]
    assert inv["id"] == own.pk and inv["fields"]["children"] == child.full_name
    assert inv["fields"]["sent_by"] == "Email"
    (ack,) = by["family_acknowledgement"]
    assert ack["fields"]["how"] == "By the code on the invitation" and ack["id"] == own.pk
    text = json.dumps(data, ensure_ascii=False)
    for secret in (own.code_hash, own.code_nonce, codes.code_for(own.code_nonce), theirs.code_hash, "Boyd"):
        assert secret not in text
    answers = [r["fields"] for r in by["concern_message"] if r["fields"]["sent_by"] == "The parent or carer"]
    assert [a["text"] for a in answers] == ["Thank you so much"]
    assert {r["fields"]["text"] for r in by["concern_message"]} == {"Removed.", "Thank you so much"}
