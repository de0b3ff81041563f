"""Who may attach a signed PDF — through cchc.reporting.access, as every page, command and API route."""
from django.core.exceptions import PermissionDenied

from cchc.orgunits.models import Role
from cchc.reporting import access


def may_sign_report(user, unit, report):
    """The leader's digital signature is "Ký ban hành" (access.SUBMIT) made by the leader in person:
    Phòng Nội vụ may enter a paper report on a unit's behalf, but cannot sign with the leader's key."""
    return access.can(user, access.SUBMIT, unit, report) and access.role_of(user) == Role.LEADER


def require_report_signer(user, unit_code, period_code):
    """(unit, period, report) of a report the user may sign now; 404/403 as access.report_for_user."""
    unit, period, report = access.report_for_user(user, unit_code, period_code, access.SUBMIT)
    if access.role_of(user) != Role.LEADER:
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được ký số báo cáo của đơn vị.")
    return unit, period, report


def require_coordinator(user):
    if not access.is_coordinator(user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được ký số hoặc tải lên báo cáo tổng hợp đã ký số.")
