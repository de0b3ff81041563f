"""The audit log in the admin: read only, for everyone (the log is append-only)."""

from django.contrib import admin
from django.utils import timezone

from cchc.office.names import person_name

from .labels import action_label, object_label
from .log import record
from .models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete leaves a row in the audit log, like every
    other write of the system."""

    # Filter counts cost a query per filter choice on lists of thousands of units, and Django's
    # Vietnamese translation lacks their "Show counts" link.
    show_facets = admin.ShowFacets.NEVER

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(
            "admin.change" if change else "admin.add",
            user=request.user,
            obj=obj,
            model=obj._meta.label,
            object=str(obj)[:200],
            fields=sorted(form.changed_data) if form else [],
        )

    def delete_model(self, request, obj):
        label, text, pk = obj._meta.label, str(obj)[:200], obj.pk
        super().delete_model(request, obj)
        record("admin.delete", user=request.user, model=label, object=text, object_pk=str(pk))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(AuditedAdmin):
    """Looked at in the admin, never added or edited there: such records are written by the
    system's own actions (validated, versioned, audited). With `deletable`, Phòng Nội vụ may delete
    a row (revoke a token, unlock an account), and the deletion is audited."""

    deletable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, listed by their Vietnamese names (the stored codes mean little to the office)."""

    title = "thao tác"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        used = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((a, action_label(a)) for a in used), key=lambda kv: kv[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("when", "who", "what", "unit_code", "period_code", "about")
    list_filter = (ActionFilter, "period")
    list_select_related = ("user",)
    search_fields = ("username", "unit", "action", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_per_page = 100

    @admin.display(description="Thời điểm", ordering="at")
    def when(self, obj):
        return timezone.localtime(obj.at).strftime("%d/%m/%Y %H:%M:%S")

    @admin.display(description="Người thực hiện", ordering="username")
    def who(self, obj):
        if obj.user is None:
            return obj.username or "(hệ thống)"
        name = person_name(obj.user)
        return f"{name} ({obj.username})" if name != obj.username else obj.username

    @admin.display(description="Thao tác", ordering="action")
    def what(self, obj):
        return action_label(obj.action)

    @admin.display(description="Đơn vị", ordering="unit")
    def unit_code(self, obj):
        return obj.unit or "—"

    @admin.display(description="Kỳ báo cáo", ordering="period")
    def period_code(self, obj):
        return obj.period or "—"

    @admin.display(description="Đối tượng")
    def about(self, obj):
        if not obj.object_type:
            return "—"
        return f"{object_label(obj.object_type)} #{obj.object_id}" if obj.object_id else object_label(obj.object_type)
