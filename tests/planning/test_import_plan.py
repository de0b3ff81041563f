"""Importing the plan's appendix from a workbook: deadlines as people write them, unit names written
several ways, groups and sub-tasks, merged cells; bad rows refused by row, nothing stored."""

import datetime as dt

import pytest

from cchc.planning.actions import import_plan
from cchc.planning.models import Plan, PlanTask
from cchc.planning.workbook import Invalid, Unreadable

from .workbooks import workbook

D = dt.date

ROWS = [
    ["I", "CẢI CÁCH THỂ CHẾ"],
    [
        {"mark": "q1"},
        1,
        "Xây dựng, ban hành văn bản QPPL của UBND thị xã",
        "Phòng Tư pháp",
        "Các cơ quan chuyên môn",
        "Quý I/2021",
        "Văn bản QPPL",
    ],
    [{"mark": "q2"}, 2, "Rà soát văn bản QPPL", "Tư pháp", "", "Quý II/2021", "Báo cáo"],
    [{"mark": "q3"}, 3, "Kiểm tra văn bản QPPL", "P. Tư pháp", "", "Quý III/2021", "Báo cáo"],
    [{"mark": "q4"}, 4, "Theo dõi thi hành pháp luật", "phòng tư pháp thị xã", "", "Quý IV/2021", "Báo cáo"],
    None,
    ["II.", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
    [{"mark": "group"}, 1, "Rà soát, đơn giản hóa TTHC", None, None, None, None],
    [
        {"mark": "m9"},
        "1.1",
        "Rà soát TTHC lĩnh vực đất đai",
        "Văn phòng HĐND và UBND thị xã",
        "Phòng TN&MT",
        "Tháng 9/2021",
        "Phương án đơn giản hóa",
    ],
    [{"mark": "before"}, "1.2", "Rà soát TTHC lĩnh vực tư pháp", "Văn phòng HĐND-UBND", "", "Trước ngày 15/3/2021", ""],
    [
        {"mark": "h1"},
        2,
        "Công khai TTHC tại Bộ phận một cửa",
        "VP HĐND và UBND",
        "",
        "6 tháng đầu năm",
        "Danh mục TTHC",
    ],
    [{"mark": "year"}, 3, "Số hóa hồ sơ TTHC", "Văn phòng HĐND – UBND", "", "Năm 2021", ""],
    [{"mark": "ongoing"}, 4, "Tiếp nhận phản ánh, kiến nghị", "VĂN PHÒNG HĐND & UBND THỊ XÃ", "", "Thường xuyên", ""],
    ["III", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC"],
    [{"mark": "slash"}, 1, "Sắp xếp tổ chức bộ máy", "Phòng Nội vụ", "", "15/3/2021", ""],
    [{"mark": "dash"}, 2, "Kiểm tra CCHC", "Nội vụ", "", "15-03-2021", ""],
    [{"mark": "iso"}, 3, "Xác định chỉ số CCHC", "P. Nội vụ", "", "2021-03-15", ""],
    [{"mark": "cell"}, 4, "Công bố chỉ số CCHC", "phong noi vu", "", dt.datetime(2021, 4, 20), ""],
    ["IV - CẢI CÁCH CHẾ ĐỘ CÔNG VỤ, CÔNG CHỨC"],
    [{"mark": "lower"}, 1, "Vị trí việc làm", "Phòng Nội vụ, Văn phòng HĐND và UBND", "Các phòng", "quý 1", ""],
    [{"mark": "nam"}, 2, "Đào tạo, bồi dưỡng", "Phòng Nội vụ", "", "Quý I năm 2021", ""],
    [{"mark": "trong"}, 3, "Tuyển dụng công chức", "Phòng Nội vụ", "", "trong quý II", ""],
    [{"mark": "t9"}, 4, "Đánh giá công chức", "Phòng Nội vụ", "", "Tháng 9", ""],
    ["V", "CẢI CÁCH TÀI CHÍNH CÔNG"],
    [{"mark": "whole"}, 1, "Giao dự toán, tự chủ tài chính", "Phòng Tài chính - Kế hoạch", "", "Cả năm", ""],
    [{"mark": "t306"}, 2, "Công khai ngân sách", "Phòng Tài chính và Kế hoạch", "", "trước 30/6", ""],
    ["VI. XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"],
    [{"mark": "a"}, 1, "Ứng dụng công nghệ thông tin", None, None, "Quý IV/2021", None],
    [{"mark": "sub_a"}, "a)", "Cổng thông tin điện tử", "Phòng Văn hóa và Thông tin", "", None, "Cổng TTĐT"],
    [{"mark": "sub_b"}, "b)", "Một cửa điện tử tại phường", "UBND phường Ngô Mây", "", "Tháng 6/2021", ""],
    [{"mark": "ward"}, 2, "Niêm yết TTHC", "Phường An Bình", "", "Quý II/2021", ""],
]

EXPECTED = {  # mark: (area, lead code, deadline)
    "q1": (1, "TP", D(2021, 3, 31)),
    "q2": (1, "TP", D(2021, 6, 30)),
    "q3": (1, "TP", D(2021, 9, 30)),
    "q4": (1, "TP", D(2021, 12, 31)),
    "m9": (2, "VP", D(2021, 9, 30)),
    "before": (2, "VP", D(2021, 3, 15)),
    "h1": (2, "VP", D(2021, 6, 30)),
    "year": (2, "VP", D(2021, 12, 31)),
    "ongoing": (2, "VP", None),
    "slash": (3, "NV", D(2021, 3, 15)),
    "dash": (3, "NV", D(2021, 3, 15)),
    "iso": (3, "NV", D(2021, 3, 15)),
    "cell": (3, "NV", D(2021, 4, 20)),
    "lower": (4, "NV", D(2021, 3, 31)),
    "nam": (4, "NV", D(2021, 3, 31)),
    "trong": (4, "NV", D(2021, 6, 30)),
    "t9": (4, "NV", D(2021, 9, 30)),
    "whole": (5, "TCKH", D(2021, 12, 31)),
    "t306": (5, "TCKH", D(2021, 6, 30)),
    "sub_a": (6, "VHTT", D(2021, 12, 31)),
    "sub_b": (6, "NGO-MAY", D(2021, 6, 30)),
    "ward": (6, "AN-BINH", D(2021, 6, 30)),
}


def test_it_reads_every_deadline_phrase_and_unit_spelling(ankhe):
    data, marks = workbook(ROWS)
    plan, created, updated, removed = import_plan(data, 2021)
    assert (created, updated, removed) == (len(EXPECTED), 0, 0)
    tasks = list(PlanTask.objects.filter(plan=plan).select_related("lead").order_by("position"))
    by_title = {t.title: t for t in tasks}
    for row in ROWS:
        if row and isinstance(row[0], dict) and row[0]["mark"] in EXPECTED:
            task = by_title[row[2]]
            assert (task.area, task.lead.code, task.deadline) == EXPECTED[row[0]["mark"]], row
    assert len(tasks) == len(EXPECTED)  # the two group rows are not tasks
    assert plan.title == "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA UBND THỊ XÃ AN KHÊ"


def test_it_keeps_what_was_written_and_the_groups(ankhe):
    plan, *_ = import_plan(workbook(ROWS)[0], 2021, title="Kế hoạch CCHC năm 2021 (Quyết định 2664/QĐ-UBND)")
    assert plan.title == "Kế hoạch CCHC năm 2021 (Quyết định 2664/QĐ-UBND)"
    ongoing = PlanTask.objects.get(title="Tiếp nhận phản ánh, kiến nghị")
    assert (ongoing.deadline_text, ongoing.deadline, ongoing.ongoing) == ("Thường xuyên", None, True)
    cell = PlanTask.objects.get(title="Công bố chỉ số CCHC")
    assert cell.deadline_text == "20/04/2021"
    sub = PlanTask.objects.get(title="Cổng thông tin điện tử")
    # the sub-task takes its group's deadline; keeps its own number and product
    assert (sub.stt, sub.heading_stt, sub.heading, sub.deadline_text, sub.product) == (
        "a)",
        "1",
        "Ứng dụng công nghệ thông tin",
        "Quý IV/2021",
        "Cổng TTĐT",
    )
    first = PlanTask.objects.get(title="Rà soát TTHC lĩnh vực đất đai")
    assert (first.stt, first.heading) == ("1.1", "Rà soát, đơn giản hóa TTHC")
    # several leads: the first leads, the others join the partners
    shared = PlanTask.objects.get(title="Vị trí việc làm")
    assert shared.lead.code == "NV"
    assert shared.partners == "Văn phòng HĐND và UBND, Các phòng"


def test_it_fills_a_lead_merged_over_several_rows(ankhe):
    rows = [
        [{"mark": "area"}, "I. CẢI CÁCH THỂ CHẾ"],
        [{"mark": "a"}, 1, "Việc một", "Phòng Tư pháp", "", "Quý I/2021", ""],
        [{"mark": "b"}, 2, "Việc hai", None, "", "Quý II/2021", ""],
        [{"mark": "c"}, 3, "Việc ba", None, "", "Quý III/2021", ""],
    ]
    data, _ = workbook(rows, merges=[lambda m: f"C{m['a']}:C{m['c']}", lambda m: f"A{m['area']}:F{m['area']}"])
    import_plan(data, 2021)
    assert list(PlanTask.objects.order_by("position").values_list("lead__code", flat=True)) == ["TP", "TP", "TP"]


def test_it_refuses_bad_rows_naming_each_and_stores_nothing(ankhe):
    rows = [
        ["I", "CẢI CÁCH THỂ CHẾ"],
        [{"mark": "ok"}, 1, "Việc đúng", "Phòng Tư pháp", "", "Quý I/2021", ""],
        [{"mark": "unknown"}, 2, "Việc của đơn vị lạ", "Phòng Ngoại giao", "", "Quý I/2021", ""],
        [{"mark": "phrase"}, 3, "Việc hạn lạ", "Phòng Tư pháp", "", "Sớm nhất có thể", ""],
        [{"mark": "all"}, 4, "Niêm yết TTHC", "UBND các xã, phường", "", "Quý I/2021", ""],
        [{"mark": "nodate"}, 5, "Việc không hạn", "Phòng Tư pháp", "", None, ""],
        [{"mark": "dup"}, 6, "Việc đúng", "Phòng Tư pháp", "", "Quý II/2021", ""],
        [{"mark": "quarter"}, 7, "Việc quý năm", "Phòng Tư pháp", "", "Quý V/2021", ""],
    ]
    data, marks = workbook(rows)
    with pytest.raises(Invalid) as caught:
        import_plan(data, 2021)
    messages = caught.value.messages
    assert len(messages) == 6
    text = "\n".join(messages)
    assert f"Dòng {marks['unknown']}: không có đơn vị «Phòng Ngoại giao»" in text
    assert f"Dòng {marks['phrase']}: Không hiểu thời gian hoàn thành «Sớm nhất có thể»" in text
    assert f"Dòng {marks['all']}: cơ quan chủ trì «UBND các xã, phường» là nhiều đơn vị" in text
    assert f"Dòng {marks['nodate']}: Thiếu thời gian hoàn thành" in text
    assert f"Dòng {marks['dup']}: nhiệm vụ trùng với dòng {marks['ok']}" in text
    assert f"Dòng {marks['quarter']}:" in text
    assert not Plan.objects.exists() and not PlanTask.objects.exists()


def test_it_refuses_a_task_above_the_first_area_and_an_unknown_area(ankhe):
    rows = [
        [{"mark": "early"}, 1, "Việc chưa có lĩnh vực", "Phòng Tư pháp", "", "Quý I/2021", ""],
        [{"mark": "vii"}, "VII", "CÔNG TÁC KHÁC"],
        [2, "Việc khác", "Phòng Tư pháp", "", "Quý I/2021", ""],
    ]
    data, marks = workbook(rows)
    with pytest.raises(Invalid) as caught:
        import_plan(data, 2021)
    assert caught.value.messages[0].startswith(f"Dòng {marks['early']}: nhiệm vụ nằm trước dòng lĩnh vực")
    assert caught.value.messages[1].startswith(f"Dòng {marks['vii']}: không nhận ra lĩnh vực cải cách")


def test_the_area_comes_from_the_headings_words_when_the_numbering_differs(ankhe):
    rows = [
        ["I", "Cải cách thủ tục hành chính"],
        [1, "Việc", "Văn phòng", "", "Quý I/2021", ""],
        ["II", "Hiện đại hóa hành chính"],
        [1, "Việc khác", "Phòng VH-TT", "", "Quý I/2021", ""],
    ]
    import_plan(workbook(rows)[0], 2021)
    assert sorted(PlanTask.objects.values_list("area", "lead__code")) == [(2, "VP"), (6, "VHTT")]


def test_it_says_a_file_is_unreadable(ankhe):
    with pytest.raises(Unreadable):
        import_plan(b"not a workbook", 2021)
    data, _ = workbook([["I", "CẢI CÁCH THỂ CHẾ"]], header=["Số", "Tên", "Ghi chú"])
    with pytest.raises(Unreadable, match="không tìm thấy dòng tiêu đề"):
        import_plan(data, 2021)


def test_importing_again_keeps_tasks_and_their_progress(ankhe):
    from cchc.planning.actions import record_progress

    data, _ = workbook(ROWS)
    import_plan(data, 2021)
    task = PlanTask.objects.get(title="Sắp xếp tổ chức bộ máy")
    record_progress(
        task, "in_progress", on=D(2021, 2, 1), note="Đang xây dựng đề án", at=dt.datetime(2021, 2, 1, 9, tzinfo=dt.UTC)
    )
    shorter = [r for r in ROWS if not (r and isinstance(r[0], dict) and r[0]["mark"] == "iso")]
    plan, created, updated, removed = import_plan(workbook(shorter)[0], 2021)
    assert (created, updated, removed) == (0, len(EXPECTED) - 1, 1)
    assert PlanTask.objects.get(pk=task.pk).progress.count() == 1
    # a task with reported progress missing from the file refuses the whole import
    without = [r for r in shorter if not (r and isinstance(r[0], dict) and r[0]["mark"] == "slash")]
    with pytest.raises(Invalid, match="đã có báo cáo tiến độ"):
        import_plan(workbook(without)[0], 2021)
    assert PlanTask.objects.count() == len(EXPECTED) - 1
