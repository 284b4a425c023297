from django.contrib import admin

from socialsafe.audit.models import AuditEvent
from socialsafe.schools.admin import admin_school_ids


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "target_repr", "school"]
    list_filter = ["verb"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("actor", "school")
        return qs if request.user.is_superuser else qs.filter(school__in=admin_school_ids(request.user))

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(admin_school_ids(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
