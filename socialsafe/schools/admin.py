"""The back office, scoped like the rest: a school's back-office user sees only their schools' rows."""

from django.contrib import admin

from socialsafe.schools.models import (
    AuthorityOfficer,
    EducationAuthority,
    Guardian,
    GuardianLink,
    Member,
    MemberRole,
    Pupil,
    School,
    SchoolClass,
)
from socialsafe.schools.roles import PRIVILEGED_ROLES, SENIOR, Role


def admin_school_ids(user) -> set[int]:
    """Schools whose rows a back-office user may manage: where they are Principal, Vice-Principal or office."""
    if not user.is_authenticated:  # the admin's own sign-in page asks this of an anonymous visitor
        return set()
    return set(
        MemberRole.objects.filter(
            member__user=user, member__is_active=True, role__in=SENIOR | {Role.OFFICE}
        ).values_list("member__school_id", flat=True)
    )


class SchoolScopedAdmin(admin.ModelAdmin):
    school_path = "school"  # how to reach the school from this model, in ORM lookup form

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.school_path}__in": admin_school_ids(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if request.user.is_superuser:
            return field
        ids = admin_school_ids(request.user)
        model = db_field.related_model
        if model is School:
            field.queryset = field.queryset.filter(pk__in=ids)
        elif any(f.name == "school" for f in model._meta.fields):
            field.queryset = field.queryset.filter(school__in=ids)
        return field

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(admin_school_ids(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_change_permission = has_add_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(EducationAuthority)
class EducationAuthorityAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


@admin.register(School)
class SchoolAdmin(SchoolScopedAdmin):
    school_path = "pk"
    list_display = ["name", "authority", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if request.user.is_superuser else qs.filter(pk__in=admin_school_ids(request.user))

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(SchoolClass)
class SchoolClassAdmin(SchoolScopedAdmin):
    list_display = ["name", "school", "year_group", "teacher"]
    list_filter = ["school"]


class GuardianLinkInline(admin.TabularInline):
    model = GuardianLink
    extra = 0
    autocomplete_fields = ["guardian"]


@admin.register(Pupil)
class PupilAdmin(SchoolScopedAdmin):
    list_display = ["last_name", "first_name", "reference", "school_class", "school"]
    list_filter = ["school", "school_class__year_group"]
    search_fields = ["first_name", "last_name", "reference"]
    inlines = [GuardianLinkInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # families (issue 18): a pupil added by hand, or given a new parent, brings the family's invitation.
        added = not change or any(getattr(formset, "new_objects", None) for formset in formsets)
        pupil = form.instance
        if added and pupil.left_on is None:
            from django.db import transaction

            from socialsafe.schools.services import pupils_added

            transaction.on_commit(lambda: pupils_added(school=pupil.school, pupil_ids=[pupil.pk], by=request.user))


class MemberRoleInline(admin.TabularInline):
    """Shown, never changed here: roles are changed on the school's Roles page (audited, never one's own)."""

    model = MemberRole
    extra = 0
    can_delete = False
    readonly_fields = ["role"]

    def has_view_permission(self, request, obj=None):
        return True  # whoever may open the member (MemberAdmin decides) sees their roles

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(SchoolScopedAdmin):
    list_display = ["last_name", "first_name", "job_title", "school"]
    list_filter = ["school"]
    search_fields = ["first_name", "last_name", "user__email"]
    inlines = [MemberRoleInline]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Pointing a member at another sign-in would hand that sign-in the member's roles; switching a member
        # with a role that opens case records back on would give those records back: both are the Principal's.
        fields = ["user"]
        privileged = obj.roles.filter(role__in=PRIVILEGED_ROLES).exists()
        if privileged and not request.user.is_superuser:
            fields.append("is_active")
        return fields


@admin.register(Guardian)
class GuardianAdmin(SchoolScopedAdmin):
    list_display = ["last_name", "first_name", "email", "school"]
    list_filter = ["school"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user"]


@admin.register(AuthorityOfficer)
class AuthorityOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "job_title"]
    raw_id_fields = ["user"]
