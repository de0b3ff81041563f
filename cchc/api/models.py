"""API tokens. Only a hash of each token is kept: a copy of the database (a backup, a leaked dump)
must not let anyone act as the office's scripts."""

import functools
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, models
from django.utils import timezone


def digest(raw):
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class TokenQuerySet(models.QuerySet):
    def live(self, at=None):
        return self.filter(expires_at__gt=at or timezone.now(), user__is_active=True)


class Token(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="tài khoản"
    )
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
        token = cls.objects.create(
            user=user, key_hash=digest(raw), created_at=at, expires_at=at + timezone.timedelta(days=days)
        )
        # Expired tokens of the same account are of no use to anyone; drop them as new ones come.
        cls.objects.filter(user=user, expires_at__lte=at).delete()
        return token, raw

    @classmethod
    def user_for(cls, raw, at=None):
        """The active account a live token stands for, with its membership and unit in hand (the
        access rules read them on every request), or None."""
        if not raw or len(raw) > 200:
            return None
        # Every API request passes here, and building this three-join SELECT through the ORM cost
        # more than the rest of a small request: the SQL is built once from the models, and the
        # rows become model instances through Model.from_db, as the ORM itself would make them.
        sql, models_read = _account_query()
        connection = connections[cls.objects.db]
        now = cls._meta.get_field("expires_at").get_db_prep_value(at or timezone.now(), connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, [digest(raw), now])
            row = cursor.fetchone()
        if row is None:
            return None
        objects, start = [], 0
        for model, names in models_read:
            values = row[start : start + len(names)]
            start += len(names)
            objects.append(model.from_db(cls.objects.db, names, values) if values[0] is not None else None)
        user, membership, unit = objects
        if membership is not None:
            membership.unit = unit
            user.membership = membership
        return user


@functools.cache
def _account_query():
    """SELECT user.*, membership.*, unit.* of a live token of an active account, and the columns
    read for each model, in order."""
    from cchc.orgunits.models import Membership, OrgUnit

    User = get_user_model()
    qn = connections[Token.objects.db].ops.quote_name
    parts = [(User, "u"), (Membership, "m"), (OrgUnit, "o")]
    columns, models_read = [], []
    for model, alias in parts:
        fields = model._meta.concrete_fields
        columns += [f"{alias}.{qn(f.column)}" for f in fields]
        models_read.append((model, [f.attname for f in fields]))
    table = {model: qn(model._meta.db_table) for model, _ in parts}
    field = {name: qn(Token._meta.get_field(name).column) for name in ("user", "key_hash", "expires_at")}
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(Token._meta.db_table)} t "
        f"JOIN {table[User]} u ON u.{qn(User._meta.pk.column)} = t.{field['user']} "
        f"LEFT JOIN {table[Membership]} m ON m.{qn(Membership._meta.get_field('user').column)} = u.{qn(User._meta.pk.column)} "
        f"LEFT JOIN {table[OrgUnit]} o ON o.{qn(OrgUnit._meta.pk.column)} = m.{qn(Membership._meta.get_field('unit').column)} "
        f"WHERE t.{field['key_hash']} = %s AND t.{field['expires_at']} > %s AND u.{qn('is_active')}"
    )
    return sql, models_read
