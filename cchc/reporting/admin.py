"""Periods in the admin (the office may move a window or a deadline); reports are only looked at
here — every change of a report goes through the report page, so it is validated and versioned."""

from django.contrib import admin

from cchc.audit.admin import AuditedAdmin, ReadOnlyAdmin
from cchc.office.search import fold

from .models import Period, Report


@admin.register(Period)
class PeriodAdmin(AuditedAdmin):
    list_display = ("code", "kind", "year_shown", "data_from", "data_to", "deadline_shown")
    list_filter = ("year", "kind")
    search_fields = ("code",)

    @admin.display(description="năm", ordering="year")
    def year_shown(self, obj):
        # A year is not a quantity: no thousands separator ("2021", not "2.021").
        return str(obj.year)

    @admin.display(description="hạn gửi", ordering="deadline")
    def deadline_shown(self, obj):
        # "Hạn gửi" as on every page (the model's field still says "hạn nộp").
        return obj.deadline.strftime("%d/%m/%Y")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("unit", "period", "status", "first_submitted_at", "submitted_at", "signed_by_name", "revision")
    list_filter = ("period", "status", "unit__kind")
    search_fields = ("unit__search",)  # the unit's folded code and name: case and diacritics ignored
    list_select_related = ("unit", "period")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    readonly_fields = [f.name for f in Report._meta.fields]
