"""One school with a person in every role, a second school, and a row of every kind in each, for the URL matrix.

Every case carries a marker in its summary and description ("[key]"), and every row of the other school carries
"Outsider-Marker", so that a page can be checked for what it must not show.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils.timezone import localdate, now

from socialsafe.concerns.models import ReplyTemplate
from socialsafe.concerns.services import concern_confirm, concern_submit, confirm_token, policy_version_publish
from socialsafe.evidence.models import Bundle
from socialsafe.evidence.services import Metadata, evidence_add_bytes
from socialsafe.incidents.models import ActionKind, Incident, Kind, ResponsibleKind, Status, TargetKind
from socialsafe.incidents.services import action_add, incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.letters.models import Letter, LetterTemplate
from socialsafe.letters.services import letter_templates_ensure
from socialsafe.lib.tests.clock import ago
from socialsafe.moderation.models import Flag, ScoredText
from socialsafe.registers.models import AccountReport, IctBan
from socialsafe.registers.tests.factories import make_ban, make_request
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.roles import Role
from socialsafe.schools.tests.factories import (
    GuardianFactory,
    MemberFactory,
    OfficerFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
)

OUTSIDE = "Outsider-Marker"  # on every row of the other school
GLENMORE = "Glenmore-Marker"  # on this school's pupil, for the other school's Principal

# The people of the matrix. "outsider" is the Principal of the other school.
ANON, PARENT, TEACHER, DESIGNATED, VP, PRINCIPAL, CHAIR, GOVERNOR, OFFICER, OUTSIDER = (
    "anonymous",
    "parent",
    "class_teacher",
    "designated_teacher",
    "vice_principal",
    "principal",
    "chair",
    "governor",
    "ea_officer",
    "outsider",
)
VIEWERS = (ANON, PARENT, TEACHER, DESIGNATED, VP, PRINCIPAL, CHAIR, GOVERNOR, OFFICER, OUTSIDER)
# Those who may report a case (and so have one of their own), and those who can be named in one.
REPORTERS = (TEACHER, DESIGNATED, VP, PRINCIPAL, CHAIR, GOVERNOR)
NAMEABLE = (PARENT, TEACHER, DESIGNATED, VP, CHAIR, GOVERNOR)  # the Principal's is the Governors' case


def marker(key: str) -> str:
    return f"[{key}]"


@dataclass
class World:
    school: object = None
    other: object = None
    users: dict = field(default_factory=dict)  # viewer -> user (no anonymous)
    members: dict = field(default_factory=dict)  # viewer -> Member
    cases: dict = field(default_factory=dict)  # key -> Incident ("own:teacher", "named:vp", "others", ...)
    rows: dict = field(default_factory=dict)  # (kind, scope) -> pk


def _case(world, key, *, school=None, by, **overrides) -> Incident:
    text = f"Case marker {marker(key)}"
    fields = report_fields(summary=text, description=f"{text}: what happened.", content_abusive=True, **overrides)
    incident = incident_report(school=school or world.school, by=by, fields=fields)
    world.cases[key] = incident
    return incident


def _member(school, viewer, role, world, **names):
    member = MemberFactory(school=school, user=UserFactory(email=f"{viewer}@example.com"), roles=[role], **names)
    world.users[viewer], world.members[viewer] = member.user, member
    return member


def _evidence(incident, by):
    from socialsafe.evidence.tests.helpers import screenshot

    meta = Metadata(
        posted_at=ago(days=11),
        captured_at=ago(days=10),
        captured_by="Ruth Patterson",
        platform="whatsapp",
        url="",
        author_shown="Mum of twins",
        grounds="Threats against a member of staff.",
    )
    return evidence_add_bytes(incident=incident, by=by, name="shot.png", data=screenshot(), meta=meta)


def _letter(incident, by, guardian):
    """An issued letter, emailed; its files are stand-ins (the letters' own tests make real PDFs)."""
    template = LetterTemplate.objects.filter(school=incident.school, kind="invitation").first()
    letter = Letter(
        school=incident.school,
        incident=incident,
        template=template,
        kind="invitation",
        subject=f"Meeting about {incident.reference}",
        recipient_guardian=guardian,
        recipient_name=guardian.display_name,
        source="Dear parent",
        text="Dear parent",
        issued_by=by,
        emailed_to=guardian.email,
        emailed_at=now(),
    )
    letter.pdf.save("letter.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=False)
    letter.docx.save("letter.docx", ContentFile(b"PK stand-in"), save=False)
    letter.save()
    return letter


def _flag(incident):
    scored = ScoredText.objects.create(
        incident=incident, source="report", source_id=incident.pk, source_name="The report", scores={"insult": 0.9}
    )
    return Flag.objects.create(incident=incident, scored=scored, label="insult", score=0.9)


def build() -> World:
    """Make the two schools and everything in them (call inside a transaction that is rolled back)."""
    w = World()
    w.school = SchoolFactory(name="Glenmore Primary School", slug="glenmore")
    w.other = SchoolFactory(name="Riverside Primary School", slug="riverside")
    g, r = w.school, w.other

    _member(g, PRINCIPAL, Role.PRINCIPAL, w)
    _member(g, VP, Role.VICE_PRINCIPAL, w)
    _member(g, DESIGNATED, Role.DESIGNATED_TEACHER, w)
    teacher = _member(g, TEACHER, Role.CLASS_TEACHER, w)
    _member(g, CHAIR, Role.CHAIR_OF_GOVERNORS, w)
    _member(g, GOVERNOR, Role.GOVERNOR, w)
    office = MemberFactory(school=g, user=UserFactory(email="office@example.com"), roles=[Role.OFFICE])
    outsider = _member(r, OUTSIDER, Role.PRINCIPAL, w, first_name="Rowan", last_name=OUTSIDE)
    w.users[OFFICER] = OfficerFactory(authority=g.authority, user=UserFactory(email="officer@example.com")).user

    p4 = SchoolClass.objects.create(school=g, name="P4", year_group=4, teacher=teacher)
    p2 = SchoolClass.objects.create(school=g, name="P2", year_group=2)
    r_p4 = SchoolClass.objects.create(school=r, name="P4", year_group=4)
    pupil = PupilFactory(school=g, school_class=p4, first_name="Oisin", last_name=GLENMORE)
    child = PupilFactory(school=g, school_class=p2, first_name="Aoife", last_name="Kelly")
    r_pupil = PupilFactory(school=r, school_class=r_p4, first_name="Zebedee", last_name=OUTSIDE)
    parent = GuardianFactory(school=g, user=UserFactory(email="parent@example.com"), children=[child])
    w.users[PARENT] = parent.user
    poster = GuardianFactory(school=g, first_name="Dana", last_name="Poster", email="dana@example.com")
    r_guardian = GuardianFactory(school=r, first_name="Yolanda", last_name=OUTSIDE, children=[r_pupil])

    # Cases: each reporter's own, one naming each person who can be named, and the scopes every role meets.
    for viewer in REPORTERS:
        _case(w, f"own:{viewer}", by=w.users[viewer], target_kind=TargetKind.SCHOOL)
    for viewer in (TEACHER, DESIGNATED, VP):
        _case(w, f"named:{viewer}", by=office.user, target_member=w.members[viewer])
    for viewer in (CHAIR, GOVERNOR):
        _case(w, f"named:{viewer}", by=office.user, target_kind=TargetKind.GOVERNOR, target_member=w.members[viewer])
    _case(
        w,
        f"named:{PARENT}",
        by=office.user,
        target_kind=TargetKind.SCHOOL,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=parent,
    )
    others = _case(w, "others", by=office.user, responsible_kind=ResponsibleKind.PARENT, responsible_guardian=poster)
    pupil_case = _case(
        w, "pupil", by=office.user, kind=Kind.PUPIL_CYBERBULLYING, target_kind=TargetKind.PUPIL, target_pupil=pupil
    )
    governors = _case(
        w,
        "principal_target",
        by=office.user,
        target_kind=TargetKind.PRINCIPAL,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=poster,
    )
    closed = _case(w, "closed", by=office.user)
    Incident.objects.filter(pk=closed.pk).update(status=Status.CLOSED, closed_at=now())
    riverside = _case(
        w,
        "riverside",
        school=r,
        by=outsider.user,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=r_guardian,
    )
    Incident.objects.filter(pk=riverside.pk).update(summary=f"{OUTSIDE} {marker('riverside')}")

    # Rows hanging off cases, on the scopes "others", "pupil", "principal_target" and "riverside".
    principal, chair = w.users[PRINCIPAL], w.users[CHAIR]
    on = {"others": (others, principal), "pupil": (pupil_case, principal), "principal_target": (governors, chair)}
    on["riverside"] = (riverside, outsider.user)
    owners = {"others": w.members[PRINCIPAL], "pupil": teacher, "principal_target": w.members[CHAIR]}
    owners["riverside"] = outsider
    recipients = {"others": parent, "pupil": poster, "principal_target": poster, "riverside": r_guardian}
    for scope, (incident, by) in on.items():
        item = _evidence(incident, by)
        w.rows["evidence", scope] = item.pk
        w.rows["bundle", scope] = Bundle.objects.create(  # its file: the item's (the bundles' tests make real ones)
            incident=incident,
            recipient="PSNI",
            signed_off_by="Ruth Patterson",
            created_by=by,
            storage_name=item.storage_name,
            size=item.size,
            sha256=item.sha256,
        ).pk
        letter_templates_ensure(school=incident.school)
        w.rows["letter", scope] = _letter(incident, by, recipients[scope]).pk
        guardian = r_guardian if scope == "riverside" else poster
        w.rows["premises", scope] = make_ban(incident, by=by, guardian=guardian).pk
        ict_pupil = r_pupil if scope == "riverside" else pupil
        w.rows["ict", scope] = IctBan.objects.create(
            school=incident.school, incident=incident, pupil=ict_pupil, starts_on=localdate(), created_by=by
        ).pk
        w.rows["action", scope] = action_add(
            incident=incident,
            by=by,
            kind=ActionKind.MEETING,
            title="Meet the parent",
            owner=owners[scope],
            due_on=localdate() + dt.timedelta(days=5),
        ).pk
        w.rows["flag", scope] = _flag(incident).pk

    # Rows of a school, one in each school.
    for scope, school, name in (("school", g, "Sinead Kelly"), ("riverside", r, f"Yvonne {OUTSIDE}")):
        fields = {
            "name": name,
            "email": f"{school.slug}@example.com",
            "relationship": "mother",
            "topic": "social_media",
            "what_happened": f"A post in the class group about {name}.",
            "wanted_outcome": "Taken down.",
        }
        concern = concern_confirm(concern=concern_submit(school=school, fields=fields))
        w.rows["concern", scope], w.rows["concern_token", scope] = concern.pk, concern.status_token
        w.rows["confirm_token", scope] = confirm_token(concern_submit(school=school, fields=fields))  # not yet sent
        w.rows["reply_template", scope] = ReplyTemplate.objects.create(
            school=school, title=f"Thanks {name}", text="We are looking into it."
        ).pk
        letter_templates_ensure(school=school)
        w.rows["letter_template", scope] = LetterTemplate.objects.filter(school=school).order_by("id").first().pk
        by = w.users[PRINCIPAL] if school == g else outsider.user
        w.rows["staff_doc", scope] = policy_version_publish(
            school=school, kind="staff-guidance", by=by, label="1.0", published_on=localdate(), text=f"For {name}."
        ).pk
        w.rows["parent_doc", scope] = policy_version_publish(
            school=school, kind="social-media", by=by, label="1.0", published_on=localdate(), text=f"For {name}."
        ).pk
        w.rows["account_report", scope] = AccountReport.objects.create(
            school=school, service="Facebook", account=f"Fake page of {name}"
        ).pk
    w.rows["account", "requested:teacher"] = make_request(teacher).pk
    w.rows["account", "approved"] = make_request(w.members[VP], status="approved").pk
    w.rows["account", "riverside"] = make_request(outsider).pk

    w.rows["pupil", "class"] = pupil.pk
    w.rows["pupil", "child"] = child.pk
    w.rows["pupil", "riverside"] = r_pupil.pk
    w.rows["class", "class"] = p4.pk
    w.rows["class", "child"] = p2.pk
    w.rows["class", "riverside"] = r_p4.pk
    w.rows["member", "school"] = teacher.pk
    w.rows["member", "riverside"] = outsider.pk
    w.rows["guardian", "school"] = poster.pk
    w.rows["guardian", "riverside"] = r_guardian.pk
    return w
