"""Figures of the periodic report computed from the year's CCHC plan (the planning issue fills this in)."""


def plan_figures(unit, period):
    """{"1.1.1": tasks in the plan, "1.1.2": tasks completed} as of the period's data end, for the
    unit that reports on the plan (Phòng Nội vụ); {} when there is nothing to offer."""
    return {}
