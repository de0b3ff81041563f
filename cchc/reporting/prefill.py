"""Figures the system offers to fill in before the officer types: stock figures carried over from
the unit's previous report, and the plan counts computed for Phòng Nội vụ."""
from cchc.planning.computed import plan_figures

from .actions import prefill_from_previous

PREVIOUS, PLAN = "previous", "plan"


def offered_values(unit, period):
    """{code: (number, source)} — source "previous" (kỳ trước) or "plan" (tính từ kế hoạch)."""
    offered = {code: (value, PREVIOUS) for code, value in prefill_from_previous(unit, period).items()}
    offered.update({code: (value, PLAN) for code, value in plan_figures(unit, period).items()})
    return offered
