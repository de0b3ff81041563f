"""Creating accounts with their unit and role (`cchc user add`, demo accounts, admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from cchc.audit.log import record

from .models import Membership, OrgUnit, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User


COORDINATOR_GROUP = "Phòng Nội vụ"
# What Phòng Nội vụ manages through the admin: units, users, periods, forms and the locality's words.
COORDINATOR_MODELS = [
    ("orgunits", "orgunit"),
    ("orgunits", "membership"),
    ("auth", "user"),
    ("reporting", "period"),
    ("catalog", "reportform"),
    ("catalog", "indicator"),
    ("catalog", "validationrule"),
    ("audit", "auditentry"),
    ("planning", "plantask"),
    ("planning", "assignedtask"),
    ("locality", "locality"),
    ("consolidation", "reminderlog"),
    ("consolidation", "consolidatedreport"),
    ("signatures", "signedpdf"),
]
# What it only reads there: records written by the system's own audited actions (the log, the
# reminders `cchc remind` sent, the narrative saved on the consolidation page, the signed PDFs).
COORDINATOR_VIEW_ONLY = {
    ("audit", "auditentry"),
    ("consolidation", "reminderlog"),
    ("consolidation", "consolidatedreport"),
    ("signatures", "signedpdf"),
}


def coordinator_group():
    """The group Phòng Nội vụ's accounts are in, its permissions brought up to date (also after
    every `migrate`, so an upgrade that adds a model here reaches existing accounts)."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in={a for a, _ in COORDINATOR_MODELS})
    wanted = []
    for p in perms.select_related("content_type"):
        model = (p.content_type.app_label, p.content_type.model)
        if model in COORDINATOR_MODELS and (model not in COORDINATOR_VIEW_ONLY or p.codename.startswith("view_")):
            wanted.append(p)
    group.permissions.set(wanted)
    return group


def sync_role(user) -> None:
    """Keep admin access in step with the role — the one rule, for `cchc user add`, the demo accounts and
    every change of a membership in the admin: Phòng Nội vụ's accounts are staff in the coordinator
    group (the admin is where it manages units, accounts, periods and forms); every other account is
    neither. A superuser keeps the admin whatever its membership says."""
    if user.is_superuser:
        return
    m = Membership.objects.filter(user=user).first()
    coordinator = m is not None and m.role == Role.COORDINATOR
    if user.is_staff != coordinator:
        user.is_staff = coordinator
        user.save(update_fields=["is_staff"])
    if coordinator:
        user.groups.add(coordinator_group())
    else:
        user.groups.remove(*user.groups.filter(name=COORDINATOR_GROUP))


@transaction.atomic
def add_user(
    username: str,
    *,
    unit: OrgUnit | str,
    role: str,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
    by: User | str | None = None,
    check_password: bool = True,
) -> User:
    """Create or update an account in `unit` with `role`. Raises ValueError with a Vietnamese message."""
    if role not in Role.values:
        raise ValueError(f"Vai trò «{role}» không hợp lệ (chọn: {', '.join(Role.values)}).")
    if not isinstance(unit, OrgUnit):
        found = OrgUnit.objects.filter(code=unit).first()
        if found is None:
            raise ValueError(f"Không có đơn vị mã «{unit}».")
        unit = found
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    if full_name:
        parts = full_name.rsplit(" ", 1)
        user.last_name, user.first_name = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    if email:
        user.email = email
    if password:
        if check_password:
            from django.core.exceptions import ValidationError

            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValueError(" ".join(exc.messages)) from None
        user.set_password(password)
    elif user.pk is None:
        user.set_unusable_password()
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": role})
    sync_role(user)
    record("user.add", user=by, unit=unit, obj=user, username=username, role=role)
    return user
