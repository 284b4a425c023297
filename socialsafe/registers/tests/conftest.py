import pytest

from socialsafe.incidents.models import Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory


@pytest.fixture
def poster(school):
    return GuardianFactory(school=school, title="Mrs", first_name="Dana", last_name="Poster", email="dana@example.com")


@pytest.fixture
def parent_case(school, principal, teacher, poster):
    """Malicious comments by a parent, reported by a class teacher (who can see the case but not manage it)."""
    fields = report_fields(
        kind=Kind.MALICIOUS_COMMENTS,
        platform=Platform.FACEBOOK,
        target_kind=TargetKind.STAFF,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=poster,
        malicious_or_fictitious=True,
    )
    return incident_report(school=school, by=teacher.user, fields=fields)


@pytest.fixture
def firewall_case(school, principal, teacher):
    pupil = PupilFactory(school=school, first_name="Rory", last_name="Quinn")
    fields = report_fields(
        kind=Kind.FIREWALL,
        platform=Platform.NONE,
        out_of_hours=False,
        grounds=[],
        target_kind=TargetKind.SCHOOL,
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=pupil,
    )
    return incident_report(school=school, by=teacher.user, fields=fields)


@pytest.fixture
def other_case(other_school, outsider):
    return incident_report(school=other_school, by=outsider.user, fields=report_fields())
