import datetime as dt

import pytest

from tests.conftest import vn

D = dt.date

# A small plan: (key, area, lead, deadline phrase)
TASKS = [
    ("A", 1, "TP", "Quý I/2021"),
    ("B", 2, "VP", "Quý II/2021"),
    ("C", 3, "NV", "Trước ngày 15/3/2021"),
    ("D", 3, "NV", "Thường xuyên"),
    ("E", 6, "NGO-MAY", "6 tháng đầu năm"),
    ("F", 2, "AN-BINH", "Quý I/2021"),
]


@pytest.fixture
def small_plan(ankhe):
    """Six tasks of 2021 with no progress yet; returns {key: PlanTask}."""
    from cchc.orgunits.models import OrgUnit
    from cchc.planning.actions import store_plan
    from cchc.planning.deadlines import parse_deadline
    from cchc.planning.workbook import TaskRow

    units = {u.code: u for u in OrgUnit.objects.all()}
    rows = [
        TaskRow(
            row=n,
            area=area,
            stt=str(n),
            title=f"Nhiệm vụ {key}",
            lead=units[lead],
            partners="",
            deadline_text=phrase,
            deadline=parse_deadline(phrase, 2021),
            product="",
        )
        for n, (key, area, lead, phrase) in enumerate(TASKS, start=1)
    ]
    plan, *_ = store_plan(rows, 2021, title="Kế hoạch CCHC năm 2021 (Quyết định 2664/QĐ-UBND ngày 29/12/2020)")
    return {t.title[-1]: t for t in plan.tasks.all()}


@pytest.fixture
def progressed(small_plan):
    """The small plan with a history: A done on time, C done late and reported afterwards (backdated),
    B and D in progress, E done in May, F never reported."""
    from cchc.planning.actions import record_progress

    t = small_plan
    record_progress(t["A"], "done", on=D(2021, 3, 20), at=vn(2021, 3, 21, 9))
    record_progress(t["D"], "in_progress", at=vn(2021, 2, 1, 9))
    record_progress(t["B"], "in_progress", at=vn(2021, 4, 1, 9), note="Đang rà soát")
    record_progress(t["C"], "done", on=D(2021, 3, 25), at=vn(2021, 4, 10, 9), note="Quyết định 512/QĐ-UBND")
    record_progress(t["E"], "done", on=D(2021, 5, 5), at=vn(2021, 5, 5, 15))
    return t
