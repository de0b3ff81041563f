from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


class LoginView(auth_views.LoginView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    pass


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    pass


def _todo(request, *args, **kwargs):
    return HttpResponse("cchc")


home = login_required(_todo)
unit_reports = report_page = report_submit = report_accept = report_return = report_receive = report_history = home
board_current = board = home
