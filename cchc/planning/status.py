"""The plan's state as of a day: what was done (on time or late), what is overdue, by area and unit.

The state of a task on day D is its latest-recorded progress entry that applies on or before D
(models.TaskProgress); a task with none is not started. Overdue and late are models.overdue and
models.done_late, the rules every page, file and command uses.
"""

from collections import defaultdict
from dataclasses import dataclass

from .models import AREAS, PlanTask, Status, TaskProgress, done_late, overdue


@dataclass
class TaskState:
    task: PlanTask
    status: str
    done_on: object = None
    note: str = ""

    @property
    def done(self):
        return self.status == Status.DONE

    @property
    def late(self):
        return self.done and done_late(self.task.deadline, self.done_on)

    def overdue_on(self, day):
        return overdue(self.task.deadline, self.done, day)

    @property
    def status_label(self):
        return Status(self.status).label


def states_as_of(tasks, day):
    """[TaskState] for `tasks` (in their order) on `day`, in one query over the progress history."""
    tasks = list(tasks)
    latest = {}
    entries = (
        TaskProgress.objects.filter(task__in=[t.pk for t in tasks], effective_on__lte=day)
        .order_by("task_id", "recorded_at", "id")
        .values_list("task_id", "status", "effective_on", "note")
    )
    for task_id, status, on, note in entries:
        latest[task_id] = (status, on, note)
    states = []
    for t in tasks:
        status, on, note = latest.get(t.pk, (Status.NOT_STARTED, None, ""))
        states.append(TaskState(t, status, on if status == Status.DONE else None, note))
    return states


def done_count(plan, day):
    """Tasks done on or before `day` — indicator 1.1.2."""
    return sum(1 for s in states_as_of(plan.tasks.all(), day) if s.done)


def _counts(states, day):
    return {
        "total": len(states),
        "completed": sum(1 for s in states if s.done),
        "completed_late": sum(1 for s in states if s.late),
        "overdue": sum(1 for s in states if s.overdue_on(day)),
    }


def summary(plan, day):
    """The JSON of `cchc plan status` (INTERFACES.md) and the figures of the plan page."""
    tasks = plan.tasks.select_related("lead").all() if plan is not None else []
    states = states_as_of(tasks, day)
    by_area, by_unit = defaultdict(list), defaultdict(list)
    for s in states:
        by_area[s.task.area].append(s)
        by_unit[s.task.lead.code].append(s)
    units = sorted(by_unit, key=lambda code: (by_unit[code][0].task.lead.position, code))
    out = _counts(states, day)
    out["by_area"] = {str(a): _counts(by_area.get(a, []), day) for a in AREAS}
    out["by_unit"] = {code: _counts(by_unit[code], day) for code in units}
    return out, states


def done_in_window(plan, first_day, last_day):
    """[TaskState] of the plan's tasks done between the two days (inclusive), as recorded by the last
    day — the communication tasks a period's consolidated report lists as carried out."""
    if plan is None:
        return []
    states = states_as_of(plan.tasks.select_related("lead").all(), last_day)
    return [s for s in states if s.done and first_day <= s.done_on <= last_day]


def communication_paragraph(period):
    """The consolidated narrative's paragraph on the communication plan (kế hoạch tuyên truyền CCHC):
    the tasks done within the period's data window, with their lead unit and day; "" when none."""
    from .models import Plan, PlanKind

    plan = Plan.objects.filter(year=period.year, kind=PlanKind.COMMUNICATION).first()
    done = done_in_window(plan, period.data_from, period.data_to)
    if not done:
        return ""
    name = plan.title + (f" ({plan.decision})" if plan.decision else "")
    lines = [f"Thực hiện {name}, trong kỳ đã hoàn thành {len(done)} nhiệm vụ:"]
    lines += [f"- {s.task.title} ({s.task.lead.name}, ngày {s.done_on:%d/%m/%Y})" for s in done]
    return "\n".join(lines)
