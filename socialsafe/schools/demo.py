"""A fictional demo school (and a second one, to show that schools cannot see each other).

Every name is made up; the generator is seeded, so two runs give the same school.
"""

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.timezone import localdate
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialsafe.schools.models import (
    AuthorityOfficer,
    EducationAuthority,
    Guardian,
    GuardianLink,
    Member,
    MemberRole,
    Pupil,
    Relationship,
    School,
    SchoolClass,
)
from socialsafe.schools.roles import Role

User = get_user_model()

FIRST_GIRLS = (
    "Aoife Ciara Niamh Erin Orla Grace Sophie Emma Lucy Ella Amelia Isla Freya Hannah Clodagh Saoirse "
    "Róisín Eve Katie Megan Ava Olivia Mia Lily Caitlin Sarah Anna Molly Zara Maeve"
).split()
FIRST_BOYS = (
    "Conor Cian Oisín Jack James Callum Ryan Adam Ethan Noah Charlie Harry Daniel Matthew Seán Patrick "
    "Fionn Darragh Thomas Luke Oliver Max Rory Aaron Dylan Jamie Ben Finn Leo Eoin"
).split()
SURNAMES = (
    "Kelly Murphy Wilson Campbell Thompson Robinson Johnston Stewart Quinn Doherty McLaughlin Smith Brown "
    "Moore Martin Clarke Young Walsh Graham Hamilton Morrison Reid Boyd Kerr Patterson Hughes Scott "
    "Watson Magee McCann Burns Millar Lynch Gallagher Irvine Craig Fleming Dunlop Hanna Agnew"
).split()
ADULT_WOMEN = (
    "Sinéad Claire Louise Joanne Rachel Karen Nicola Laura Lisa Gemma Siobhán Emma Julie Sarah Catherine "
    "Donna Fiona Lynsey Paula Orla"
).split()
ADULT_MEN = (
    "Mark Paul David Stephen Gareth Colin Niall Brian Kevin Martin Darren Neil Andrew Peter Ciarán "
    "Richard Philip Alan Gerard Shane"
).split()


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    name: str


@dataclass(frozen=True)
class DemoSpec:
    slug: str
    name: str
    domain: str
    pupils: int
    families: int
    governors: int
    extra_staff: int


GLENMORE = DemoSpec("glenmore", "Glenmore Primary School", "glenmore.example", 200, 150, 8, 10)
RIVERSIDE = DemoSpec("riverside", "Riverside Primary School", "riverside.example", 60, 45, 4, 7)


def _ascii(name: str) -> str:
    """A name as it goes in an email address: Sinéad is sinead."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _user(email: str, full_name: str) -> "User":
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _member(school: School, email: str, title: str, first: str, last: str, job: str, roles: list[str]) -> Member:
    member = Member.objects.create(
        school=school,
        user=_user(email, f"{first} {last}"),
        title=title,
        first_name=first,
        last_name=last,
        job_title=job,
    )
    MemberRole.objects.bulk_create([MemberRole(member=member, role=r) for r in roles])
    return member


# The people behind the demo sign-ins: (email name, title, first, last, job, roles, class taught).
GLENMORE_PEOPLE = [
    ("principal", "Mrs", "Ruth", "Patterson", "Principal", [Role.PRINCIPAL], None),
    (
        "vice.principal",
        "Mr",
        "David",
        "Irvine",
        "Vice-Principal",
        [Role.VICE_PRINCIPAL, Role.DEPUTY_DESIGNATED_TEACHER],
        None,
    ),
    ("designated", "Mrs", "Alison", "McCann", "P6 teacher", [Role.DESIGNATED_TEACHER, Role.CLASS_TEACHER], 6),
    ("teacher", "Mr", "Conor", "Burns", "P4 teacher", [Role.CLASS_TEACHER], 4),
    ("ict", "Miss", "Rachel", "Hanna", "P7 teacher", [Role.ICT_COORDINATOR, Role.CLASS_TEACHER], 7),
    ("office", "Mrs", "Joanne", "Boyd", "School secretary", [Role.OFFICE], None),
    ("karen.walsh", "Mrs", "Karen", "Walsh", "P1 teacher", [Role.CLASS_TEACHER], 1),
    ("emma.reid", "Miss", "Emma", "Reid", "P2 teacher", [Role.CLASS_TEACHER], 2),
    ("gareth.moore", "Mr", "Gareth", "Moore", "P3 teacher", [Role.CLASS_TEACHER], 3),
    ("laura.quinn", "Mrs", "Laura", "Quinn", "P5 teacher", [Role.CLASS_TEACHER], 5),
    ("chair", "Mr", "Philip", "Agnew", "", [Role.CHAIR_OF_GOVERNORS], None),
    ("governor", "Mrs", "Donna", "Craig", "", [Role.GOVERNOR], None),
]
RIVERSIDE_PEOPLE = [
    ("principal", "Mrs", "Helen", "Gray", "Principal", [Role.PRINCIPAL, Role.DESIGNATED_TEACHER], None),
    ("teacher", "Mr", "Neil", "Fleming", "Teacher", [Role.CLASS_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER], 1),
    ("chair", "Mrs", "Paula", "Dunlop", "", [Role.CHAIR_OF_GOVERNORS], None),
]


@transaction.atomic
def demo_school_create(*, spec: DemoSpec, authority: EducationAuthority) -> School:
    """Create one demo school with classes, staff, governors, pupils and parents."""
    rng = random.Random(spec.slug)
    d = spec.domain
    school = School.objects.create(
        authority=authority,
        name=spec.name,
        slug=spec.slug,
        address=f"1 School Lane\n{spec.name.split()[0]}\nCo. Antrim BT00 0AA",
        phone="028 9000 0000",
        email=f"office@{d}",
    )
    classes = [SchoolClass.objects.create(school=school, name=f"P{y}", year_group=y) for y in range(1, 8)]
    for login, title, first, last, job, roles, year in GLENMORE_PEOPLE if spec.slug == "glenmore" else RIVERSIDE_PEOPLE:
        member = _member(school, f"{login}@{d}", title, first, last, job, roles)
        if year:
            classes[year - 1].teacher = member
            classes[year - 1].save(update_fields=["teacher"])
    jobs = ["Classroom assistant", "Caretaker", "Bursar", "Special needs assistant", "Dinner supervisor", "Cook"]
    for i in range(spec.extra_staff):
        first, last = rng.choice(ADULT_WOMEN + ADULT_MEN), rng.choice(SURNAMES)
        _member(school, f"staff{i + 1}@{d}", "", first, last, jobs[i % len(jobs)], [Role.STAFF])
    governors_made = MemberRole.objects.filter(
        member__school=school, role__in=[Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR]
    ).count()
    for i in range(spec.governors - governors_made):
        first, last = rng.choice(ADULT_WOMEN + ADULT_MEN), rng.choice(SURNAMES)
        _member(school, f"governor{i + 2}@{d}", "", first, last, "", [Role.GOVERNOR])

    # Families: pupils share a surname and parents with their brothers and sisters.
    today = localdate()
    september = today.year if today.month >= 9 else today.year - 1
    pupils: list[Pupil] = []
    guardians: list[Guardian] = []
    family_of: list[int] = []
    families_guardians: list[list[int]] = []
    for f in range(spec.families):
        surname = SURNAMES[f % len(SURNAMES)]
        first = Guardian(school=school, title="Mrs", first_name=rng.choice(ADULT_WOMEN), last_name=surname)
        second = Guardian(school=school, title="Mr", first_name=rng.choice(ADULT_MEN), last_name=surname)
        for g in (first, second):
            g.email = f"{_ascii(g.first_name)}.{_ascii(surname)}{f + 1}@parents.{d}"
            g.phone = f"07700 9{f:02d}{len(guardians) % 1000:03d}"
        families_guardians.append([len(guardians), len(guardians) + 1])
        guardians += [first, second]
    for i in range(spec.pupils):
        f = i if i < spec.families else rng.randrange(spec.families)
        year = 1 + (i * 7) // spec.pupils
        # P1 pupils turn 5 between July of the year before and the next June (Northern Ireland's cut-off: 1 July).
        born = dt.date(september - 4 - year, 7, 2) + dt.timedelta(days=rng.randrange(365))
        girl = rng.random() < 0.5
        pupils.append(
            Pupil(
                school=school,
                reference=f"{spec.slug[0].upper()}{1000 + i}",
                first_name=rng.choice(FIRST_GIRLS if girl else FIRST_BOYS),
                last_name=guardians[families_guardians[f][0]].last_name,
                date_of_birth=born,
                school_class=classes[year - 1],
            )
        )
        family_of.append(f)
    Guardian.objects.bulk_create(guardians)
    Pupil.objects.bulk_create(pupils)
    guardians = list(Guardian.objects.filter(school=school).order_by("id"))
    pupils = list(Pupil.objects.filter(school=school).order_by("id"))
    links = []
    for pupil, f in zip(pupils, family_of, strict=True):
        for gi in families_guardians[f]:
            relationship = Relationship.MOTHER if guardians[gi].title == "Mrs" else Relationship.FATHER
            if relationship == Relationship.FATHER and f % 10 == 9:
                relationship = Relationship.GRANDPARENT
            links.append(GuardianLink(guardian=guardians[gi], pupil=pupil, relationship=relationship))
    GuardianLink.objects.bulk_create(links)

    if spec.slug == "glenmore":
        # The demo parent: a mother of two, one of them in the demo teacher's P4.
        parent = next(
            g for g in guardians if g.links.filter(pupil__school_class__year_group=4).exists() and g.links.count() >= 2
        )
        parent.user = _user(f"parent@{d}", f"{parent.first_name} {parent.last_name}")
        parent.email = f"parent@{d}"
        parent.save(update_fields=["user", "email"])
    return school


@transaction.atomic
def demo_create(*, password: str, app_key: str | None = None) -> list[DemoLogin]:
    """Create the demo authority and its two schools unless they exist, and give every demo sign-in the password.

    With `app_key` (40 hex characters), every demo account but the parent's has an authenticator app set up with that
    one key, so a single entry in an app (or `manage.py demo_code`) gives the second factor for all of them.
    """
    authority, _ = EducationAuthority.objects.get_or_create(
        slug="demo-ea", defaults={"name": "Education Authority (demo)"}
    )
    password_hash = make_password(password)
    for spec in (GLENMORE, RIVERSIDE):
        if not School.objects.filter(slug=spec.slug).exists():
            demo_school_create(spec=spec, authority=authority)
    officer = _user("officer@ea.example", "Gráinne Lynch")
    AuthorityOfficer.objects.get_or_create(
        authority=authority, user=officer, defaults={"job_title": "Online safety officer"}
    )
    User.objects.filter(email__in=DEMO_EMAILS).update(password=password_hash)
    if app_key:
        for user in User.objects.filter(email__in=DEMO_EMAILS).exclude(email__startswith="parent@"):
            TOTPDevice.objects.update_or_create(
                user=user, name="Authenticator app", defaults={"key": app_key, "confirmed": True}
            )
    return demo_logins()


DEMO_EMAILS = [
    "principal@glenmore.example",
    "vice.principal@glenmore.example",
    "designated@glenmore.example",
    "teacher@glenmore.example",
    "ict@glenmore.example",
    "office@glenmore.example",
    "chair@glenmore.example",
    "governor@glenmore.example",
    "parent@glenmore.example",
    "principal@riverside.example",
    "officer@ea.example",
]


def demo_logins() -> list[DemoLogin]:
    """The demo sign-ins as they are in the database now."""
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS)}
    out = []
    for email in DEMO_EMAILS:
        if email in users:
            u = users[email]
            out.append(DemoLogin(email, _describe(u), u.full_name))
    return out


def _describe(user) -> str:
    labels = [Role(r.role).label for r in MemberRole.objects.filter(member__user=user).order_by("id")]
    if Guardian.objects.filter(user=user).exists():
        labels.append(Role.PARENT.label)
    if AuthorityOfficer.objects.filter(user=user).exists():
        labels.append(Role.EA_OFFICER.label)
    schools = {m.school.name for m in Member.objects.filter(user=user).select_related("school")}
    schools |= {g.school.name for g in Guardian.objects.filter(user=user).select_related("school")}
    schools = sorted(schools)
    return ", ".join(labels) + (f" – {', '.join(schools)}" if schools else "")
