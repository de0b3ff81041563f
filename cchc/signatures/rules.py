"""Who may sign — decided by cchc.reporting.access, as every page, command and API route decides.

A unit's report signed with the leader's digital certificate is its «Ký ban hành» (công văn 158 §2.2),
so it is the SUBMIT action of access.decide: the unit's own leader, in a state where it may be sent.
Phòng Nội vụ enters a paper report on a unit's behalf (RECEIVE) but cannot sign with the leader's key,
and access.decide already refuses it SUBMIT. The town's consolidated report is Phòng Nội vụ's own:
it attaches or seals it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from cchc.reporting import access

if TYPE_CHECKING:
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.access import User
    from cchc.reporting.models import Period, Report


def may_sign_report(user: User, unit: OrgUnit, report: Report | None) -> bool:
    """Whether to offer «Ký số» on the report page now."""
    return access.decide(user, access.SUBMIT, unit, report).allowed


def require_report_signer(user: User, unit_code: str, period_code: str) -> tuple[OrgUnit, Period, Report | None]:
    """(unit, period, report) of a report the user may sign now; 404/403/409 as access.report_for_user."""
    return access.report_for_user(user, unit_code, period_code, access.SUBMIT)


def may_sign_consolidated(user: User) -> bool:
    return access.is_coordinator(user)


def require_consolidated_signer(user: User) -> None:
    if not may_sign_consolidated(user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được ký số hoặc tải lên báo cáo tổng hợp đã ký số.")
