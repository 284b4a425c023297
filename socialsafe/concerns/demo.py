"""Demo content for the parents' side: policy versions, reply templates, consent and concerns in several states.

Every text here is invented for the demo; a school enters its own policy text.
"""

import datetime as dt

from django.db import transaction
from django.utils.timezone import localdate

from socialsafe.concerns.models import Concern, ConcernStatus, DocKind, PolicyDocument, PolicyVersion, Topic
from socialsafe.concerns.services import (
    concern_acknowledge,
    concern_answer,
    concern_close,
    concern_confirm,
    concern_reply,
    concern_submit,
    concern_to_case,
    concern_to_complaint,
    photo_consent_set,
    policy_acknowledge,
    policy_version_publish,
    reply_template_save,
)
from socialsafe.incidents.models import Incident, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.schools.models import Guardian, Member, School
from socialsafe.schools.roles import STAFF_ROLES, Role

SOCIAL_MEDIA_V1 = """Our Social Media Policy (demo text)

Social media can help families stay in touch with school life, but it also brings risks. This policy explains how \
pupils, staff and parents at our school use social media.

1. Pupils do not use social networking sites during the school day, and phones stay switched off in school bags.
2. Staff keep their personal accounts private and do not become online friends with pupils or parents.
3. Parents raise any worry with the Principal directly, not on social media.
4. Parents only post photos of their own children, unless the other children's parents have agreed.
"""

SOCIAL_MEDIA_V2 = (
    SOCIAL_MEDIA_V1
    + """5. Online bullying of anyone in our school community, including staff, is \
dealt with under our Anti-Bullying Policy, and may be reported to the police.
6. Comments that are malicious or untrue about a member of our community are referred to the Education \
Authority's legal team.

Version 2 adds points 5 and 6 so that every family knows what happens when things go wrong online.
"""
)

CODE_OF_CONDUCT = """Parents' Code of Conduct (demo text)

We value the partnership between home and school. We ask every parent and carer to:

- treat staff, pupils and other families with courtesy, in person and online;
- bring any concern to the class teacher or the Principal, so that we can sort it out together;
- never post about other people's children, or about staff, in a way that could upset or identify them;
- follow the school's arrangements for visiting and collecting children.

Behaviour that threatens or abuses staff may lead to a parent being asked not to come onto the school grounds.
"""

STAFF_GUIDANCE = """Social media: guidance for staff (demo text)

- Check the privacy settings on your own accounts regularly.
- Do not accept pupils or parents as friends or followers on personal accounts.
- Do not post pictures of school events, or comments about pupils, parents or colleagues.
- Never present a personal opinion as the view of the school.
- Do not reply to online abuse: take a screenshot with the date and time and tell the Principal.
- Ask the Principal before setting up any social media account for teaching.
"""

TEMPLATES = [
    (
        "Thank you: looking into it",
        "Thank you for letting me know about this. I am looking into it and will be in touch again within the week.\n\n"
        "If anything else happens in the meantime, please reply here rather than posting about it online.",
    ),
    (
        "Invitation to meet",
        "Thank you for raising this with me. I would like to talk it through with you in person. Please phone the "
        "school office to arrange a time that suits you; you are welcome to bring a family member or friend.",
    ),
]

CONCERNS = [
    # (topic, what happened, what they would like, status to reach)
    (
        Topic.SOCIAL_MEDIA,
        "A parent in the P5 WhatsApp group has been saying that the school trip was cancelled because of one "
        "family. It isn't true and my son is upset.",
        "I would like the school to put the record straight with the class parents.",
        ConcernStatus.NEW,
    ),
    (
        Topic.PHOTOS,
        "Photos from the sports day, with my daughter in them, were put on a public Facebook page by another parent.",
        "Please ask them to take the photos down, and remind parents about posting pictures.",
        ConcernStatus.ACKNOWLEDGED,
    ),
    (
        Topic.ONLINE_SAFETY,
        "My child says some P6 pupils are using a group chat late at night and a pupil was left out and called names.",
        "I would like some advice on what to do, and for the school to talk to the class about kindness online.",
        ConcernStatus.ANSWERED,
    ),
    (
        Topic.STAFF,
        "I was unhappy with how my phone call to the office was handled last week.",
        "I would like an apology and to understand how the school will handle calls in future.",
        ConcernStatus.COMPLAINT,
    ),
    (
        Topic.OTHER,
        "The gate at the bottom of the playground was left open at home time on Tuesday.",
        "Just to let you know, so it can be checked.",
        ConcernStatus.CLOSED,
    ),
    (
        Topic.SOCIAL_MEDIA,
        "Someone has set up an account pretending to be a teacher and is posting nasty comments about her.",
        "Please have the account removed and find out who is behind it.",
        ConcernStatus.CASE,
    ),
]


def _publish(school: School, principal, kind: DocKind, label: str, days_ago: int, text: str) -> PolicyVersion:
    return policy_version_publish(
        school=school,
        kind=kind,
        by=principal,
        label=label,
        published_on=localdate() - dt.timedelta(days=days_ago),
        text=text,
    )


@transaction.atomic
def demo_concerns_create(*, school: School) -> dict[str, int]:
    """Add the demo content unless it is there already; returns what was made."""
    made = {"documents": 0, "concerns": 0}
    principal = Member.objects.filter(school=school, roles__role=Role.PRINCIPAL).select_related("user").first()
    if principal is None:
        return made
    principal = principal.user
    if not PolicyDocument.objects.filter(school=school).exists():
        old = _publish(school, principal, DocKind.SOCIAL_MEDIA, "1.0", 400, SOCIAL_MEDIA_V1)
        _publish(school, principal, DocKind.SOCIAL_MEDIA, "2.0", 10, SOCIAL_MEDIA_V2)
        code = _publish(school, principal, DocKind.CODE_OF_CONDUCT, "1.0", 400, CODE_OF_CONDUCT)
        staff = _publish(school, principal, DocKind.STAFF_GUIDANCE, "1.0", 200, STAFF_GUIDANCE)
        for title, text in TEMPLATES:
            reply_template_save(school=school, by=principal, title=title, text=text)
        # Parents with an account read the first version and the Code; version 2.0 is still to read.
        for guardian in Guardian.objects.filter(school=school, user__isnull=False):
            policy_acknowledge(version=old, by=guardian.user)
            policy_acknowledge(version=code, by=guardian.user)
            for child in guardian.pupils.all()[:1]:
                photo_consent_set(pupil=child, guardian=guardian, by=guardian.user, may_publish=True)
        members = Member.objects.filter(school=school, is_active=True, roles__role__in=STAFF_ROLES).distinct()
        for member in members.order_by("id")[::2]:
            policy_acknowledge(version=staff, by=member.user)
        made["documents"] = 3
    if not Concern.objects.filter(school=school).exists():
        made["concerns"] = _concerns(school, principal)
    return made


def _concerns(school: School, principal) -> int:
    parents = list(Guardian.objects.filter(school=school).exclude(email="").order_by("id")[:12:2])
    demo_parent = Guardian.objects.filter(school=school, user__isnull=False).first()
    made = 0
    for i, (topic, happened, wanted, goal) in enumerate(CONCERNS):
        if goal == ConcernStatus.CASE and not Incident.objects.filter(school=school).exists():
            # The incidents demo fills an empty school only: run seed_demo_cases first, then this.
            continue
        who = demo_parent if goal == ConcernStatus.ANSWERED and demo_parent else parents[i % len(parents)]
        link = who.links.select_related("pupil__school_class").first()
        concern = concern_submit(
            school=school,
            fields={
                "name": f"{who.first_name} {who.last_name}",
                "email": who.email,
                "relationship": link.relationship if link else "",
                "school_class": link.pupil.school_class if link else None,
                "topic": topic,
                "what_happened": happened,
                "wanted_outcome": wanted,
            },
        )
        concern = concern_confirm(concern=concern)
        _advance(concern, principal, goal)
        made += 1
    return made


DEMO_ANSWER = (
    "Thank you for coming back to me so quickly. The post has been taken down, but my daughter is still upset: "
    "could her teacher keep an eye on her this week?"
)


def _advance(concern: Concern, principal, goal: str) -> None:
    if goal == ConcernStatus.NEW:
        return
    if goal in (ConcernStatus.ACKNOWLEDGED, ConcernStatus.COMPLAINT, ConcernStatus.CLOSED):
        concern = concern_acknowledge(concern=concern, by=principal)
    if goal in (ConcernStatus.ANSWERED, ConcernStatus.CLOSED, ConcernStatus.CASE):
        concern_reply(concern=concern, by=principal, text=TEMPLATES[0][1])
    if goal == ConcernStatus.ANSWERED:
        # Two-way concerns (issue 18): the parent has answered the reply, so the inbox shows one waiting.
        user = concern.guardian.user if concern.guardian_id else None
        concern_answer(concern=concern, by=user, text=DEMO_ANSWER)
    if goal == ConcernStatus.COMPLAINT:
        note = "The parent asked for it to be treated as a complaint."
        concern_to_complaint(concern=concern, by=principal, note=note)
    elif goal == ConcernStatus.CLOSED:
        concern_close(concern=concern, by=principal, note="The caretaker has checked the gate.")
    elif goal == ConcernStatus.CASE:
        concern_to_case(
            concern=concern,
            by=principal,
            facts={
                "kind": Kind.STAFF_ABUSE,
                "summary": "Fake account impersonating a teacher, posting abusive comments",
                "occurred_on": localdate(),
                "platform": Platform.INSTAGRAM,
                "target_kind": TargetKind.STAFF,
                "responsible_kind": ResponsibleKind.UNKNOWN,
            },
        )
