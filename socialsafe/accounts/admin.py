from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from socialsafe.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    list_filter = ["is_active", "is_staff"]
    filter_horizontal: list[str] = []

    def has_module_permission(self, request):
        # Accounts span schools: only a superuser manages them here.
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


# The back office signs in through SocialSafe's own sign-in, with its limits and second factor, and opens only to a
# session that has passed the second factor.
_admin_has_permission = admin.site.has_permission


def _admin_needs_second_factor(request):
    return _admin_has_permission(request) and request.user.is_verified()


def _admin_sign_in(request, extra_context=None):
    from urllib.parse import urlencode

    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect, resolve_url

    if request.user.is_authenticated and request.user.is_verified():
        raise PermissionDenied("The back office is only for SocialSafe's administrators.")
    return redirect(f"{resolve_url('accounts:login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}")


admin.site.has_permission = _admin_needs_second_factor
admin.site.login = _admin_sign_in
