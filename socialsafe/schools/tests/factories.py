import factory
from django.utils.timezone import localdate

from socialsafe.accounts.models import User
from socialsafe.lib.dates import add_months
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationAuthority

    name = factory.Sequence(lambda n: f"Authority {n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"School {n} Primary")
    slug = factory.Sequence(lambda n: f"school-{n}")


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    year_group = 4
    name = factory.LazyAttribute(lambda o: f"P{o.year_group}")


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    school_class = factory.LazyAttribute(
        lambda o: SchoolClass.objects.get_or_create(school=o.school, name="P4", defaults={"year_group": 4})[0]
    )
    reference = factory.Sequence(lambda n: f"R{n:05d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: add_months(localdate(), -(12 * 8 + 9)))  # a P4 pupil, 8 years old


class MemberFactory(factory.django.DjangoModelFactory):
    """A member of staff or governor; pass roles=[Role.X, ...]."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or []:
            MemberRole.objects.create(member=obj, role=role)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"parent{n}@example.com")

    @factory.post_generation
    def children(obj, create, extracted, **kwargs):
        for pupil in extracted or []:
            GuardianLink.objects.create(guardian=obj, pupil=pupil, relationship=Relationship.MOTHER)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorityOfficer

    authority = factory.SubFactory(AuthorityFactory)
    user = factory.SubFactory(UserFactory)
