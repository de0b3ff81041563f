""" "Overdue" of a task, decided once (cchc.planning.models.overdue) and read the same by every face:
the plan page, the task page, the report page's task list, the plan workbook, `cchc plan status`, the
register page and `cchc tasks status`. Whole days in Vietnam time: half an hour after midnight on 1/4
in Vietnam it is still 31/3 in UTC, and a task due 31/3 is overdue — a copy of the rule that took the
server's UTC day, or compared an instant with a date, would disagree here."""

import datetime as dt
import io
import re

import time_machine
from openpyxl import load_workbook

from cchc.planning.models import overdue
from tests.conftest import vn

from .test_assigned_tasks import register  # noqa: F401 — the register fixture

D = dt.date
# 1/4/2021 00:30 in Vietnam is 31/3/2021 17:30 UTC.
JUST_AFTER_MIDNIGHT = vn(2021, 4, 1, 0, 30)


def test_it_counts_whole_vietnam_days():
    due = D(2021, 3, 31)
    assert not overdue(due, False, vn(2021, 3, 31, 23, 59))  # the deadline day itself is on time
    assert overdue(due, False, JUST_AFTER_MIDNIGHT)
    assert overdue(due, False, JUST_AFTER_MIDNIGHT.astimezone(dt.UTC))  # the same instant written in UTC
    assert not overdue(due, False, D(2021, 3, 31)) and overdue(due, False, D(2021, 4, 1))
    assert not overdue(due, True, D(2021, 4, 1))  # done
    assert not overdue(None, False, D(2021, 12, 31))  # "Thường xuyên": never


def _overdue_rows(html):
    return {
        m.group(1)
        for m in re.finditer(r'<tr id="nhiem-vu-\d+" class="task-overdue"[^>]*>.*?Nhiệm vụ (\w)</td>', html, re.S)
    }


@time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False)
def test_every_face_of_the_plan_agrees_on_which_tasks_are_overdue(client_as, cchc, progressed):
    # F (Quý I, due 31/3, never reported) is the only overdue task: A and C are done, B and E are due
    # 30/6, D is ongoing.
    expected = {"F"}
    coordinator = client_as("coordinator")
    page = coordinator.get("/ke-hoach/2021/").content.decode()  # as of today, in Vietnam
    assert _overdue_rows(page) == expected
    assert '<span class="count">1</span><span>Quá hạn' in page

    status = cchc("plan", "status", "--year", "2021", "--as-of", "2021-04-01", "--format", "json").json()
    assert status["overdue"] == len(expected) and status["by_unit"]["AN-BINH"]["overdue"] == 1

    ws = load_workbook(io.BytesIO(coordinator.get("/ke-hoach/2021/xlsx/").content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    in_file = {
        row[1][-1]
        for row in rows
        if row[1] and str(row[1]).startswith("Nhiệm vụ ") and str(row[6]).startswith("Quá hạn")
    }
    assert in_file == expected

    for key, task in progressed.items():
        task_page = coordinator.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
        assert ("badge-overdue" in task_page) == (key in expected), key

    report_page = client_as("leader_b").get("/bao-cao/AN-BINH/2021-Q1/").content.decode()
    assert re.search(r'class="task-overdue">.*?Nhiệm vụ F', report_page, re.S)
    own = client_as("leader_a").get("/bao-cao/NGO-MAY/2021-Q1/").content.decode()
    assert "Nhiệm vụ E" in own and "task-overdue" not in own


@time_machine.travel(vn(2021, 2, 21, 0, 30), tick=False)
def test_the_register_page_and_command_agree_on_overdue(client_as, cchc, register):  # noqa: F811
    # "Rà soát biên chế" was due 20/02 and is not done: overdue from 21/02 in Vietnam (20/02 in UTC).
    page = client_as("coordinator").get("/ke-hoach/2021/nhiem-vu-giao/").content.decode()
    marked = re.findall(r'<tr id="nhiem-vu-giao-\d+" class="task-overdue[^"]*">.*?</tr>', page, re.S)
    assert len(marked) == 1 and "Rà soát biên chế" in marked[0]
    status = cchc("tasks", "status", "--year", "2021", "--as-of", "2021-02-21", "--format", "json").json()
    assert status["overdue"] == len(marked)
