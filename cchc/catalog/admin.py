"""The report form in the admin, to look at. Forms are changed on the coordinator's pages (/bieu-mau/)
or with `cchc form import|copy`, which check every change and refuse what would break stored figures."""

from django.contrib import admin

from cchc.audit.admin import AuditedAdmin
from cchc.office.search import fold

from .models import Indicator, ReportForm, ValidationRule


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("position", "code", "stt", "name", "measure", "kind", "responsible", "stock", "previous_code")
    readonly_fields = ("code",)
    extra = 0
    show_change_link = True
    ordering = ("position",)


@admin.register(ReportForm)
class ReportFormAdmin(AuditedAdmin):
    list_display = ("year", "title", "source", "published", "version", "loaded_at")
    readonly_fields = ("version", "loaded_at")


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "name", "display_measure", "kind", "responsible", "stock", "form")
    # Only the units that are responsible for some indicator: a filter listing every unit would put
    # a province's or a nation's thousands of links on the page (1 MiB at 10,000 units).
    list_filter = ("form", "section", "kind", "stock", ("responsible", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name")
    list_select_related = ("form", "responsible")
    # The responsible unit is searched, not picked from a list of every unit (640 KiB at 10,000 units).
    autocomplete_fields = ("responsible",)

    def get_search_results(self, request, queryset, search_term):
        """Code or wording, case and diacritics ignored ("thu tuc" finds "thủ tục"): a form's few
        hundred rows are folded here rather than kept folded in the table."""
        if not search_term.strip():
            return queryset, False
        words = fold(search_term).split()
        found = [
            pk
            for pk, code, name in queryset.values_list("pk", "code", "name")
            if all(w in fold(f"{code} {name}") for w in words)
        ]
        return queryset.filter(pk__in=found), False

    ordering = ("form", "position")
    list_per_page = 100


@admin.register(ValidationRule)
class ValidationRuleAdmin(AuditedAdmin):
    list_display = ("code", "kind", "left", "op", "right", "constant", "severity", "form")
    list_filter = ("form", "severity", "kind")
    search_fields = ("code", "message")
