"""Forms of the web pages. They check only the shape of what was typed; the rules live in
cchc.reporting.actions and cchc.catalog.validation."""
import datetime as dt

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from cchc.orgunits.throttle import ThrottledLogin

from .models import VN


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
    reason = forms.CharField(label="Lý do trả lại", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Phải ghi lý do trả lại báo cáo."})


# Typed as everywhere else in the app (dd/mm/yyyy, 24-hour clock), never the browser's date picker,
# whose format follows the browser's language. ISO stays accepted for scripts posting the form.
RECEIVED_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
RECEIVED_INPUT_FORMAT = "%d/%m/%Y %H:%M"


class ReceiveForm(forms.Form):
    """A report that reached Phòng Nội vụ through the document system: when it was received
    (that is its submission time for lateness, in Vietnam time) and who signed it."""

    received_at = forms.CharField(label="Thời điểm nhận văn bản", max_length=40,
                                  error_messages={"required": "Phải ghi thời điểm nhận văn bản (dd/mm/yyyy HH:MM)."})
    signed_by_name = forms.CharField(label="Người ký", max_length=255, required=False)

    @staticmethod
    def initial_now():
        return timezone.localtime().strftime(RECEIVED_INPUT_FORMAT)

    def clean_received_at(self):
        raw = " ".join(self.cleaned_data["received_at"].split())
        for fmt in RECEIVED_FORMATS:
            try:
                at = dt.datetime.strptime(raw, fmt).replace(tzinfo=VN)
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                f"Thời điểm nhận văn bản «{raw}» không hợp lệ; hãy ghi theo dạng ngày/tháng/năm giờ:phút, "
                "ví dụ 05/03/2021 16:45.")
        if at > timezone.now():
            raise forms.ValidationError(
                f"Thời điểm nhận văn bản {at:%d/%m/%Y %H:%M} còn ở tương lai; hãy ghi đúng lúc đã nhận văn bản.")
        return at
