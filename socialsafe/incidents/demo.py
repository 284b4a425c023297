"""Invented cases for the demo school, so that `make run` shows the case work in every state.

The cases are spread over the last two terms as a real school's would be: each step is made on its own day, some
days after the report, and some actions have fallen overdue. The demo makes them through the product's own services
with the clock set back (time-machine, which comes with the development tools `make run` installs); without it,
every step is dated today.
"""

import contextlib
import datetime as dt
import io

from django.db import transaction
from django.utils.timezone import localdate, make_aware

from socialsafe.incidents.models import (
    ActionKind,
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
    bullying_record_save,
    incident_move,
    incident_report,
    incident_triage,
    takedown_add,
)
from socialsafe.schools.models import Guardian, Member, Pupil, School
from socialsafe.schools.roles import Role

TODAY = None  # set by demo_cases_create: the real day the demo is made, whatever the clock says inside _on()


def _days_ago(days: int, hour: int = 19, minute: int = 30) -> dt.datetime:
    """A moment `days` before the real today, at a fixed time: always in the past once days >= 1."""
    return make_aware(dt.datetime.combine((TODAY or localdate()) - dt.timedelta(days=days), dt.time(hour, minute)))


@contextlib.contextmanager
def _on(days: int, hour: int, minute: int = 0):
    """Make what follows as if at that moment (the clock ticks on from there)."""
    try:
        import time_machine
    except ImportError:  # installed without the development tools: the demo is dated today
        yield
        return
    with time_machine.travel(_days_ago(days, hour, minute), tick=True):
        yield


def _malicious_parent_case(school: School, member: dict, parents, common: dict) -> Incident:
    """The policy's central journey, most of the way through: a parent's malicious, abusive Facebook posts about a
    teacher, reported a month ago. Every step is done by making its record, each on its own day: the screenshot, the
    model letter, the bar in the premises register, the refused removal, the PSNI report and the EA Legal referral,
    each confirmed by name. The meeting and the support offered to the teacher are still to do, and overdue."""
    from socialsafe.letters.models import LetterTemplate
    from socialsafe.letters.services import letter_issue, letter_templates_ensure, letter_values
    from socialsafe.lib.dates import add_months
    from socialsafe.registers.services import premises_ban_create

    principal, teacher, office = member[Role.PRINCIPAL], member[Role.CLASS_TEACHER], member[Role.OFFICE]
    poster = parents[3]
    with _on(32, 9):
        case = incident_report(
            school=school,
            by=office.user,
            fields={
                **common,
                "kind": Kind.MALICIOUS_COMMENTS,
                "platform": Platform.FACEBOOK,
                "summary": f"Untrue, abusive posts about {teacher} on a parents' Facebook page",
                "description": "A parent posted that the P4 teacher 'hits children' and called her a 'vile liar'. "
                "The posts have dozens of comments.",
                "occurred_at": _days_ago(33, 21),
                "target_kind": TargetKind.STAFF,
                "target_member": teacher,
                "responsible_kind": ResponsibleKind.PARENT,
                "responsible_guardian": poster,
            },
        )
    with _on(32, 14):
        incident_triage(
            incident=case, by=principal.user, facts={"malicious_or_fictitious": True, "content_abusive": True}
        )
    case.refresh_from_db()
    with _on(31, 8):
        _screenshot(
            case,
            principal.user,
            "she hits children. vile liar",
            platform=Platform.FACEBOOK,
            captured=_days_ago(31, 7, 50),
            grounds="Malicious and abusive posts about a teacher: needed for the EA Legal referral and the PSNI.",
        )
    with _on(30, 10):
        letter_templates_ensure(school=school)
        template = LetterTemplate.objects.get(school=school, kind="invitation")
        values = letter_values(incident=case, names=poster.display_name, note_taker=member[Role.VICE_PRINCIPAL])
        letter_issue(
            incident=case,
            by=principal.user,
            template=template,
            subject=template.subject,
            source=template.body,
            values=values,
            recipient_guardian=poster,
            recipient_name=poster.display_name,
        )
    with _on(26, 12):
        start = localdate()
        premises_ban_create(
            incident=case,
            by=principal.user,
            fields={
                "guardian": poster,
                "reason": "Malicious and abusive posts about a teacher",
                "starts_on": start,
                "ends_on": add_months(start, 4),
                "review_on": add_months(start, 3),
            },
        )
    with _on(24, 10):
        action_complete(
            action=case.actions.get(kind=ActionKind.REMOVAL_REQUEST),
            by=principal.user,
            completion=Completion(
                record={"done_on": localdate().isoformat(), "method": "letter", "response": "refused", "notes": ""},
                summary="asked by letter: they refused.",
                removal_refused=True,
            ),
        )
    name = principal.user.get_full_name()
    with _on(23, 16):
        for kind, record, summary in (
            (
                ActionKind.REFERRAL_PSNI,
                {"reference": "CW/4471/26", "officer": "PC 2231"},
                "crime reference CW/4471/26.",
            ),
            (ActionKind.REFERRAL_EA_LEGAL, {"reference": "EAL-26-118", "advice": "Keep the evidence."}, "referred."),
            (ActionKind.PLATFORM_REPORT, {"reference": "FB-88120"}, "reported, reference FB-88120."),
        ):
            action_complete(
                action=case.actions.get(kind=kind, status=ActionStatus.OPEN),
                by=principal.user,
                completion=Completion(
                    record={"done_on": localdate().isoformat(), "notes": "", **record}, summary=summary
                ),
                confirmed_by_name=name if kind != ActionKind.PLATFORM_REPORT else "",
            )
    return case


# This term's bullying between pupils, each closed with its statutory record (Addressing Bullying in Schools Act
# (NI) 2016, s.3), so that the register and the Governors' termly report have figures to show: most were online
# messaging, most about appearance. (days ago, year group, platform, summary, what was said, the record.)
PUPIL_BULLYING = (
    (
        75,
        5,
        Platform.WHATSAPP,
        "P5 pupil left out of and mocked in a class WhatsApp group",
        "you cant come, look at your hair",
        {"methods": ["online_messaging", "indirect"], "motivations": ["appearance"], "level": "2"},
    ),
    (
        62,
        6,
        Platform.SNAPCHAT,
        "Edited photo of a P6 pupil shared on Snapchat",
        "look at the state of him lol",
        {"methods": ["online_images", "online_messaging"], "motivations": ["appearance"], "level": "2"},
    ),
    (
        48,
        7,
        Platform.GAMING,
        "P7 pupil called names in an online game's chat by classmates",
        "go back to where you came from",
        {"methods": ["online_gaming", "online_messaging"], "motivations": ["race", "newcomer"], "level": "3"},
    ),
    (
        36,
        5,
        Platform.TIKTOK,
        "Comments about a P5 pupil's weight under a TikTok video",
        "imagine looking like that",
        {"methods": ["online_social"], "motivations": ["appearance"], "level": "1", "judgement": "not_bullying"},
    ),
    (
        27,
        6,
        Platform.WHATSAPP,
        "Messages about a P6 pupil's family sent around the class group",
        "her da doesnt even live with them",
        {"methods": ["online_messaging"], "motivations": ["family", "appearance"], "level": "2"},
    ),
    (
        16,
        7,
        Platform.WHATSAPP,
        "A P7 pupil sent repeated unkind messages about their glasses",
        "four eyes nobody likes you",
        {"methods": ["online_messaging", "verbal"], "motivations": ["appearance", "sen"], "level": "2"},
    ),
)
BULLYING_DEFAULTS = {
    "judgement": "bullying",
    "motivation_other": "",
    "interventions": ["restorative", "online_safety", "individual_support"],
    "addressed_note": "Both pupils spoken to; restorative conversation; the messages were deleted.",
    "outcome": "resolved",
    "pupils_involved": 2,
}


def _pupil_bullying_cases(school: School, member: dict) -> int:
    """This term's bullying between pupils: each reported by the class teacher, triaged by the designated teacher,
    its actions done over the next days, its statutory record made, and closed."""
    teacher, designated = member[Role.CLASS_TEACHER], member[Role.DESIGNATED_TEACHER]
    for n, (days, year, platform, summary, words, record) in enumerate(PUPIL_BULLYING):
        target, responsible = Pupil.objects.filter(school=school, school_class__year_group=year).order_by("id")[
            2 * n + 10 : 2 * n + 12
        ]
        with _on(days, 9):
            case = incident_report(
                school=school,
                by=teacher.user,
                fields={
                    "kind": Kind.PUPIL_CYBERBULLYING,
                    "platform": platform,
                    "out_of_hours": True,
                    "grounds": ["orderly_running"],
                    "url": "",
                    "summary": summary,
                    "description": f"{target.first_name} told me about it this morning and showed me the messages.",
                    "occurred_at": _days_ago(days + 1, 20),
                    "target_kind": TargetKind.PUPIL,
                    "target_pupil": target,
                    "responsible_kind": ResponsibleKind.PUPIL,
                    "responsible_pupil": responsible,
                    "on_behalf_of": target,
                },
            )
        with _on(days, 11):
            incident_triage(incident=case, by=designated.user, facts={})
            _screenshot(
                case,
                designated.user,
                words,
                platform=platform,
                captured=_days_ago(days, 10, 30),
                grounds="Bullying of a pupil by a pupil: needed to address it under the Anti-Bullying Policy.",
            )
        with _on(days - 3, 14):
            for action in case.actions.filter(status=ActionStatus.OPEN).exclude(kind=ActionKind.BULLYING_RECORD):
                action_complete(
                    action=action,
                    by=designated.user,
                    completion=Completion(record={"done_on": localdate().isoformat(), "notes": ""}, summary="done."),
                )
            informed = localdate() - dt.timedelta(days=2)
            data = {**BULLYING_DEFAULTS, **record}
            data |= {"target_parents_informed_on": informed, "responsible_parents_informed_on": informed}
            bullying_record_save(incident=case, by=designated.user, data=data)
            incident_move(
                incident=case,
                by=designated.user,
                to=Status.CLOSED,
                outcome="resolved",
                note="The behaviour has stopped; both families informed.",
            )
    return len(PUPIL_BULLYING)


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

    # Last term: sports day photos, asked down and removed within days, closed four months ago.
    with _on(119, 10):
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
                "occurred_at": _days_ago(120, 17),
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
            captured=_days_ago(119, 9, 40),
            grounds="Images of pupils posted without their parents' permission: needed to ask for their removal.",
        )
    with _on(118, 11):
        takedown_add(incident=photos, by=designated.user, stage="asked_poster", on=localdate())
    with _on(117, 15):
        takedown_add(incident=photos, by=designated.user, stage="removed", on=localdate())
        for action in photos.actions.filter(status=ActionStatus.OPEN):
            action_complete(
                action=action,
                by=designated.user,
                completion=Completion(record={"done_on": localdate().isoformat(), "notes": ""}, summary="done."),
            )
        incident_move(
            incident=photos,
            by=designated.user,
            to=Status.CLOSED,
            outcome="resolved",
            note="The parent removed the album the next day and apologised.",
        )

    # This term: the central journey, most of the way through, with its meeting and support overdue.
    _malicious_parent_case(school, member, parents, common)
    _pupil_bullying_cases(school, member)

    # A firewall breach three weeks ago: the ban in the ICT register completes its only action; ready to close.
    from socialsafe.registers.services import ict_ban_create

    with _on(21, 12):
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
                "occurred_at": _days_ago(21, 11),
                "target_kind": TargetKind.SCHOOL,
                "responsible_kind": ResponsibleKind.PUPIL,
                "responsible_pupil": p7[3],
            },
        )
    with _on(20, 9):
        incident_triage(incident=firewall, by=principal.user, facts={})
        ict_ban_create(
            incident=firewall,
            by=principal.user,
            fields={"pupil": p7[3], "reason": "Attempt to breach the school firewall", "starts_on": localdate()},
        )

    # Improper contact, triaged a week ago: the designated teacher's assessment is overdue.
    with _on(8, 9):
        contact = incident_report(
            school=school,
            by=teacher.user,
            fields={
                **common,
                "kind": Kind.IMPROPER_CONTACT,
                "platform": Platform.GAMING,
                "grounds": ["threat"],
                "summary": "An adult stranger messaging a P7 pupil in an online game",
                "description": f"{p7[5].first_name} showed me messages from a player asking for photos and to keep "
                "it a secret from their parents.",
                "occurred_at": _days_ago(9, 21),
                "target_kind": TargetKind.PUPIL,
                "target_pupil": p7[5],
                "responsible_kind": ResponsibleKind.OUTSIDER,
                "responsible_name": "a player called 'xXShadowXx'",
                "on_behalf_of": p7[5],
            },
        )
    with _on(8, 11):
        incident_triage(incident=contact, by=designated.user, facts={"content_sexual": True})

    # Abusive comments about a teacher two days ago: triaged, the screenshot taken, work begun.
    with _on(2, 8):
        staff_case = incident_report(
            school=school,
            by=teacher.user,
            fields={
                **common,
                "kind": Kind.STAFF_ABUSE,
                "platform": Platform.FACEBOOK,
                "summary": "Abusive comments about Mrs McCann in a community Facebook group",
                "description": "A parent wrote that Mrs McCann is 'a disgrace who should watch her back' under a post "
                "about the P6 trip. Several other parents replied.",
                "occurred_at": _days_ago(3),
                "target_kind": TargetKind.STAFF,
                "target_member": designated,
                "responsible_kind": ResponsibleKind.PARENT,
                "responsible_guardian": parents[10],
            },
        )
    with _on(2, 12):
        incident_triage(
            incident=staff_case, by=principal.user, facts={"content_threatening": True, "content_abusive": True}
        )
        # The screenshot, with its date, time and grounds, completes "Take screenshots…" by itself.
        _screenshot(
            staff_case,
            principal.user,
            "a disgrace who should watch her back",
            platform=Platform.FACEBOOK,
            captured=_days_ago(2, 11, 30),
            grounds="Threats against a member of staff: needed for the school's response and a possible PSNI report.",
        )

    # Reported in the last days, waiting for triage (one about the Principal, which only the Chair sees).
    arrivals = [
        (
            1,
            member[Role.OFFICE],
            {
                **common,
                "kind": Kind.MALICIOUS_COMMENTS,
                "platform": Platform.WHATSAPP,
                "summary": "Untrue claims about the Principal in the P2 parents' WhatsApp group",
                "description": "A message claims the Principal 'covered up' a playground accident. It has been "
                "forwarded to other groups.",
                "occurred_at": _days_ago(2),
                "target_kind": TargetKind.PRINCIPAL,
                "responsible_kind": ResponsibleKind.UNKNOWN,
                "responsible_name": "a number saved as 'Mum of twins'",
            },
        ),
        (
            2,
            teacher,
            {
                "kind": Kind.PUPIL_CYBERBULLYING,
                "platform": Platform.SNAPCHAT,
                "out_of_hours": True,
                "grounds": ["orderly_running"],
                "url": "",
                "summary": "P4 pupil upset by Snapchat messages from classmates",
                "description": f"{p4[0].first_name} told me at break that classmates have been sending unkind "
                "messages and a photo edited to look silly, most evenings this week.",
                "occurred_at": _days_ago(3, 20),
                "target_kind": TargetKind.PUPIL,
                "target_pupil": p4[0],
                "responsible_kind": ResponsibleKind.PUPIL,
                "responsible_pupil": p4[1],
                "on_behalf_of": p4[0],
            },
        ),
        (
            6,
            teacher,
            {
                "kind": Kind.PUPIL_JOIN_STAFF,
                "platform": Platform.FACEBOOK,
                "out_of_hours": True,
                "grounds": ["orderly_running"],
                "url": "",
                "summary": "A P6 pupil sent a friend request to a teacher's personal Facebook account",
                "description": "I have not accepted it. I am telling the Principal as the policy asks.",
                "occurred_at": _days_ago(7, 18),
                "target_kind": TargetKind.STAFF,
                "responsible_kind": ResponsibleKind.PUPIL,
                "responsible_pupil": p4[5],
            },
        ),
        (
            5,
            teacher,
            {
                "kind": Kind.PUPIL_PHONE,
                "platform": Platform.NONE,
                "out_of_hours": False,
                "grounds": [],
                "url": "",
                "summary": "A P7 pupil on TikTok on their phone at morning break",
                "description": "Seen filming in the playground; the phone was not switched off in the school bag.",
                "occurred_at": _days_ago(5, 9, 10),
                "target_kind": TargetKind.SCHOOL,
                "responsible_kind": ResponsibleKind.PUPIL,
                "responsible_pupil": p7[7],
            },
        ),
        (
            10,
            teacher,
            {
                "kind": Kind.STAFF_CONDUCT,
                "platform": Platform.INSTAGRAM,
                "out_of_hours": True,
                "grounds": ["reputation"],
                "url": "",
                "summary": "Class photos posted on a member of staff's personal Instagram",
                "description": "A parent sent a screenshot of a public post showing pupils on the school trip.",
                "occurred_at": _days_ago(11),
                "target_kind": TargetKind.SCHOOL,
                "responsible_kind": ResponsibleKind.COLLEAGUE,
                "responsible_member": member[Role.STAFF],
            },
        ),
        (
            1,
            member[Role.OFFICE],
            {
                "kind": Kind.ILLEGAL,
                "platform": Platform.SNAPCHAT,
                "out_of_hours": True,
                "grounds": ["threat"],
                "url": "",
                "summary": "An indecent image of a pupil said to be shared among older children",
                "description": "A parent rang: she has not seen it and has not shared it. Nobody in school has "
                "copied it.",
                "occurred_at": _days_ago(2, 17),
                "target_kind": TargetKind.PUPIL,
                "target_pupil": p7[9],
                "responsible_kind": ResponsibleKind.UNKNOWN,
            },
        ),
    ]
    for days, by, fields in sorted(arrivals, key=lambda a: -a[0]):
        with _on(days, 10):
            incident_report(school=school, by=by.user, fields=fields)
    return Incident.objects.filter(school=school).count()
