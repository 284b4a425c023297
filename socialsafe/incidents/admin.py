from django.contrib import admin

from socialsafe.incidents.models import Action, Incident, TimelineEntry


class ReadOnlyCaseAdmin(admin.ModelAdmin):
    """Cases are worked in the product, where need-to-know applies; the back office only reads them, and only
    a superuser sees them at all (a case's exclusions cannot be enforced here)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyCaseAdmin):
    list_display = ["reference", "school", "kind", "status", "reported_at"]
    list_filter = ["school", "status", "kind"]


@admin.register(Action)
class ActionAdmin(ReadOnlyCaseAdmin):
    list_display = ["title", "incident", "owner", "due_on", "status"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyCaseAdmin):
    list_display = ["at", "incident", "kind", "actor"]
