"""Figures of the periodic report computed from the year's CCHC plan and the register of tasks
assigned by the superior, offered to the unit that reports them (the officer accepts or overrides)."""

from cchc.catalog.models import Indicator

from .access import register_keeper
from .models import AssignedTask, Plan, PlanKind
from .register import register_status
from .status import done_count

FALLBACK_UNIT = "NV"


def _responsible(period, code):
    row = Indicator.objects.filter(form__year=period.year, code=code).select_related("responsible").first()
    return row.responsible if row is not None else None


def plan_unit(period):
    """The unit that reports on the plan: the one responsible for indicator 1.1.1 in the period's form
    (Phòng Nội vụ in công văn 158), or the unit of code NV when the form names nobody."""
    return _responsible(period, "1.1.1")


def plan_figures(unit, period):
    """{"1.1.1": tasks in the CCHC plan, "1.1.2": tasks completed} as of the period's data end, for the
    unit that reports on the plan (Phòng Nội vụ); {} when there is nothing to offer. Only the CCHC plan
    counts: the communication plan and other plans are not "the year's CCHC plan" of row 1.1."""
    responsible = plan_unit(period)
    if responsible is not None and responsible.pk != unit.pk:
        return {}
    if responsible is None and unit.code != FALLBACK_UNIT:
        return {}
    plan = Plan.objects.filter(year=period.year, kind=PlanKind.CCHC).first()
    if plan is None or not plan.tasks.exists():
        return {}
    return {"1.1.1": plan.tasks.count(), "1.1.2": done_count(plan, period.data_to)}


def register_figures(unit, period):
    """{"1.3.1": tasks assigned, "1.3.2": done on time, "1.3.3": done late} from the register as of the
    period's data end, for the unit responsible for 1.3.1 in the period's form (Văn phòng HĐND-UBND);
    {} for any other unit or when the year has no register."""
    responsible = register_keeper(period.year)
    if responsible is None or responsible.pk != unit.pk:
        return {}
    if not AssignedTask.objects.filter(year=period.year).exists():
        return {}
    s = register_status(period.year, period.data_to)
    return {"1.3.1": s["total"], "1.3.2": s["done_on_time"], "1.3.3": s["done_late"]}
