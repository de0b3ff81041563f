"""Who a person is in the system: their membership (unit and role), read the same way by every app.
What each role may do to a report is cchc.reporting.access's; to the form, the plan and the rest, their
apps' — all asking these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser | None


def membership(user: User) -> Membership | None:
    """The active account's unit and role; None for anyone else (anonymous, deactivated, no unit)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user: User) -> str | None:
    m = membership(user)
    return m.role if m else None


def sees_all_units(user: User) -> bool:
    """Phòng Nội vụ and the town's leaders read every unit's work."""
    return role_of(user) in (Role.COORDINATOR, Role.VIEWER)


def is_coordinator(user: User) -> bool:
    return role_of(user) == Role.COORDINATOR
