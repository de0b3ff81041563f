from django.utils import timezone

from .models import AuditEntry


def record(action, *, user=None, unit="", period="", obj=None, at=None, **detail):
    """Append one row to the audit log. Call inside the transaction of the write it describes."""
    username = ""
    if user is not None and getattr(user, "is_authenticated", False):
        username = user.get_username()
    elif isinstance(user, str):
        username, user = user, None
    else:
        user = None
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        user=user,
        username=username,
        action=action,
        unit=getattr(unit, "code", unit) or "",
        period=getattr(period, "code", period) or "",
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )
