"""Units, accounts and their places (Phòng Nội vụ's rarer tasks), in the admin."""

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, ReadOnlyPasswordHashWidget, UserChangeForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from cchc.audit.admin import AuditedAdmin, ReadOnlyAdmin
from cchc.audit.log import record
from cchc.office.search import fold

from .models import Membership, OrgUnit
from .users import sync_role

User = get_user_model()


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    # The editable order box right after the name, where a 1366 px screen (with the admin's side
    # panels) still shows it.
    list_display = ("code", "name", "position", "kind", "parent", "reports", "active")
    list_filter = ("kind", "reports", "active")
    # The folded code and name: "ngo may" finds Ngô Mây here too (and in every autocomplete of units).
    search_fields = ("search",)
    list_editable = ("position",)
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    list_per_page = 100

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "user__last_name", "user__first_name", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_role(obj.user)

    def delete_model(self, request, obj):
        # An account without a unit has no role: no admin either (delete_queryset comes here too).
        user = obj.user
        super().delete_model(request, obj)
        sync_role(user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.exclude(user__is_superuser=True)


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ("unit",)
    verbose_name = "đơn vị và vai trò"
    verbose_name_plural = "đơn vị và vai trò"


# Django's Vietnamese translation lacks a few of the account form's newer texts; they are given here.
USABLE_PASSWORD = {
    "label": "Đăng nhập bằng mật khẩu",
    "choices": {"true": "Cho phép", "false": "Không cho phép"},
    "help_text": "Tài khoản có được đăng nhập bằng mật khẩu hay không. Hệ thống chỉ có cách đăng nhập "
    "này: chọn «Không cho phép» thì tài khoản không vào được.",
}


class UserCreationForm(AdminUserCreationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("usable_password")
        if field is not None:
            field.label, field.choices, field.help_text = (
                USABLE_PASSWORD["label"],
                USABLE_PASSWORD["choices"],
                USABLE_PASSWORD["help_text"],
            )


class PasswordSummary(ReadOnlyPasswordHashWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["button_label"] = (
            "Đặt lại mật khẩu" if value and not value.startswith(UNUSABLE_PASSWORD_PREFIX) else "Đặt mật khẩu"
        )
        return context


class UserEditForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.widget = PasswordSummary()
            password.help_text = (
                "Mật khẩu không được lưu ở dạng đọc được, nên không ai xem được mật khẩu của "
                "tài khoản; có thể đặt mật khẩu mới bằng nút bên dưới."
            )


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
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

    # Phòng Nội vụ manages accounts but must not hand out more power than the roles give: the
    # superuser flag, groups and raw permissions stay with the superuser, and superusers' accounts
    # are out of its reach (changing their password would be the same as becoming one).
    PROTECTED = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in self.PROTECTED]})
            for name, opts in fieldsets
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.has_changed():
                record("admin.membership", user=request.user, obj=form.instance, username=form.instance.username)
        sync_role(form.instance)


@admin.register(AccessAttempt)
class LoginFailureAdmin(ReadOnlyAdmin):
    """Who failed to log in, from where (django-axes' counts): read only; deleting a row unlocks that
    account and address at once, and the deletion is audited."""

    deletable = True

    list_display = ("attempt_time", "username", "ip_address", "failures_since_start")
    search_fields = ("username", "ip_address")
    readonly_fields = ("attempt_time", "username", "ip_address", "user_agent", "path_info", "failures_since_start")
    exclude = ("get_data", "post_data", "http_accept")
