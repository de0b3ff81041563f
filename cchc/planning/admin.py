"""The plan in the admin, to look at only: tasks are entered, edited and reported on through the plan's
pages, where deadlines are read, units checked and every change audited."""
from django.contrib import admin

from .models import PlanTask


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    show_facets = admin.ShowFacets.NEVER  # see AuditedAdmin
    list_display = ("plan", "area", "stt", "title", "lead", "deadline_text", "deadline", "status", "done_on")
    list_filter = ("plan", "area", "status", "lead")
    search_fields = ("title", "lead__name", "lead__code")
    list_select_related = ("plan", "lead")
    readonly_fields = [f.name for f in PlanTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
