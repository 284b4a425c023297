"""A bullying case about the demo-style parent's child (Aoife Kelly, from the root conftest's `parent`), in which
another family's child is named as responsible, and a subject access request about Aoife."""

import pytest
from django.utils.timezone import localdate

from socialsafe.incidents.models import Kind, ResponsibleKind, TargetKind
from socialsafe.incidents.services import incident_report, note_add
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory
from socialsafe.subjectaccess.models import SubjectKind
from socialsafe.subjectaccess.services import sar_create


@pytest.fixture
def child(parent):
    return parent.guardian.pupils.get()


@pytest.fixture
def other_child(school):
    p2 = SchoolClass.objects.get(school=school, name="P2")
    pupil = PupilFactory(school=school, school_class=p2, first_name="Ciarán", last_name="Boyd")
    GuardianFactory(school=school, first_name="Maeve", last_name="Boyd", title="Mrs", children=[pupil])
    return pupil


@pytest.fixture
def pupil_case(school, principal, child, other_child):
    fields = report_fields(
        kind=Kind.PUPIL_CYBERBULLYING,
        summary="Unkind messages in a class group chat",
        description="Ciarán Boyd posted that Aoife smells. Boyd then added more; Ciarán's mum Maeve Boyd was told.",
        target_kind=TargetKind.PUPIL,
        target_pupil=child,
        responsible_kind=ResponsibleKind.PUPIL,
        responsible_pupil=other_child,
    )
    case = incident_report(school=school, by=principal.user, fields=fields)
    note_add(incident=case, by=principal.user, text="Spoke to Ciarán about the messages to Aoife Kelly.")
    return case


def make_request(school, by, **fields):
    base = {
        "requester_name": "Mrs Kelly",
        "requester_relationship": "mother",
        "received_via": "email",
        "received_on": localdate(),
        "subject_kind": SubjectKind.PUPIL,
    }
    return sar_create(school=school, by=by, fields={**base, **fields})


@pytest.fixture
def pupil_request(school, principal, child, pupil_case):
    return make_request(school, principal.user, subject_pupil=child)
