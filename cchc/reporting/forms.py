"""Forms of the web pages. They check only the shape of what was typed; the rules live in
cchc.reporting.actions and cchc.catalog.validation."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from cchc.orgunits.throttle import ThrottledLogin

from .received import ReceivedAtError, now_typed, parse_received_at


class ThrottledLoginForm(ThrottledLogin, AuthenticationForm):
    """Django's login form, in Vietnamese, saying so when too many failures locked the login."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    """The admin's login (/quan-tri/login/), throttled like the others and saying so."""


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Phải ghi lý do trả lại báo cáo."},
    )


class ReceiveForm(forms.Form):
    """A report that reached Phòng Nội vụ through the document system: when it was received
    (that is its submission time for lateness, in Vietnam time) and who signed it."""

    received_at = forms.CharField(
        label="Thời điểm nhận văn bản",
        max_length=40,
        error_messages={"required": "Phải ghi thời điểm nhận văn bản (dd/mm/yyyy HH:MM)."},
    )
    signed_by_name = forms.CharField(label="Người ký", max_length=255, required=False)

    @staticmethod
    def initial_now():
        return now_typed()

    def clean_received_at(self):
        # Its shape only; how far ahead of now it may be is actions.receive_report's rule.
        try:
            return parse_received_at(self.cleaned_data["received_at"])
        except ReceivedAtError as exc:
            raise forms.ValidationError(exc.message) from None
