"""Who may see and do what — written once, used by every page, download, command and API route.

A unit's officers and leader reach only their own unit. Phòng Nội vụ (coordinator) reaches every
unit and reviews; the town's leaders (viewer) read everything and change nothing.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cchc.orgunits.models import Membership, OrgUnit, Role

from .models import Period, Report

VIEW, EDIT, SUBMIT, REVIEW = "view", "edit", "submit", "review"


def membership(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user):
    m = membership(user)
    return m.role if m else None


def sees_all_units(user):
    return role_of(user) in (Role.COORDINATOR, Role.VIEWER)


def is_coordinator(user):
    return role_of(user) == Role.COORDINATOR


def visible_units(user):
    """The units whose reports the user may read."""
    m = membership(user)
    if m is None:
        return OrgUnit.objects.none()
    if m.role in (Role.COORDINATOR, Role.VIEWER):
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pk=m.unit_id)


def can(user, action, unit, report=None):
    """May `user` do `action` on `unit`'s report (which may not exist yet)?"""
    m = membership(user)
    if m is None:
        return False
    own = m.unit_id == unit.pk
    status = report.status if report is not None else Report.Status.NOT_STARTED
    if action == VIEW:
        return own or m.role in (Role.COORDINATOR, Role.VIEWER)
    if action == EDIT:
        editable = status in (Report.Status.NOT_STARTED, Report.Status.DRAFT, Report.Status.RETURNED)
        # The coordinator types in a report that reached the office on paper or through the
        # document system (công văn 158 §2.2), on the unit's behalf.
        return editable and ((own and m.role in (Role.STAFF, Role.LEADER)) or m.role == Role.COORDINATOR)
    if action == SUBMIT:
        # Only the unit's leader signs and issues (ký ban hành) — công văn 158 §2.2.
        editable = status in (Report.Status.DRAFT, Report.Status.RETURNED)
        return editable and ((own and m.role == Role.LEADER) or m.role == Role.COORDINATOR)
    if action == REVIEW:
        return m.role == Role.COORDINATOR and status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
    return False


def report_for_user(user, unit_code, period_code, action=VIEW):
    """(unit, period, report-or-None) if the user may do `action`; otherwise 404 for what the user
    may not even see (so codes of other units do not leak) and 403 for what they see but may not do."""
    m = membership(user)
    if m is None:
        raise PermissionDenied("Tài khoản chưa được gán đơn vị.")
    # One query when the report exists (the usual case, and every save on the 5th of the month).
    try:
        report = Report.objects.select_related("unit", "period").get(unit__code=unit_code, period__code=period_code)
        unit, period = report.unit, report.period
    except Report.DoesNotExist:
        report = None
        unit = OrgUnit.objects.filter(code=unit_code).first()
        period = Period.objects.filter(code=period_code).first()
    if unit is None or period is None or not can(user, VIEW, unit):
        raise Http404("Không tìm thấy báo cáo.")
    if action != VIEW and not can(user, action, unit, report):
        raise PermissionDenied(_refusal(action, report))
    return unit, period, report


def _refusal(action, report):
    if action == SUBMIT:
        return "Chỉ lãnh đạo đơn vị được ký ban hành báo cáo đang soạn hoặc bị trả lại."
    if action == REVIEW:
        return "Chỉ Phòng Nội vụ được tiếp nhận hoặc trả lại báo cáo đã gửi."
    if report is not None and not report.editable_by_unit:
        return f"Báo cáo đang ở trạng thái «{report.get_status_display()}», không được sửa."
    return "Bạn không có quyền sửa báo cáo này."
