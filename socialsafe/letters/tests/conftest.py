import pytest

from socialsafe.incidents.models import Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.tests.factories import GuardianFactory


@pytest.fixture
def poster(school):
    return GuardianFactory(school=school, title="Mrs", first_name="Dana", last_name="Poster", email="dana@example.com")


@pytest.fixture
def parent_case(school, principal, teacher, poster):
    """Threatening, abusive comments on WhatsApp by a parent, reported by a class teacher (who cannot manage it)."""
    fields = report_fields(
        kind=Kind.STAFF_ABUSE,
        platform=Platform.WHATSAPP,
        target_kind=TargetKind.STAFF,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=poster,
        content_threatening=True,
        content_abusive=True,
    )
    school.address = "1 School Lane\nGlenmore\nBT00 0AA"
    school.save()
    principal.member.title, principal.member.first_name, principal.member.last_name = "Mrs", "Ruth", "Patterson"
    principal.member.save()
    return incident_report(school=school, by=teacher.user, fields=fields)


@pytest.fixture
def note_taker(vice_principal):
    member = vice_principal.member
    member.title, member.first_name, member.last_name, member.job_title = "Mr", "David", "Irvine", "Vice-Principal"
    member.save()
    return member
