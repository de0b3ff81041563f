"""The plan in the admin, to look at only: tasks are entered, edited and reported on through the plan's
pages, where deadlines are read, units checked and every change audited."""

from django.contrib import admin

from cchc.audit.admin import ReadOnlyAdmin

from .models import AssignedTask, PlanTask


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    list_display = ("plan", "area", "stt", "title", "lead", "deadline_text", "deadline", "status", "done_on")
    # Only the units leading some task, not every unit of a province (bench/pages.py: 863 KiB before).
    list_filter = ("plan", "area", "status", ("lead", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "lead__name", "lead__code")
    list_select_related = ("plan", "lead")
    readonly_fields = [f.name for f in PlanTask._meta.fields]


@admin.register(AssignedTask)
class AssignedTaskAdmin(ReadOnlyAdmin):
    list_display = ("year", "stt", "title", "document", "advisor", "deadline", "done_on")
    list_filter = ("year", ("advisor", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "document", "advisor__name", "advisor__code")
    list_select_related = ("advisor",)
    readonly_fields = [f.name for f in AssignedTask._meta.fields]
