"""Reminders sent and the consolidated narratives, read only: both are written by their own
verbs (`cchc remind`, the consolidation page), each with its audit row."""
from django.contrib import admin

from .models import ConsolidatedReport, ReminderLog


class ReadOnly(admin.ModelAdmin):
    show_facets = admin.ShowFacets.NEVER  # see AuditedAdmin
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnly):
    list_display = ("sent_at", "unit", "period", "kind", "delivered", "error")
    list_filter = ("period", "kind")
    search_fields = ("unit__code", "unit__name", "subject")
    list_select_related = ("unit", "period")
    date_hierarchy = "sent_at"

    @admin.display(boolean=True, description="đã gửi")
    def delivered(self, obj):
        return obj.delivered


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(ReadOnly):
    list_display = ("period", "updated_by", "updated_at")
    list_select_related = ("period", "updated_by")
