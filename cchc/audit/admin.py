"""The audit log in the admin: read only, for everyone (the log is append-only)."""
from django.contrib import admin

from .log import record
from .models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete leaves a row in the audit log, like every
    other write of the system."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("admin.change" if change else "admin.add", user=request.user, obj=obj,
               model=obj._meta.label, object=str(obj)[:200], fields=sorted(form.changed_data) if form else [])

    def delete_model(self, request, obj):
        label, text, pk = obj._meta.label, str(obj)[:200], obj.pk
        super().delete_model(request, obj)
        record("admin.delete", user=request.user, model=label, object=text, object_pk=str(pk))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "unit", "period", "object_type", "object_id")
    list_filter = ("action", "period")
    search_fields = ("username", "unit", "action", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
