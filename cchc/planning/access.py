"""Who may do what with the plan, through the reporting app's access helpers (written once there).

The coordinator (Phòng Nội vụ) enters, edits and imports the plan and may report on any task; a lead
unit's officers and leader report progress on their own unit's tasks; the town's leaders (viewer)
read the whole plan and change nothing.
"""
from cchc.orgunits.models import Role
from cchc.reporting.access import is_coordinator, membership, role_of, sees_all_units


def can_view_plan(user):
    return sees_all_units(user)


def can_edit_plan(user):
    return is_coordinator(user)


def can_update_task(user, task):
    if is_coordinator(user):
        return True
    m = membership(user)
    return m is not None and role_of(user) in (Role.STAFF, Role.LEADER) and m.unit_id == task.lead_id
