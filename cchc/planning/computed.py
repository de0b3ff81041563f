"""Figures of the periodic report computed from the year's CCHC plan."""
from cchc.catalog.models import Indicator

from .models import Plan
from .status import done_count

FALLBACK_UNIT = "NV"


def plan_unit(period):
    """The unit that reports on the plan: the one responsible for indicator 1.1.1 in the period's form
    (Phòng Nội vụ in công văn 158), or the unit of code NV when the form names nobody."""
    row = (Indicator.objects.filter(form__year=period.year, code="1.1.1")
           .select_related("responsible").first())
    if row is not None and row.responsible is not None:
        return row.responsible
    return None


def plan_figures(unit, period):
    """{"1.1.1": tasks in the plan, "1.1.2": tasks completed} as of the period's data end, for the
    unit that reports on the plan (Phòng Nội vụ); {} when there is nothing to offer."""
    responsible = plan_unit(period)
    if responsible is not None and responsible.pk != unit.pk:
        return {}
    if responsible is None and unit.code != FALLBACK_UNIT:
        return {}
    plan = Plan.objects.filter(year=period.year).first()
    if plan is None or not plan.tasks.exists():
        return {}
    return {"1.1.1": plan.tasks.count(), "1.1.2": done_count(plan, period.data_to)}
