"""What the report page needs from the plans: the unit's tasks in each plan of the period's year (the
CCHC plan, the communication plan, others), each with whether the viewer may report on it. The
report page includes planning/_report_tasks.html with only unit, period, report and user, so the tag
fetches the rest."""

from django import template
from django.middleware.csrf import get_token

from cchc.planning.access import can_update_task
from cchc.planning.models import PlanTask, Status

register = template.Library()


@register.simple_tag(takes_context=True)
def report_plan_tasks(context, unit, period, user):
    if unit is None or period is None:
        return None
    tasks = list(
        PlanTask.objects.filter(plan__year=period.year, lead=unit)
        .select_related("plan")
        .order_by("plan__kind", "plan_id", "position", "id")
    )
    request = getattr(context, "request", None)
    from cchc.office.dates import today_vn

    today = today_vn()
    rows = [{"task": t, "can_update": can_update_task(user, t), "overdue": t.overdue_on(today)} for t in tasks]
    plans = []
    for row in rows:
        if not plans or plans[-1]["plan"].pk != row["task"].plan_id:
            plans.append({"plan": row["task"].plan, "tasks": []})
        plans[-1]["tasks"].append(row)
    return {
        "tasks": rows,
        "plans": plans,
        "any_update": any(can_update_task(user, t) for t in tasks),
        "statuses": Status.choices,
        "csrf_token": get_token(request) if request is not None else "",
        "next": request.get_full_path() if request is not None else "",
        "year": str(period.year),
    }
