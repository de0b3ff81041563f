"""Reminders sent and the consolidated narratives, read only: both are written by their own
verbs (`cchc remind`, the consolidation page), each with its audit row."""

from django.contrib import admin

from cchc.audit.admin import ReadOnlyAdmin

from .models import ConsolidatedReport, ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "unit", "period", "kind", "delivered", "error")
    list_filter = ("period", "kind")
    search_fields = ("unit__code", "unit__name", "subject")
    list_select_related = ("unit", "period")
    date_hierarchy = "sent_at"

    @admin.display(boolean=True, description="đã gửi")
    def delivered(self, obj):
        return obj.delivered


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(ReadOnlyAdmin):
    list_display = ("period", "updated_by", "updated_at")
    list_select_related = ("period", "updated_by")
