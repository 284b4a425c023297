"""More small demo schools in the demo authority, with a year of case counts, so that the Education Authority's
view has something to compare: most schools quiet, a few busy, one with many overdue actions and repeat cases.

The schools are made like the other demo schools (schools.demo.demo_school_create). Their cases are bare rows,
bulk-created: nobody signs in to these schools, and the authority's view only ever counts them. Every name and
text is invented; the generator is seeded, so two runs give the same figures.
"""

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils.timezone import localdate, make_aware

from socialsafe.concerns.models import Concern, ConcernStatus, Topic
from socialsafe.incidents.choices import (
    ActionKind,
    ActionStatus,
    BullyingJudgement,
    BullyingMotivation,
    BullyingOutcome,
    InterventionLevel,
    Kind,
    Platform,
    ResponsibleKind,
    Status,
    TakedownStage,
    TargetKind,
)
from socialsafe.incidents.models import Action, BullyingRecord, Incident, ReferenceCounter, TakedownStep
from socialsafe.registers.models import PremisesBan
from socialsafe.schools.demo import DemoSpec, demo_school_create
from socialsafe.schools.models import EducationAuthority, Member, Pupil, School
from socialsafe.schools.roles import Role

# (name, slug, pupils, cases in the last year, overdue actions now): invented schools.
SCHOOLS = [
    ("Bramblewood Primary School", "bramblewood", 90, 14, 1),
    ("Kestrel Hill Primary School", "kestrelhill", 140, 34, 12),
    ("Larkspur Primary School", "larkspur", 45, 3, 0),
    ("Mossbank Primary School", "mossbank", 70, 9, 2),
    ("Thornfield Primary School", "thornfield", 120, 22, 3),
    ("Willowburn Primary School", "willowburn", 30, 0, 0),
]
SUMMARIES = [
    (Kind.PUPIL_CYBERBULLYING, Platform.WHATSAPP, "Unkind messages in a class group chat"),
    (Kind.PUPIL_CYBERBULLYING, Platform.GAMING, "Name-calling in an online game"),
    (Kind.PUPIL_IMAGES, Platform.FACEBOOK, "Class photo posted without permission"),
    (Kind.PUPIL_PHONE, Platform.NONE, "Phone used in the playground"),
    (Kind.MALICIOUS_COMMENTS, Platform.FACEBOOK, "Untrue comments about the school"),
]
MOTIVATIONS = [
    BullyingMotivation.APPEARANCE,
    BullyingMotivation.APPEARANCE,
    BullyingMotivation.SEN,
    BullyingMotivation.FAMILY,
    BullyingMotivation.RACE,
    BullyingMotivation.NOT_KNOWN,
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return make_aware(dt.datetime.combine(day, dt.time(hour)))


def _cases(school: School, rng: random.Random, count: int, overdue: int) -> None:
    today = localdate()
    principal = Member.objects.get(school=school, roles__role=Role.PRINCIPAL)
    pupils = list(Pupil.objects.filter(school=school).order_by("id"))
    # Busy schools see the same few pupils again: a quarter of their cases are about four pupils.
    regulars = pupils[:4]
    made, years = [], {}
    for i in range(count):
        kind, platform, summary = SUMMARIES[i % len(SUMMARIES)]
        day = today - dt.timedelta(days=rng.randrange(1, 360))
        about_pupil = kind in (Kind.PUPIL_CYBERBULLYING, Kind.PUPIL_IMAGES, Kind.PUPIL_PHONE)
        pupil = (rng.choice(regulars) if i % 4 == 0 else rng.choice(pupils)) if about_pupil else None
        closed = day < today - dt.timedelta(days=30) and rng.random() < 0.8
        year = day.year
        years[year] = years.get(year, 0) + 1
        made.append(
            Incident(
                school=school,
                reference=f"{school.slug[:3].upper()}-{year}-{years[year]:04d}",
                kind=kind,
                summary=summary,
                description="Invented for the demo.",
                occurred_at=_at(day, 16),
                platform=platform,
                target_kind=TargetKind.PUPIL if pupil else TargetKind.SCHOOL,
                target_pupil=pupil,
                responsible_kind=ResponsibleKind.PUPIL if kind == Kind.PUPIL_CYBERBULLYING else ResponsibleKind.UNKNOWN,
                reported_by=principal.user,
                reported_at=_at(day, 9),
                handler=principal,
                status=Status.CLOSED if closed else Status.IN_PROGRESS,
                closed_at=_at(day + dt.timedelta(days=14), 15) if closed else None,
                updated_at=_at(day, 9),
            )
        )
    Incident.objects.bulk_create(made)
    for year, last in years.items():
        ReferenceCounter.objects.update_or_create(school=school, year=year, defaults={"last": last})
    cases = list(Incident.objects.filter(school=school).order_by("reported_at"))
    actions, records, steps = [], [], []
    for n, case in enumerate(cases):
        if case.kind == Kind.PUPIL_CYBERBULLYING:
            records.append(
                BullyingRecord(
                    incident=case,
                    judgement=BullyingJudgement.BULLYING if n % 3 else BullyingJudgement.UNRESOLVED,
                    methods=["online_messaging" if case.platform == Platform.WHATSAPP else "online_gaming"],
                    motivations=[MOTIVATIONS[n % len(MOTIVATIONS)]],
                    level=InterventionLevel.LEVEL_2,
                    interventions=["restorative"],
                    outcome=BullyingOutcome.RESOLVED if case.status == Status.CLOSED else BullyingOutcome.MONITORING,
                    recorded_by=principal.user,
                )
            )
        if case.kind in (Kind.PUPIL_IMAGES, Kind.MALICIOUS_COMMENTS) and n % 2 == 0:
            steps.append(
                TakedownStep(
                    incident=case,
                    stage=TakedownStage.REMOVED,
                    on=localdate() if case.reported_at.date() >= today else case.reported_at.date(),
                    by=principal.user,
                )
            )
        if case.kind == Kind.MALICIOUS_COMMENTS and n % 3 == 0:
            actions.append(
                Action(
                    incident=case,
                    kind=ActionKind.REFERRAL_EA_LEGAL,
                    title="Refer to the Education Authority Legal Department",
                    owner=principal,
                    due_on=case.reported_at.date(),
                    status=ActionStatus.DONE,
                    completed_at=case.reported_at + dt.timedelta(days=2),
                    completed_by=principal.user,
                )
            )
    open_cases = [c for c in cases if c.status != Status.CLOSED] or cases[:1]
    for i in range(overdue if open_cases else 0):
        actions.append(
            Action(
                incident=open_cases[i % len(open_cases)],
                kind=ActionKind.MEETING,
                title="Meeting",
                owner=principal,
                due_on=today - dt.timedelta(days=3 + i),
            )
        )
    Action.objects.bulk_create(actions)
    BullyingRecord.objects.bulk_create(records)
    TakedownStep.objects.bulk_create(steps)
    if count > 20:  # the busiest schools have barred a parent from the premises
        PremisesBan.objects.create(
            school=school,
            incident=cases[-1],
            person_name="A parent (demo)",
            reason="Abusive messages to staff.",
            starts_on=today - dt.timedelta(days=10),
            ends_on=today + dt.timedelta(days=130),
            review_on=today + dt.timedelta(days=60),
            created_by=principal.user,
        )
    Concern.objects.bulk_create(
        Concern(
            school=school,
            reference=f"{school.slug[:3].upper()}-C{i + 1:03d}",
            status=ConcernStatus.CLOSED,
            name="A parent (demo)",
            email=f"parent{i}@parents.{school.slug}.example",
            topic=Topic.SOCIAL_MEDIA,
            what_happened="Invented for the demo.",
            wanted_outcome="Invented for the demo.",
            status_token=uuid.UUID(int=rng.getrandbits(128)).hex,
            created_at=_at(today - dt.timedelta(days=rng.randrange(1, 300)), 20),
        )
        for i in range(count // 3)
    )


@transaction.atomic
def demo_authority_create() -> int:
    """Add the small demo schools to the demo authority unless they exist; returns how many were made."""
    authority = EducationAuthority.objects.filter(slug="demo-ea").first()
    if authority is None:
        return 0
    made = 0
    for name, slug, pupils, count, overdue in SCHOOLS:
        if School.objects.filter(slug=slug).exists():
            continue
        spec = DemoSpec(slug, name, f"{slug}.example", pupils, max(1, pupils * 3 // 4), 3, 2)
        school = demo_school_create(spec=spec, authority=authority)
        _cases(school, random.Random(slug), count, overdue)
        made += 1
    return made
