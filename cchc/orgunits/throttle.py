"""Failed logins throttled per account and per address, in the database so every worker process
of `cchc serve` sees the same count.

Five wrong passwords for one account, or twenty from one address, within 15 minutes lock that
account (or address) for 15 minutes after the last failure: enough for a person who mistypes,
too slow for guessing. Used by the login page and the API's token endpoint:

    if throttle.blocked(username, ip): refuse without checking the password
    else: check it, then throttle.failed(username, ip) or throttle.succeeded(username, ip)
"""
import datetime as dt

from django.db import models
from django.utils import timezone

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
KEEP = dt.timedelta(days=1)
MESSAGE = ("Đăng nhập sai quá nhiều lần. Tài khoản hoặc máy này tạm bị khóa đăng nhập "
           f"{int(LOCK.total_seconds() // 60)} phút; vui lòng thử lại sau.")


class LoginFailure(models.Model):
    username = models.CharField("tài khoản", max_length=150, db_index=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True, db_index=True)
    at = models.DateTimeField("thời điểm", db_index=True)

    class Meta:
        app_label = "orgunits"
        verbose_name = "đăng nhập sai"
        verbose_name_plural = "đăng nhập sai"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} {self.ip or ''} {timezone.localtime(self.at):%d/%m/%Y %H:%M}"


def _norm(username):
    # Usernames are matched case-insensitively here so "NoiVu" and "noivu" share one count.
    return (username or "").strip().lower()[:150]


def _locked(failures, limit, now):
    """Locked when the last `limit` failures all fall within WINDOW and the newest is under LOCK ago."""
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    return len(times) >= limit and times[0] - times[-1] <= WINDOW and now < times[0] + LOCK


def blocked(username, ip, now=None):
    """Whether a login for `username` from `ip` must be refused without checking the password."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - WINDOW - LOCK)
    if _locked(recent.filter(username=_norm(username)), ACCOUNT_LIMIT, now):
        return True
    return bool(ip) and _locked(recent.filter(ip=ip), ADDRESS_LIMIT, now)


def failed(username, ip, now=None):
    """Count one wrong password (or unknown account)."""
    now = now or timezone.now()
    LoginFailure.objects.create(username=_norm(username), ip=ip or None, at=now)
    # Old rows are worth nothing; trimming here keeps the table small without a scheduled job.
    LoginFailure.objects.filter(at__lt=now - KEEP).delete()


def succeeded(username, ip, now=None):
    """A correct password clears the account's count (not the address's: one office shares an IP)."""
    LoginFailure.objects.filter(username=_norm(username)).delete()


def client_ip(request):
    """The peer's address. X-Forwarded-For is not trusted: anyone can write it, and trusting it
    would let a guesser pick a fresh address for every try."""
    return request.META.get("REMOTE_ADDR") or None
