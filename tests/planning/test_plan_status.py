"""Progress on tasks and the plan's state as of any day: done on time / late, overdue, by area and unit."""

import datetime as dt

import pytest
import time_machine

from cchc.audit.models import AuditEntry
from cchc.planning.actions import PlanError, record_progress
from cchc.planning.models import Plan, TaskProgress
from cchc.planning.status import summary
from tests.conftest import vn

D = dt.date


def counts(day):
    data, _ = summary(Plan.objects.get(year=2021), day)
    return data


def test_it_counts_done_late_and_overdue_as_of_each_day(progressed):
    assert {k: counts(D(2021, 3, 15))[k] for k in ("total", "completed", "completed_late", "overdue")} == {
        "total": 6,
        "completed": 0,
        "completed_late": 0,
        "overdue": 0,
    }  # C's deadline day is still on time
    assert counts(D(2021, 3, 16))["overdue"] == 1  # C: due 15/3, not done until 25/3
    day = counts(D(2021, 3, 31))
    # C was reported on 10/4 as done on 25/3: the report cut off on 31/3 counts it done (late)
    assert (day["completed"], day["completed_late"], day["overdue"]) == (2, 1, 0)
    assert counts(D(2021, 4, 1))["overdue"] == 1  # F: due 31/3, never reported
    july = counts(D(2021, 7, 1))
    assert (july["completed"], july["completed_late"], july["overdue"]) == (3, 1, 2)  # B and F overdue


def test_it_breaks_the_counts_down_by_area_and_unit(progressed):
    july = counts(D(2021, 7, 1))
    assert july["by_area"] == {
        "1": {"total": 1, "completed": 1, "completed_late": 0, "overdue": 0},
        "2": {"total": 2, "completed": 0, "completed_late": 0, "overdue": 2},
        "3": {"total": 2, "completed": 1, "completed_late": 1, "overdue": 0},
        "4": {"total": 0, "completed": 0, "completed_late": 0, "overdue": 0},
        "5": {"total": 0, "completed": 0, "completed_late": 0, "overdue": 0},
        "6": {"total": 1, "completed": 1, "completed_late": 0, "overdue": 0},
    }
    assert list(july["by_unit"]) == ["VP", "NV", "TP", "AN-BINH", "NGO-MAY"]  # the units' own order
    assert july["by_unit"]["NV"] == {"total": 2, "completed": 1, "completed_late": 1, "overdue": 0}
    assert july["by_unit"]["AN-BINH"]["overdue"] == 1


def test_an_ongoing_task_is_never_overdue_nor_late(progressed):
    d = progressed["D"]
    record_progress(d, "done", on=D(2021, 12, 30), at=vn(2021, 12, 31, 9))
    end = counts(D(2021, 12, 31))
    assert end["by_unit"]["NV"] == {"total": 2, "completed": 2, "completed_late": 1, "overdue": 0}


def test_a_reopened_task_is_done_only_until_it_was_reopened(progressed):
    a = progressed["A"]
    record_progress(a, "in_progress", on=D(2021, 4, 15), note="Phải bổ sung", at=vn(2021, 4, 15, 8))
    assert counts(D(2021, 4, 14))["by_area"]["1"]["completed"] == 1
    assert counts(D(2021, 4, 15))["by_area"]["1"] == {"total": 1, "completed": 0, "completed_late": 0, "overdue": 1}
    a.refresh_from_db()
    assert (a.status, a.done_on, a.note) == ("in_progress", None, "Phải bổ sung")


def test_progress_keeps_history_and_is_audited(progressed):
    c = progressed["C"]
    c.refresh_from_db()
    assert (c.status, c.done_on, c.note) == ("done", D(2021, 3, 25), "Quyết định 512/QĐ-UBND")
    assert TaskProgress.objects.filter(task=c).count() == 1
    entry = AuditEntry.objects.filter(action="plan.progress", object_id=str(c.pk)).get()
    assert entry.unit == "NV"
    assert entry.detail["status"] == "done" and entry.detail["on"] == "2021-03-25"


@time_machine.travel(vn(2021, 5, 10, 10), tick=False)
def test_it_refuses_a_day_in_the_future_and_a_bad_status(small_plan):
    with pytest.raises(PlanError, match="tương lai"):
        record_progress(small_plan["A"], "done", on=D(2021, 5, 11))
    with pytest.raises(PlanError, match="không hợp lệ"):
        record_progress(small_plan["A"], "finished")
    assert not TaskProgress.objects.exists()
    record_progress(small_plan["A"], "done")  # today, Vietnam time
    small_plan["A"].refresh_from_db()
    assert small_plan["A"].done_on == D(2021, 5, 10)


@time_machine.travel(dt.datetime(2021, 5, 10, 18, 30, tzinfo=dt.UTC), tick=False)
def test_today_is_the_vietnam_day(small_plan):
    record_progress(small_plan["B"], "done")  # 18:30 UTC is 01:30 on the 11th in Vietnam
    small_plan["B"].refresh_from_db()
    assert small_plan["B"].done_on == D(2021, 5, 11)
