"""`cchc plan import|list|progress|status`: JSON as INTERFACES.md says, exit statuses 0/1/2."""

import time_machine

from cchc.planning.models import PlanTask, TaskProgress
from tests.conftest import vn

from .workbooks import workbook


def test_it_imports_and_lists_the_plan(cchc, ankhe, tmp_path):
    data, _ = workbook(
        [
            ["I", "CẢI CÁCH THỂ CHẾ"],
            [1, "Rà soát VBQPPL", "Tư pháp", "", "Quý I/2021", "Báo cáo"],
            ["VI", "CHÍNH QUYỀN SỐ"],
            [1, "Cổng TTĐT", "Phòng VH-TT", "", "Thường xuyên", ""],
        ]
    )
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(data)
    out = cchc("plan", "import", str(path), "--year", "2021")
    assert "2 nhiệm vụ" in out.stdout
    rows = cchc("plan", "list", "--year", "2021", "--format", "json").json()
    ids = list(PlanTask.objects.order_by("position").values_list("pk", flat=True))
    plan = {
        "id": PlanTask.objects.get(pk=ids[0]).plan_id,
        "kind": "cchc",
        "title": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA UBND THỊ XÃ AN KHÊ",
    }
    assert rows == [
        {
            "id": ids[0],
            "area": 1,
            "title": "Rà soát VBQPPL",
            "lead": "TP",
            "deadline": "2021-03-31",
            "status": "not_started",
            "plan": plan,
        },
        {
            "id": ids[1],
            "area": 6,
            "title": "Cổng TTĐT",
            "lead": "VHTT",
            "deadline": None,
            "status": "not_started",
            "plan": plan,
        },
    ]
    assert cchc("plan", "list", "--year", "2022", "--format", "json").json() == []


def test_a_bad_file_exits_1_naming_rows_and_an_unreadable_one_2(cchc, ankhe, tmp_path):
    data, marks = workbook([["I", "CẢI CÁCH THỂ CHẾ"], [{"mark": "bad"}, 1, "Việc", "Phòng Ngoại vụ", "", "Quý I", ""]])
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(data)
    out = cchc("plan", "import", str(bad), "--year", "2021", expect=1)
    assert f"Dòng {marks['bad']}: không có đơn vị «Phòng Ngoại vụ»" in out.stderr
    assert not PlanTask.objects.exists()
    junk = tmp_path / "hong.xlsx"
    junk.write_bytes(b"garbage")
    assert "không phải là tệp Excel" in cchc("plan", "import", str(junk), "--year", "2021", expect=2).stderr
    cchc("plan", "import", str(tmp_path / "khong-co.xlsx"), "--year", "2021", expect=2)
    cchc("plan", "import", str(bad), expect=2)  # no --year


def test_progress_and_status_by_command(cchc, small_plan):
    c = small_plan["C"]
    with time_machine.travel(vn(2021, 4, 10, 9), tick=False):
        out = cchc(
            "plan",
            "progress",
            str(c.pk),
            "--status",
            "done",
            "--date",
            "25/03/2021",
            "--note",
            "QĐ 512",
            "--format",
            "json",
        )
        assert out.json() == {"id": c.pk, "status": "done", "done_on": "2021-03-25"}
        cchc("plan", "progress", str(small_plan["A"].pk), "--status", "in_progress")
    entry = TaskProgress.objects.get(task=small_plan["A"])
    assert entry.effective_on.isoformat() == "2021-04-10"  # default: today in Vietnam
    status = cchc("plan", "status", "--year", "2021", "--as-of", "2021-04-01", "--format", "json").json()
    assert set(status) == {"total", "completed", "completed_late", "overdue", "by_area", "by_unit"}
    assert (status["total"], status["completed"], status["completed_late"], status["overdue"]) == (6, 1, 1, 2)
    assert list(status["by_area"]) == ["1", "2", "3", "4", "5", "6"]
    assert status["by_area"]["2"]["overdue"] == 1 and status["by_unit"]["TP"]["overdue"] == 1
    assert status["by_unit"]["NV"] == {"total": 2, "completed": 1, "completed_late": 1, "overdue": 0}
    same = cchc("plan", "status", "--year", "2021", "--as-of", "01/04/2021", "--format", "json").json()
    assert same == status


def test_progress_refusals_have_their_exit_status(cchc, small_plan):
    pk = str(small_plan["A"].pk)
    cchc("plan", "progress", "999999", "--status", "done", expect=2)
    cchc("plan", "progress", pk, "--status", "finished", expect=2)  # not a choice
    cchc("plan", "progress", pk, "--status", "done", "--date", "31/02/2021", expect=2)
    with time_machine.travel(vn(2021, 3, 1, 9), tick=False):
        out = cchc("plan", "progress", pk, "--status", "done", "--date", "2021-03-02", expect=1)
    assert "tương lai" in out.stderr
    assert not TaskProgress.objects.exists()


def test_status_without_a_plan_is_all_zero(cchc, ankhe):
    status = cchc("plan", "status", "--year", "2030", "--as-of", "2030-06-30", "--format", "json").json()
    assert status["total"] == 0 and status["by_unit"] == {}
    assert status["by_area"]["6"] == {"total": 0, "completed": 0, "completed_late": 0, "overdue": 0}
