"""A few invented cases for the demo school, so that `make run` shows the case work in several states."""

import datetime as dt
import io

from django.db import transaction
from django.utils.timezone import localdate, make_aware

from socialsafe.incidents.models import (
    ActionStatus,
    Incident,
    Kind,
    Platform,
    ResponsibleKind,
    Status,
    TargetKind,
)
from socialsafe.incidents.services import (
    Completion,
    action_complete,
    incident_move,
    incident_report,
    incident_triage,
    takedown_add,
)
from socialsafe.schools.models import Guardian, Member, Pupil, School
from socialsafe.schools.roles import Role


def _days_ago(days: int, hour: int = 19) -> dt.datetime:
    return make_aware(dt.datetime.combine(localdate() - dt.timedelta(days=days), dt.time(hour, 30)))


def _screenshot(case: Incident, by, text: str, *, platform: str, captured: dt.datetime, grounds: str) -> None:
    """A made-up screenshot of the post, added to the case through the evidence vault's own checks."""
    from PIL import Image, ImageDraw

    from socialsafe.evidence.services import Metadata, evidence_add_bytes

    image = Image.new("RGB", (900, 220), "white")
    ImageDraw.Draw(image).text((30, 90), text, fill="black", font_size=36)
    out = io.BytesIO()
    image.save(out, "PNG")
    meta = Metadata(
        posted_at=captured - dt.timedelta(hours=12),
        captured_at=captured,
        captured_by=by.get_full_name(),
        platform=platform,
        url="",
        author_shown="",
        grounds=grounds,
    )
    evidence_add_bytes(incident=case, by=by, name=f"{case.reference}-screenshot.png", data=out.getvalue(), meta=meta)


@transaction.atomic
def demo_cases_create(*, school: School) -> int:
    """Create the demo cases unless the school has cases already; returns how many were made."""
    if Incident.objects.filter(school=school).exists():
        return 0
    member = {r: Member.objects.filter(school=school, roles__role=r).first() for r in Role}
    principal, teacher, designated = member[Role.PRINCIPAL], member[Role.CLASS_TEACHER], member[Role.DESIGNATED_TEACHER]
    p4 = Pupil.objects.filter(school=school, school_class__year_group=4).order_by("id")
    p7 = Pupil.objects.filter(school=school, school_class__year_group=7).order_by("id")
    parents = Guardian.objects.filter(school=school).exclude(user__isnull=False).order_by("id")
    common = {"out_of_hours": True, "grounds": ["reputation", "threat"], "url": ""}

    staff_case = incident_report(
        school=school,
        by=teacher.user,
        fields={
            **common,
            "kind": Kind.STAFF_ABUSE,
            "platform": Platform.FACEBOOK,
            "summary": "Abusive comments about Mrs McCann in a community Facebook group",
            "description": "A parent wrote that Mrs McCann is 'a disgrace who should watch her back' under a post "
            "about "
            "the P6 trip. Several other parents replied.",
            "occurred_at": _days_ago(3),
            "target_kind": TargetKind.STAFF,
            "target_member": designated,
            "responsible_kind": ResponsibleKind.PARENT,
            "responsible_guardian": parents[10],
        },
    )
    incident_triage(
        incident=staff_case, by=principal.user, facts={"content_threatening": True, "content_abusive": True}
    )
    # The screenshot, with its date, time and grounds, completes "Take screenshots…" by itself.
    _screenshot(
        staff_case,
        principal.user,
        "a disgrace who should watch her back",
        platform=Platform.FACEBOOK,
        captured=_days_ago(2, 8),
        grounds="Threats against a member of staff: needed for the school's response and a possible PSNI report.",
    )

    incident_report(
        school=school,
        by=member[Role.OFFICE].user,
        fields={
            **common,
            "kind": Kind.MALICIOUS_COMMENTS,
            "platform": Platform.WHATSAPP,
            "summary": "Untrue claims about the Principal in the P2 parents' WhatsApp group",
            "description": "A message claims the Principal 'covered up' a playground accident. It has been forwarded "
            "to other groups.",
            "occurred_at": _days_ago(1),
            "target_kind": TargetKind.PRINCIPAL,
            "responsible_kind": ResponsibleKind.UNKNOWN,
            "responsible_name": "a number saved as 'Mum of twins'",
        },
    )

    incident_report(
        school=school,
        by=teacher.user,
        fields={
            "kind": Kind.PUPIL_CYBERBULLYING,
            "platform": Platform.SNAPCHAT,
            "out_of_hours": True,
            "grounds": ["orderly_running"],
            "url": "",
            "summary": "P4 pupil upset by Snapchat messages from classmates",
            "description": f"{p4[0].first_name} told me at break that classmates have been sending unkind messages "
            "and a photo edited to look silly, most evenings this week.",
            "occurred_at": _days_ago(2, 20),
            "target_kind": TargetKind.PUPIL,
            "target_pupil": p4[0],
            "responsible_kind": ResponsibleKind.PUPIL,
            "responsible_pupil": p4[1],
            "on_behalf_of": p4[0],
        },
    )

    firewall = incident_report(
        school=school,
        by=member[Role.ICT_COORDINATOR].user,
        fields={
            "kind": Kind.FIREWALL,
            "platform": Platform.NONE,
            "out_of_hours": False,
            "grounds": [],
            "url": "",
            "summary": "P7 pupil tried to get round the school's web filter",
            "description": "Found using a proxy site on a classroom laptop to reach a games site.",
            "occurred_at": _days_ago(5, 11),
            "target_kind": TargetKind.SCHOOL,
            "responsible_kind": ResponsibleKind.PUPIL,
            "responsible_pupil": p7[3],
        },
    )
    incident_triage(incident=firewall, by=principal.user, facts={})

    photos = incident_report(
        school=school,
        by=principal.user,
        fields={
            **common,
            "kind": Kind.PUPIL_IMAGES,
            "platform": Platform.INSTAGRAM,
            "grounds": ["reputation"],
            "summary": "Sports day photos with other children posted on Instagram",
            "description": "A parent posted a public album from sports day showing several other pupils.",
            "occurred_at": _days_ago(20, 17),
            "target_kind": TargetKind.PUPIL,
            "target_pupil": p4[2],
            "responsible_kind": ResponsibleKind.PARENT,
            "responsible_guardian": parents[40],
        },
    )
    incident_triage(incident=photos, by=designated.user, facts={})
    # Each record completes its action: the screenshot the evidence, asking the poster the removal request.
    _screenshot(
        photos,
        designated.user,
        "Sports day album (public)",
        platform=Platform.INSTAGRAM,
        captured=_days_ago(19, 9),
        grounds="Images of pupils posted without their parents' permission: needed to ask for their removal.",
    )
    takedown_add(incident=photos, by=designated.user, stage="asked_poster", on=localdate() - dt.timedelta(days=18))
    takedown_add(incident=photos, by=designated.user, stage="removed", on=localdate() - dt.timedelta(days=17))
    for action in photos.actions.filter(status=ActionStatus.OPEN):
        action_complete(
            action=action,
            by=designated.user,
            completion=Completion(
                record={"done_on": (localdate() - dt.timedelta(days=17)).isoformat(), "notes": ""},
                summary="done.",
            ),
        )
    incident_move(
        incident=photos,
        by=designated.user,
        to=Status.CLOSED,
        outcome="resolved",
        note="The parent removed the album the next day and apologised.",
    )
    return Incident.objects.filter(school=school).count()
