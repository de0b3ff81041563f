"""Who may do what with the plan, from the person's role (cchc.orgunits.roles, written once there).

The coordinator (Phòng Nội vụ) enters, edits and imports the plan and may report on any task; a lead
unit's officers and leader report progress on their own unit's tasks; the town's leaders (viewer)
read the whole plan and change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.orgunits.models import OrgUnit, Role
from cchc.orgunits.roles import is_coordinator, membership, role_of, sees_all_units

if TYPE_CHECKING:
    from cchc.orgunits.roles import User

    from .models import PlanTask


def can_view_plan(user: User) -> bool:
    return sees_all_units(user)


def can_edit_plan(user: User) -> bool:
    return is_coordinator(user)


def can_update_task(user: User, task: PlanTask) -> bool:
    if is_coordinator(user):
        return True
    m = membership(user)
    return m is not None and role_of(user) in (Role.STAFF, Role.LEADER) and m.unit_id == task.lead_id


def register_keeper(year: int) -> OrgUnit | None:
    """The unit that keeps the register of tasks assigned by the superior: the one the year's form makes
    responsible for indicator 1.3.1 (Văn phòng HĐND-UBND in công văn 158); None when the form names none."""
    from cchc.catalog.models import Indicator

    row = Indicator.objects.filter(form__year=year, code="1.3.1").select_related("responsible").first()
    return row.responsible if row is not None else None


def can_edit_register(user: User, year: int) -> bool:
    """The coordinator, and the officers and leader of the unit that keeps the register."""
    if is_coordinator(user):
        return True
    m = membership(user)
    if m is None or role_of(user) not in (Role.STAFF, Role.LEADER):
        return False
    keeper = register_keeper(year)
    return keeper is not None and keeper.pk == m.unit_id
