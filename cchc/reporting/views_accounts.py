"""Log in, log out, change password."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from cchc.audit.log import record

from .forms import ThrottledLoginForm

# --- Accounts ---------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        record("password.change", user=self.request.user, obj=self.request.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    pass
