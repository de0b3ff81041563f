"""Units, accounts and their places (Phòng Nội vụ's rarer tasks), in the admin."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from cchc.audit.admin import AuditedAdmin
from cchc.audit.log import record

from .models import Membership, OrgUnit
from .throttle import LoginFailure

User = get_user_model()


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "parent", "reports", "active", "position")
    list_filter = ("kind", "reports", "active")
    search_fields = ("code", "name")
    list_editable = ("position",)
    autocomplete_fields = ("parent",)
    list_per_page = 100


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "user__last_name", "user__first_name", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ("unit",)
    verbose_name = "đơn vị và vai trò"
    verbose_name_plural = "đơn vị và vai trò"


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "email", "is_active", "membership_unit", "membership_role")
    list_select_related = ("membership__unit",)
    list_filter = ("is_active", "membership__role")

    @admin.display(description="đơn vị")
    def membership_unit(self, obj):
        m = getattr(obj, "membership", None)
        return m.unit.code if m else "—"

    @admin.display(description="vai trò")
    def membership_role(self, obj):
        m = getattr(obj, "membership", None)
        return m.get_role_display() if m else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.has_changed():
                record("admin.membership", user=request.user, obj=form.instance, username=form.instance.username)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Who failed to log in, from where: read only; deleting rows unlocks an account at once."""

    list_display = ("at", "username", "ip")
    search_fields = ("username", "ip")
    readonly_fields = ("at", "username", "ip")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
