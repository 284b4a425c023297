"""Personas shared by every app's tests: one school with a person in each role, and an outsider at another school."""

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

# Lets Django's test flush empty an in-memory SQLite database past the append-only triggers (see the module).
pytest_plugins = ["socialsafe.audit.testing"]

# pytest-playwright runs an event loop in the main thread; the ORM refuses to run there unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _same_names_every_run(request):
    """Seed factory_boy and Faker from the test's own id, so a test gets the same made-up names on every run.

    A test that passed once passes again: two random surnames that happen to clash (Kelly and Thompson-Kelly)
    cannot make it fail one run in a hundred. Tests that assert a name is absent still name that person themselves.
    """
    import zlib

    import factory.random

    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_sign_in(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: the password and the second factor.

    It skips the password already; here it also marks the session as having passed a second factor (a recovery-code
    device made for the test), as signing in does. The sign-in steps themselves are tested through the real pages
    in socialsafe/accounts/tests, and the browser tests sign in with the password and an app code.
    """
    from django.test.client import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        original(self, user, backend)
        device, _ = StaticDevice.objects.get_or_create(user=user, name="Signed in by the test")
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # MD5 makes creating users quick; plain static storage needs no collectstatic; media goes to a temp folder.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": str(tmp_path / "evidence")}},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


# The morning a few tests are set in, whatever the real date: their dates are calendar facts (four months from
# 23 Nov 2026 is 23 Mar 2027), not "recently" or "soon". Aware, in the school's zone: time-machine would read a naive
# datetime as UTC.
FIXED_MORNING = dt.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def fixed_clock(time_machine):
    """Stand the clock at FIXED_MORNING (it ticks on from there). Ask for it before the fixtures that make rows."""
    time_machine.move_to(FIXED_MORNING)
    return FIXED_MORNING


@dataclass
class Persona:
    user: object
    school: object
    member: object = None
    guardian: object = None


@pytest.fixture
def school(db):
    from socialsafe.schools.tests.factories import SchoolFactory

    return SchoolFactory(name="Glenmore Primary School", slug="glenmore")


@pytest.fixture
def other_school(db):
    from socialsafe.schools.tests.factories import SchoolFactory

    return SchoolFactory(name="Riverside Primary School", slug="riverside")


def _member(school, *roles, email):
    from socialsafe.schools.tests.factories import MemberFactory, UserFactory

    member = MemberFactory(school=school, user=UserFactory(email=email), roles=list(roles))
    return Persona(user=member.user, school=school, member=member)


@pytest.fixture
def principal(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.PRINCIPAL, email="principal@example.com")


@pytest.fixture
def vice_principal(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.VICE_PRINCIPAL, email="vp@example.com")


@pytest.fixture
def designated_teacher(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.DESIGNATED_TEACHER, email="designated@example.com")


@pytest.fixture
def teacher(school):
    """A class teacher with a P4 class of their own."""
    from socialsafe.schools.models import SchoolClass
    from socialsafe.schools.roles import Role

    persona = _member(school, Role.CLASS_TEACHER, email="teacher@example.com")
    SchoolClass.objects.update_or_create(
        school=school, name="P4", defaults={"year_group": 4, "teacher": persona.member}
    )
    return persona


@pytest.fixture
def office(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.OFFICE, email="office@example.com")


@pytest.fixture
def staff(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.STAFF, email="staff@example.com")


@pytest.fixture
def chair(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.CHAIR_OF_GOVERNORS, email="chair@example.com")


@pytest.fixture
def governor(school):
    from socialsafe.schools.roles import Role

    return _member(school, Role.GOVERNOR, email="governor@example.com")


@pytest.fixture
def parent(school):
    """A parent with a sign-in and one child in P2."""
    from socialsafe.schools.models import SchoolClass
    from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory, UserFactory

    p2, _ = SchoolClass.objects.get_or_create(school=school, name="P2", defaults={"year_group": 2})
    child = PupilFactory(school=school, school_class=p2, first_name="Aoife", last_name="Kelly")
    guardian = GuardianFactory(school=school, user=UserFactory(email="parent@example.com"), children=[child])
    return Persona(user=guardian.user, school=school, guardian=guardian)


@pytest.fixture
def officer(school):
    """An Education Authority officer of the school's authority."""
    from socialsafe.schools.tests.factories import OfficerFactory, UserFactory

    post = OfficerFactory(authority=school.authority, user=UserFactory(email="officer@example.com"))
    return Persona(user=post.user, school=None)


@pytest.fixture
def outsider(other_school):
    """The Principal of another school: must never see this school's rows."""
    from socialsafe.schools.roles import Role

    return _member(other_school, Role.PRINCIPAL, email="outsider@example.com")


@pytest.fixture
def abusive_parent(school):
    from socialsafe.schools.tests.factories import GuardianFactory

    return GuardianFactory(school=school, first_name="Dana", last_name="Poster")


@pytest.fixture
def case(school, teacher, principal, abusive_parent):
    """The issue's example: a parent's abusive comments about a colleague, reported by the Principal."""
    from socialsafe.incidents.models import ResponsibleKind, TargetKind
    from socialsafe.incidents.services import incident_report
    from socialsafe.incidents.tests.factories import report_fields

    fields = report_fields(
        target_kind=TargetKind.STAFF,
        target_member=teacher.member,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=abusive_parent,
    )
    return incident_report(school=school, by=principal.user, fields=fields)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright cannot download its own browser here.
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo schools, as `make run` loads them, with a known password."""
    from socialsafe.schools.demo import demo_create

    settings.VAR_DIR = tmp_path
    password = "browser-test-pass-1"
    logins = demo_create(password=password, app_key="3132333435363738393031323334353637383930")
    return {login.email: login for login in logins}, password


# The second CI run, on PostgreSQL, is there for the database: a test that opens no database connection passes or
# fails the same on either, so with SOCIALSAFE_DATABASE_TESTS_ONLY=1 (set by .ci/run for that run) it is left out.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SOCIALSAFE_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or DATABASE_FIXTURES & set(item.fixturenames)
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
