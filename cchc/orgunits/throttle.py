"""Failed logins throttled by django-axes, on every path that calls authenticate(): the login page,
the admin's login (/quan-tri/login/) and the API's token. Axes hooks authenticate() itself (its
backend refuses a locked account or address before the password is checked, its signal handler
counts each failure), so no login path can be left out by forgetting to call a throttle.

The rule (README): five wrong passwords for one account, or twenty from one address, lock that
account (or address) for 15 minutes. Axes counts failures that follow one another less than 15
minutes apart and locks until 15 minutes after the last one; the counts live in the database, so
every worker process of `cchc serve` sees them. This module is the project's side of it: the
limits, the Vietnamese message, who the client is, and the answer to a locked-out request.
"""

import datetime as dt

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.http import HttpResponse

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
LOCK = dt.timedelta(minutes=15)
MESSAGE = (
    "Đăng nhập sai quá nhiều lần. Tài khoản hoặc máy này tạm bị khóa đăng nhập "
    f"{int(LOCK.total_seconds() // 60)} phút; vui lòng thử lại sau."
)
# Axes compares one count with one limit (AXES_FAILURE_LIMIT); counting each wrong password for an
# account as ADDRESS_LIMIT / ACCOUNT_LIMIT puts both limits on that one scale.
ACCOUNT_WEIGHT = ADDRESS_LIMIT // ACCOUNT_LIMIT
assert ACCOUNT_WEIGHT * ACCOUNT_LIMIT == ADDRESS_LIMIT


def client_ip(request):
    """The peer's address. X-Forwarded-For is not trusted: anyone can write it, and trusting it
    would let a guesser pick a fresh address for every try."""
    return request.META.get("REMOTE_ADDR") or None


def username(request, credentials):
    """The account a login is for, matched case-insensitively so "NoiVu" and "noivu" share one count."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None and request.method == "POST":
        raw = request.POST.get("username")
    return str(raw or "").strip().lower()[:150]


class Throttle(AxesDatabaseHandler):
    """Axes' database handler with a limit per kind of count (AXES_LOCKOUT_PARAMETERS is
    ["username", "ip_address"], in that order)."""

    def get_failures(self, request, credentials=None):
        by_account, by_address = (
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(by_account * ACCOUNT_WEIGHT, by_address)


class Backend(AxesStandaloneBackend):
    """Axes' backend (first in AUTHENTICATION_BACKENDS), letting through a call without a request:
    that comes from code — Django's test client login(), a shell — not from a client on the network,
    and has no address to count. Every login path of the system passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request):
    """Whether authenticate() just refused or locked this request (axes marks it)."""
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out request gets (AXES_LOCKOUT_CALLABLE). Each login path has already answered
    in its own way — the login pages show MESSAGE in the form, the API a JSON refusal — so that answer
    is kept, as 429 Too Many Requests, with the time to wait."""
    response = original_response
    if response is None:
        response = HttpResponse(MESSAGE, status=429, content_type="text/plain; charset=utf-8")
    if response.status_code < 400:
        response.status_code = 429
    response["Retry-After"] = str(int(LOCK.total_seconds()))
    return response


def succeeded(name):
    """A correct password clears the account's count: its rows from every address. (Not the
    address's other rows: one office shares one address.)"""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=username(None, {"username": name})).delete()


class ThrottledLogin:
    """For a login form (the main page's, the admin's): the lock's own message instead of "wrong
    password" when axes refused or just locked the login, and the account's count cleared on success."""

    def clean(self):
        from django import forms

        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if self.request is not None and locked_out(self.request):
                raise forms.ValidationError(MESSAGE, code="throttled") from None
            raise
        succeeded(self.cleaned_data.get("username"))
        return cleaned
