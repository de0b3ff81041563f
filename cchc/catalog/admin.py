"""The report form in the admin. The form itself is data loaded from cchc/catalog/data/form-YYYY.json
(`cchc catalog`); editing here is for a wording fix or a rule's threshold between loads."""
from django.contrib import admin

from cchc.audit.admin import AuditedAdmin

from .models import Indicator, ReportForm, ValidationRule


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("position", "code", "stt", "name", "measure", "kind", "responsible", "stock")
    readonly_fields = ("code",)
    extra = 0
    show_change_link = True
    ordering = ("position",)


@admin.register(ReportForm)
class ReportFormAdmin(AuditedAdmin):
    list_display = ("year", "title", "source", "version", "loaded_at")
    readonly_fields = ("version", "loaded_at")


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "name", "display_measure", "kind", "responsible", "stock", "form")
    list_filter = ("form", "section", "kind", "stock", "responsible")
    search_fields = ("code", "name")
    list_select_related = ("form", "responsible")
    ordering = ("form", "position")
    list_per_page = 150


@admin.register(ValidationRule)
class ValidationRuleAdmin(AuditedAdmin):
    list_display = ("code", "kind", "left", "op", "right", "constant", "severity", "form")
    list_filter = ("form", "severity", "kind")
    search_fields = ("code", "message")
