"""The issue's "done when": a subject access export for the demo parent holds their records and none of another
family's; and one for a demo pupil bullied by another leaves the other child's name out."""

import json

from django.utils.timezone import localdate

from socialsafe.concerns.demo import demo_concerns_create
from socialsafe.concerns.models import Concern
from socialsafe.incidents.demo import demo_cases_create
from socialsafe.incidents.models import Incident, Kind
from socialsafe.letters.tests.helpers import pdf_text
from socialsafe.schools.models import Guardian, Member, Pupil, School
from socialsafe.schools.roles import Role
from socialsafe.subjectaccess.models import SubjectKind
from socialsafe.subjectaccess.services import sar_create, sar_export_produce, sar_redaction_confirm
from socialsafe.subjectaccess.tests.helpers import data_of, zip_of


def export_for(school, by, **subject):
    fields = {"requester_name": "The requester", "received_via": "email", "received_on": localdate(), **subject}
    sar = sar_create(school=school, by=by, fields=fields)
    sar = sar_redaction_confirm(sar=sar, by=by, withheld_staff=[], include_evidence=False)
    export = sar_export_produce(sar=sar, by=by)
    with zip_of(export) as zf:
        pdf = pdf_text(zf.read("report.pdf"))
        csvs = " ".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".csv"))
    data = data_of(export)
    return data, json.dumps(data, ensure_ascii=False) + pdf + csvs


def families(school, guardian):
    """The full names of the parent's own family, and of every other family of the school."""
    own_pupils = set(guardian.pupils.values_list("pk", flat=True))
    own_guardians = set(Guardian.objects.filter(pupils__in=own_pupils).values_list("pk", flat=True))
    own = {f"{p.first_name} {p.last_name}" for p in Pupil.objects.filter(pk__in=own_pupils)}
    own |= {f"{g.first_name} {g.last_name}" for g in Guardian.objects.filter(pk__in=own_guardians)}
    others = {f"{p.first_name} {p.last_name}" for p in Pupil.objects.filter(school=school).exclude(pk__in=own_pupils)}
    others |= {
        f"{g.first_name} {g.last_name}" for g in Guardian.objects.filter(school=school).exclude(pk__in=own_guardians)
    }
    return own, others - own  # a name two families share is the subject's own too: it cannot be told apart


def test_the_demo_parents_export_has_their_records_and_no_other_familys(demo):
    school = School.objects.get(slug="glenmore")
    demo_cases_create(school=school)
    demo_concerns_create(school=school)
    principal = Member.objects.get(school=school, roles__role=Role.PRINCIPAL).user
    parent = Guardian.objects.get(school=school, user__email="parent@glenmore.example")

    data, everything = export_for(school, principal, subject_kind=SubjectKind.GUARDIAN, subject_guardian=parent)

    by_type: dict[str, list] = {}
    for r in data["records"]:
        by_type.setdefault(r["type"], []).append(r)
    # Their own records: themselves, their children, their concern and its reply, what they acknowledged, consent,
    # and their sign-ins (the demo's parent has not signed in: none).
    assert by_type["parent_or_carer"][0]["fields"]["email"] == "parent@glenmore.example"
    assert {r["fields"]["name"] for r in by_type["child"]} == {p.full_name for p in parent.pupils.all()}
    theirs = set(Concern.objects.filter(email__iexact=parent.email).values_list("pk", flat=True))
    assert theirs and {r["id"] for r in by_type["concern"]} == theirs
    assert by_type["concern_message"]  # the Principal's reply
    assert len(by_type["acknowledgement"]) == 2
    assert len(by_type["photo_consent"]) == 1
    # None of another family's.
    own, others = families(school, parent)
    assert any(name in everything for name in own)
    leaked = sorted(name for name in others if name in everything)
    assert not leaked
    assert all(r["fields"]["email"] == parent.email for r in by_type["concern"])


def test_a_demo_pupils_export_leaves_out_the_other_child(demo):
    school = School.objects.get(slug="glenmore")
    demo_cases_create(school=school)
    principal = Member.objects.get(school=school, roles__role=Role.PRINCIPAL).user
    case = Incident.objects.filter(school=school, kind=Kind.PUPIL_CYBERBULLYING).order_by("id").first()
    target, other = case.target_pupil, case.responsible_pupil

    data, everything = export_for(school, principal, subject_kind=SubjectKind.PUPIL, subject_pupil=target)

    record = next(r for r in data["records"] if r["type"] == "case" and r["id"] == case.pk)
    assert record["fields"]["responsible"].startswith("Pupil ")
    assert other.full_name not in everything
    assert target.full_name in everything
    assert any(r["type"] == "bullying_record" for r in data["records"])
    assert data["files_withheld"]  # the screenshot: withheld pending manual review
