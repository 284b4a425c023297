import datetime as dt
import secrets
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.timezone import now

from socialsafe.concerns.models import Concern, ConcernMessage, Topic
from socialsafe.evidence.services import Metadata, bundle_create, evidence_add_bytes, evidence_read_text
from socialsafe.incidents.models import Action, ActionKind, Exclusion, Incident, Platform, Status, TakedownStep
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.tests.helpers import issue_invitation
from socialsafe.moderation.models import Flag, ScoredText
from socialsafe.registers.models import IctBan
from socialsafe.registers.tests.factories import make_ban, make_request
from socialsafe.retention.services import hold_lift, hold_set
from socialsafe.schools.tests.factories import PupilFactory

PUPIL_FIRST, PUPIL_LAST = "Orla", "Quigley-Brennan"
SECRET_TEXT = "the-words-only-this-case-holds"


def meta() -> Metadata:
    return Metadata(
        posted_at=None,
        captured_at=now() - dt.timedelta(hours=1),
        captured_by="Principal",
        platform=Platform.FACEBOOK,
        url="",
        author_shown=f"{PUPIL_FIRST} {PUPIL_LAST}",
        grounds="Threats made to a pupil",
    )


def close(incident: Incident, *, at=None) -> Incident:
    """Mark a case closed (setting up a test's state, as the close service would leave it)."""
    Incident.objects.filter(pk=incident.pk).update(status=Status.CLOSED, closed_at=at or now(), outcome="resolved")
    incident.refresh_from_db()
    return incident


@pytest.fixture
def pupil(school):
    from socialsafe.schools.models import SchoolClass

    p4, _ = SchoolClass.objects.get_or_create(school=school, name="P4", defaults={"year_group": 4})
    return PupilFactory(
        school=school,
        school_class=p4,
        first_name=PUPIL_FIRST,
        last_name=PUPIL_LAST,
        date_of_birth=(now() - dt.timedelta(days=9 * 365)).date(),
    )


@pytest.fixture
def pupil_case(school, principal, pupil, teacher, abusive_parent):
    principal.member.title, principal.member.first_name, principal.member.last_name = "Mrs", "Ruth", "Patterson"
    principal.member.save()
    from socialsafe.incidents.models import ResponsibleKind, TargetKind

    fields = report_fields(
        target_kind=TargetKind.PUPIL,
        target_pupil=pupil,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=abusive_parent,
        summary=f"Comments about {PUPIL_FIRST}",
        description=f"{SECRET_TEXT} posted about {PUPIL_FIRST} {PUPIL_LAST}",
        content_threatening=True,
        content_abusive=True,
    )
    return incident_report(school=school, by=principal.user, fields=fields)


@pytest.fixture
def full_case(pupil_case, principal, vice_principal, pupil, case):
    """A case about a pupil with one of every derivative, and a second case sharing one evidence file."""
    c, by = pupil_case, principal.user
    shared = b"shared screenshot text " + SECRET_TEXT.encode()
    first = evidence_add_bytes(incident=c, by=by, name=f"{PUPIL_LAST}-chat.txt", data=shared, meta=meta())
    evidence_add_bytes(incident=c, by=by, name="own.txt", data=secrets.token_bytes(8).hex().encode(), meta=meta())
    evidence_add_bytes(incident=case, by=by, name="same-bytes.txt", data=shared, meta=meta())  # another case's
    evidence_read_text(item=first, text=f"OCR: {SECRET_TEXT}")
    bundle_create(incident=c, by=by, recipient="PSNI", signed_off_by="The Principal")
    issue_invitation(c, by=by, note_taker=vice_principal.member)
    make_ban(c, by=by)
    IctBan.objects.create(school=c.school, incident=c, pupil=pupil, starts_on=now().date(), created_by=by)
    Action.objects.create(
        incident=c, kind=ActionKind.values[0], title="Talk to the family", owner=principal.member, due_on=now().date()
    )
    Exclusion.objects.create(incident=c, user=vice_principal.user, reason="Named in the case")
    TakedownStep.objects.create(incident=c, stage="reported_platform", on=now().date(), by=by, note=SECRET_TEXT)
    scored = ScoredText.objects.create(
        incident=c, source="report", source_id=c.pk, source_name="The report", text_sha256="a" * 64, scores={}
    )
    Flag.objects.create(incident=c, scored=scored, label="threat", score=0.9)
    concern = Concern.objects.create(
        school=c.school,
        reference="C-1",
        name="Ms Quigley",
        email="quigley@example.com",
        topic=Topic.values[0],
        what_happened=SECRET_TEXT,
        wanted_outcome="Removed",
        status_token=secrets.token_hex(16),
        incident=c,
    )
    ConcernMessage.objects.create(concern=concern, author=by, author_name="The Principal", text=SECRET_TEXT)
    account = make_request(principal.member)
    type(account).objects.filter(pk=account.pk).update(conduct_case=c)
    hold_lift(hold=hold_set(incident=c, by=by, reason="Solicitor's letter"), by=by, reason="Settled")
    return close(c)


def table_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}


def files_on_disk() -> set[str]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STORAGES["evidence"]["OPTIONS"]["location"])]
    return {
        str(p) for root in roots if root.exists() for p in root.rglob("*") if p.is_file() and ".incoming" not in p.parts
    }
