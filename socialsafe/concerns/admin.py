from django.contrib import admin

from socialsafe.concerns.models import ConcernSettings, ReplyTemplate


@admin.register(ConcernSettings)
class ConcernSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "response_days"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "school"]
    list_filter = ["school"]
