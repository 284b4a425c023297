import hashlib

import pytest
from django.core.files.base import ContentFile
from django.utils.timezone import now

from socialsafe.evidence.services import Metadata, evidence_add_bytes
from socialsafe.evidence.tests.helpers import screenshot
from socialsafe.incidents.models import Kind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.models import Letter
from socialsafe.lib.pdf import html_to_pdf
from socialsafe.lib.tests.clock import ago
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import PupilFactory


@pytest.fixture
def leaver(school):
    return PupilFactory(school=school, first_name="Niamh", last_name="Quinn")


@pytest.fixture
def leaver_case(school, principal, designated_teacher, leaver):
    """A case in which the leaver is the target, with a screenshot and a letter."""
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        summary="Unkind messages in a group chat",
        target_kind=TargetKind.PUPIL,
        target_pupil=leaver,
        responsible_kind=ResponsibleKind.UNKNOWN,
    )
    case = incident_report(school=school, by=principal.user, fields=fields)
    meta = Metadata(
        posted_at=ago(days=11),
        captured_at=ago(days=10),
        captured_by="Ruth Patterson",
        platform="whatsapp",
        url="",
        author_shown="Anon",
        grounds="Messages aimed at a pupil.",
    )
    evidence_add_bytes(incident=case, by=principal.user, name="shot.png", data=screenshot(), meta=meta)
    pdf = html_to_pdf("<p>Dear parent, please come to a meeting.</p>")
    letter = Letter(
        school=school,
        incident=case,
        kind="invitation",
        subject=f"Meeting about {case.reference}",
        recipient_name="Mrs Quinn",
        source="Dear parent",
        text="Dear parent",
        issued_by=principal.user,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        emailed_at=now(),
    )
    letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
    letter.docx.save("letter.docx", ContentFile(b"PK stand-in"), save=False)
    letter.save()
    return case


@pytest.fixture
def receiver(other_school):
    """The designated teacher of the new school (the other school of the conftest)."""
    from conftest import _member

    return _member(other_school, Role.DESIGNATED_TEACHER, email="dt-riverside@example.com")


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path):
    # The signing key and the packages go under VAR_DIR: each test gets its own, never the project's var/.
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR
