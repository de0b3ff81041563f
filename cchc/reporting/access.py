"""Who may do what to a report — written once, used by every page, download, API route and command.

Two questions, asked in this order:
1. The person (WHO): may this account do this kind of thing to this unit's report at all? A unit's
   officers and leader reach only their own unit; only its leader signs and issues (ký ban hành,
   công văn 158 §2.2); Phòng Nội vụ (coordinator) reaches every unit, reviews, and types in a report
   received through the document system; the town's leaders (viewer) read everything, change nothing.
   No → 404 for a report the person may not even see (another unit's codes do not leak), 403 otherwise.
2. The state (STATES): is the report in a state where that is possible? No → 409 (locked: signed,
   accepted; or not sent yet, for a review). The write verbs in cchc.reporting.actions check the same
   table under the report's row lock, so a command line without a user obeys the same states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from cchc.orgunits.models import Membership, OrgUnit, Role

# Who the person is (their unit and role) is the orgunits app's, read here as everywhere.
from cchc.orgunits.roles import is_coordinator as is_coordinator
from cchc.orgunits.roles import membership as membership
from cchc.orgunits.roles import role_of as role_of
from cchc.orgunits.roles import sees_all_units as sees_all_units
from cchc.prebuilt import Prebuilt

from .errors import WrongState
from .models import Period, Report

# Every API read and save starts here (cchc.prebuilt: the SQL built once).
_REPORT_BY_CODES = Prebuilt(
    lambda unit, period: Report.objects.select_related("unit", "period").filter(unit__code=unit, period__code=period),
    unit=str,
    period=str,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser | None

VIEW, EDIT, SUBMIT, ACCEPT, RETURN, RECEIVE = "view", "edit", "submit", "accept", "return", "receive"
ACTIONS = (VIEW, EDIT, SUBMIT, ACCEPT, RETURN, RECEIVE)

_S = Report.Status
# The states in which each action is possible at all (whoever asks).
STATES: dict[str, frozenset[str]] = {
    VIEW: frozenset(_S.values),
    EDIT: frozenset({_S.NOT_STARTED, _S.DRAFT, _S.RETURNED}),
    SUBMIT: frozenset({_S.DRAFT, _S.RETURNED}),
    ACCEPT: frozenset({_S.SUBMITTED}),
    # An accepted report may still be returned: a mistake found while consolidating.
    RETURN: frozenset({_S.SUBMITTED, _S.ACCEPTED}),
    RECEIVE: frozenset({_S.NOT_STARTED, _S.DRAFT, _S.RETURNED}),
}
# What the person is refused, in Vietnamese (403).
REFUSALS = {
    VIEW: "Không tìm thấy báo cáo.",
    EDIT: "Bạn không có quyền sửa báo cáo này.",
    SUBMIT: "Chỉ lãnh đạo đơn vị được ký ban hành báo cáo của đơn vị mình.",
    ACCEPT: "Chỉ Phòng Nội vụ được tiếp nhận báo cáo.",
    RETURN: "Chỉ Phòng Nội vụ được trả lại báo cáo.",
    RECEIVE: "Chỉ Phòng Nội vụ được nhập báo cáo nhận qua hệ thống văn bản.",
}
# The verb of the 409 message: "Báo cáo đang ở trạng thái «Đã gửi», không sửa được."
VERBS = {
    VIEW: "xem",
    EDIT: "sửa",
    SUBMIT: "ký ban hành (gửi)",
    ACCEPT: "tiếp nhận",
    RETURN: "trả lại",
    RECEIVE: "nhập thay",
}


def visible_units(user: User) -> QuerySet[OrgUnit]:
    """The units whose reports the user may read."""
    m = membership(user)
    if m is None:
        return OrgUnit.objects.none()
    if m.role in (Role.COORDINATOR, Role.VIEWER):
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pk=m.unit_id)


def _person_may(m: Membership, action: str, unit: OrgUnit) -> bool:
    own = m.unit_id == unit.pk
    if action == VIEW:
        return own or m.role in (Role.COORDINATOR, Role.VIEWER)
    if action == EDIT:
        # The coordinator types in a report that reached the office on paper or through the
        # document system (công văn 158 §2.2), on the unit's behalf.
        return (own and m.role in (Role.STAFF, Role.LEADER)) or m.role == Role.COORDINATOR
    if action == SUBMIT:
        # Only the unit's own leader signs and issues (ký ban hành) — công văn 158 §2.2. A report
        # received on paper was signed there; Phòng Nội vụ records it with RECEIVE, not by signing.
        return own and m.role == Role.LEADER
    if action in (ACCEPT, RETURN, RECEIVE):
        return m.role == Role.COORDINATOR
    raise ValueError(f"unknown action {action!r}")


@dataclass(frozen=True)
class Decision:
    """The answer to "may this person do this to this report now": status 200 (yes), 404 (may not
    see it), 403 (may see it, may not do this), 409 (may do this, but not in the report's state)."""

    status: int
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.status == 200

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise what the web, the API and the commands turn into 404, 403 or 409."""
        if self.status == 404:
            raise Http404(self.message)
        if self.status == 403:
            raise PermissionDenied(self.message)
        if self.status == 409:
            raise WrongState(self.message)


def state_of(report: Report | None) -> str:
    return report.status if report is not None else Report.Status.NOT_STARTED


def state_refusal(action: str, report: Report | None) -> str:
    label = Report.Status(state_of(report)).label
    return f"Báo cáo đang ở trạng thái «{label}», không {VERBS[action]} được."


def decide(
    user: User, action: str, unit: OrgUnit, report: Report | None = None, *, mind_state: bool = True
) -> Decision:
    """May `user` do `action` to `unit`'s report (None: not started yet)? With mind_state=False only
    the person is judged (e.g. whether to offer a button whose report does not exist yet)."""
    if action not in STATES:
        raise ValueError(f"unknown action {action!r}")
    m = membership(user)
    if m is None:
        return Decision(403, "Tài khoản chưa được gán đơn vị.")
    if not _person_may(m, VIEW, unit):
        return Decision(404, "Không tìm thấy báo cáo.")
    if not _person_may(m, action, unit):
        return Decision(403, REFUSALS[action])
    if mind_state and state_of(report) not in STATES[action]:
        return Decision(409, state_refusal(action, report))
    return Decision(200)


def can(user: User, action: str, unit: OrgUnit, report: Report | None = None) -> bool:
    """decide(…).allowed: for showing or hiding what the person may do now."""
    return decide(user, action, unit, report).allowed


def check_state(action: str, report: Report | None) -> None:
    """For the write verbs, under the report's lock: WrongState (409) unless `report` is in a state
    where `action` is possible."""
    if state_of(report) not in STATES[action]:
        raise WrongState(state_refusal(action, report))


def report_for_user(
    user: User, unit_code: str, period_code: str, action: str = VIEW
) -> tuple[OrgUnit, Period, Report | None]:
    """(unit, period, report-or-None) if the user may do `action` now; otherwise Http404 (unknown,
    or not the user's to see), PermissionDenied (not the user's to do) or WrongState (409)."""
    if membership(user) is None:
        raise PermissionDenied("Tài khoản chưa được gán đơn vị.")
    # One query when the report exists (the usual case, and every save on the 5th of the month).
    report = _REPORT_BY_CODES.first(unit=unit_code, period=period_code)
    if report is not None:
        unit, period = report.unit, report.period
    else:
        unit = OrgUnit.objects.filter(code=unit_code).first()
        period = Period.objects.filter(code=period_code).first()
    if unit is None or period is None:
        raise Http404("Không tìm thấy báo cáo.")
    decide(user, action, unit, report).enforce()
    return unit, period, report
