"""API tokens. Only a hash of each token is kept: a copy of the database (a backup, a leaked dump)
must not let anyone act as the office's scripts."""
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone


def digest(raw):
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class TokenQuerySet(models.QuerySet):
    def live(self, at=None):
        return self.filter(expires_at__gt=at or timezone.now(), user__is_active=True)


class Token(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="tài khoản")
    # sha256 of the token: a token is 256 random bits, so a fast hash is enough (no salt or
    # stretching needed, unlike a password a person chose).
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    expires_at = models.DateTimeField("hết hạn lúc", db_index=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self):
        return f"{self.user} (hết hạn {timezone.localtime(self.expires_at):%d/%m/%Y})"

    @classmethod
    def issue(cls, user, at=None):
        """A new token for `user`: returns (token object, the raw token — shown once, never stored)."""
        at = at or timezone.now()
        raw = secrets.token_urlsafe(32)
        days = settings.CCHC_API_TOKEN_DAYS
        token = cls.objects.create(user=user, key_hash=digest(raw), created_at=at,
                                   expires_at=at + timezone.timedelta(days=days))
        # Expired tokens of the same account are of no use to anyone; drop them as new ones come.
        cls.objects.filter(user=user, expires_at__lte=at).delete()
        return token, raw

    @classmethod
    def user_for(cls, raw, at=None):
        if not raw or len(raw) > 200:
            return None
        # Every API request passes here: the account, its membership and unit in one query, the
        # way the access rules read them.
        User = get_user_model()
        try:
            return (User.objects.select_related("membership__unit")
                    .get(is_active=True, api_tokens__key_hash=digest(raw),
                         api_tokens__expires_at__gt=at or timezone.now()))
        except User.DoesNotExist:
            return None
