"""A small roster to check drafts against, and photos made in the test (Pillow), with or without EXIF."""

import datetime as dt
import io

import pytest
from django.utils.timezone import localtime, now
from PIL import Image

from socialsafe.registers.models import AccountStatus, TeachingAccount


@pytest.fixture
def roster(school, teacher):
    """A P5 pupil Seán Murphy, his mother Mrs Siobhán Murphy, and the class teacher (from the root conftest)."""
    from socialsafe.schools.models import SchoolClass
    from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory

    p5, _ = SchoolClass.objects.get_or_create(school=school, name="P5", defaults={"year_group": 5})
    pupil = PupilFactory(school=school, school_class=p5, first_name="Seán", last_name="Murphy")
    mother = GuardianFactory(school=school, title="Mrs", first_name="Siobhán", last_name="Murphy", children=[pupil])
    teacher.member.title, teacher.member.first_name, teacher.member.last_name = "Mrs", "Gráinne", "Quinn"
    teacher.member.save()
    return {"pupil": pupil, "parent": mother, "staff": teacher.member}


@pytest.fixture
def official_account(school, principal):
    return TeachingAccount.objects.create(
        school=school, official=True, service="Facebook", name="Glenmore PS", purpose="News for parents",
        audience="Parents", moderation="The office checks comments daily", requested_by=principal.member,
        status=AccountStatus.APPROVED, decided_by=principal.user, decided_at=now(),
    )  # fmt: skip


def last_school_day_at(hour: int) -> dt.datetime:
    """The most recent Monday-to-Friday before today, at `hour` o'clock (naive, as a camera writes it)."""
    day = localtime().date() - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, 15))


def make_photo(*, taken_at: dt.datetime | None = None, gps: bool = False, fmt: str = "JPEG", size=(320, 240)) -> bytes:
    image = Image.new("RGB", size, (90, 140, 200))
    exif = Image.Exif()
    if taken_at is not None:
        exif[0x0132] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        exif[0x8825] = {1: "N", 2: (54.0, 35.0, 30.0), 3: "W", 4: (5.0, 56.0, 15.0)}
    buf = io.BytesIO()
    image.save(buf, fmt, exif=exif)
    return buf.getvalue()
