from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.timezone import localdate

from socialsafe.schools.roles import MEMBER_ROLES, Role


class EducationAuthority(models.Model):
    """The body above the schools (in Northern Ireland, the Education Authority)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name_plural = "education authorities"

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """The tenant: every row that belongs to a school points here, and every query is scoped by it."""

    authority = models.ForeignKey(EducationAuthority, models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, help_text="Used in the school's public web addresses.")
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # Shown on the school's public pages. Only ever a PNG that Pillow wrote (see concerns.crest), never the upload.
    crest = models.FileField(upload_to="crests/", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    """A class such as P4: primary year groups P1 to P7."""

    school = models.ForeignKey(School, models.CASCADE, related_name="classes")
    name = models.CharField(max_length=40)
    year_group = models.PositiveSmallIntegerField(help_text="1 for P1 up to 7 for P7.")
    teacher = models.ForeignKey(
        "Member", models.SET_NULL, null=True, blank=True, related_name="classes_taught", verbose_name="class teacher"
    )

    class Meta:
        ordering = ["year_group", "name"]
        verbose_name = "class"
        verbose_name_plural = "classes"
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="class_name_unique_in_school"),
            models.CheckConstraint(condition=models.Q(year_group__gte=1, year_group__lte=7), name="class_year_p1_p7"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.teacher_id and self.teacher.school_id != self.school_id:
            raise ValidationError({"teacher": "The class teacher must work at this school."})


class PupilQuerySet(models.QuerySet):
    def current(self) -> "PupilQuerySet":
        return self.filter(left_on__isnull=True)


class Pupil(models.Model):
    """A child at the school. Pupils never sign in; staff act and report on their behalf."""

    school = models.ForeignKey(School, models.CASCADE, related_name="pupils")
    reference = models.CharField(
        max_length=40, help_text="The school's own pupil number, as in the school's records system."
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    school_class = models.ForeignKey(SchoolClass, models.PROTECT, related_name="pupils", verbose_name="class")
    left_on = models.DateField(null=True, blank=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "reference"], name="pupil_reference_unique")]
        # The EA view counts each school's current pupils: this index alone answers it, without reading 300,000 rows.
        indexes = [
            models.Index(fields=["school"], condition=models.Q(left_on__isnull=True), name="pupil_current_school")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int:
        today = localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def clean(self) -> None:
        if self.school_class_id and self.school_class.school_id != self.school_id:
            raise ValidationError({"school_class": "The class must belong to the pupil's school."})


class Member(models.Model):
    """A member of staff or a governor of one school, who signs in. One person may hold several roles."""

    school = models.ForeignKey(School, models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    # The last link sent to a new account to choose its first password; until then the account opens nothing.
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "user"], name="member_once_per_school")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    @property
    def role_list(self) -> list[str]:
        return sorted({grant.role for grant in self.roles.all()}, key=lambda r: list(Role.values).index(r))

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.role_list]


class MemberRole(models.Model):
    """One role a member holds, e.g. class teacher and ICT co-ordinator at once."""

    member = models.ForeignKey(Member, models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=[(r.value, r.label) for r in Role if r in MEMBER_ROLES])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "role"], name="member_role_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=sorted(r.value for r in MEMBER_ROLES)), name="member_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return Role(self.role).label


class Guardian(models.Model):
    """A parent or carer linked to one or more pupils; signs in when they have an account."""

    school = models.ForeignKey(School, models.CASCADE, related_name="guardians")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="guardianships"
    )
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    pupils = models.ManyToManyField(Pupil, through="GuardianLink", related_name="guardians")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "parent or carer"
        verbose_name_plural = "parents and carers"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "school", condition=~models.Q(email=""), name="guardian_email_unique_in_school"
            ),
            models.UniqueConstraint(
                fields=["school", "user"], condition=models.Q(user__isnull=False), name="guardian_user_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    @property
    def label_with_children(self) -> str:
        """ "Robinson, Laura (Mrs) – mother of Mia Robinson, P4": tells two parents of the same name apart.

        Prefetch links__pupil__school_class when listing many.
        """
        name = f"{self.last_name}, {self.first_name}" + (f" ({self.title})" if self.title else "")
        children = [
            f"{link.get_relationship_display().lower()} of {link.pupil.full_name}, {link.pupil.school_class.name}"
            for link in self.links.all()
        ]
        return f"{name} – {'; '.join(children)}" if children else name


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    CARER = "carer", "Carer"
    OTHER = "other", "Other relative"


class GuardianLink(models.Model):
    """How a parent or carer is related to a pupil."""

    guardian = models.ForeignKey(Guardian, models.CASCADE, related_name="links")
    pupil = models.ForeignKey(Pupil, models.CASCADE, related_name="guardian_links")
    relationship = models.CharField(max_length=20, choices=Relationship)
    parental_responsibility = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guardian", "pupil"], name="guardian_pupil_once")]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relationship_display()} of {self.pupil})"


class AuthorityOfficer(models.Model):
    """Education Authority staff: they see the list of the authority's schools, never a school's cases."""

    authority = models.ForeignKey(EducationAuthority, models.CASCADE, related_name="officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="authority_posts")
    job_title = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "user"], name="officer_once_per_authority")]

    def __str__(self) -> str:
        return f"{self.user} ({self.authority})"
