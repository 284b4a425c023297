import pytest

from socialsafe.incidents.models import ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.tests.factories import GuardianFactory


@pytest.fixture
def abusive_parent(school):
    return GuardianFactory(school=school, first_name="Dana", last_name="Poster")


@pytest.fixture
def case(school, teacher, principal, abusive_parent):
    """The issue's example: a parent's abusive comments about a colleague, reported by that colleague's peer."""
    fields = report_fields(
        target_kind=TargetKind.STAFF,
        target_member=teacher.member,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=abusive_parent,
    )
    return incident_report(school=school, by=principal.user, fields=fields)
