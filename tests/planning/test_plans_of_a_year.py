"""Several plans a year: the CCHC plan, the communication plan (kế hoạch tuyên truyền CCHC), other named
plans — each imported and followed on its own; 1.1.1/1.1.2 count the CCHC plan only."""

import datetime as dt

import pytest

from cchc.planning.actions import PlanError, ensure_plan, import_plan, record_progress
from cchc.planning.computed import plan_figures
from cchc.planning.models import Plan, PlanKind, PlanTask
from cchc.planning.status import communication_paragraph
from tests.conftest import vn

from .workbooks import workbook

D = dt.date

CCHC_ROWS = [
    ["I", "CẢI CÁCH THỂ CHẾ"],
    [1, "Rà soát VBQPPL", "Tư pháp", "", "Quý I/2021", "Báo cáo"],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
    [1, "Niêm yết TTHC", "Văn phòng", "", "Quý II/2021", ""],
]
# Phần III of a communication plan: its own sections, no reform areas.
COMMUNICATION_ROWS = [
    ["I", "TUYÊN TRUYỀN TRÊN CÁC PHƯƠNG TIỆN THÔNG TIN ĐẠI CHÚNG"],
    [
        1,
        "Xây dựng chuyên mục CCHC trên Cổng thông tin điện tử",
        "Phòng Văn hóa - Thông tin",
        "",
        "Quý I/2021",
        "Chuyên mục",
    ],
    [2, "Phát sóng tin, bài về CCHC trên Đài truyền thanh", "Phòng Văn hóa - Thông tin", "", "Thường xuyên", ""],
    ["II", "TUYÊN TRUYỀN TẠI CƠ SỞ"],
    [1, "Treo băng rôn, pa nô về CCHC tại trụ sở", "UBND phường Ngô Mây", "", "Tháng 4/2021", "Pa nô"],
]


@pytest.fixture
def two_plans(ankhe):
    cchc_plan, *_ = import_plan(workbook(CCHC_ROWS)[0], 2021, number="2664/QĐ-UBND", issued_on=D(2020, 12, 29))
    communication, *_ = import_plan(
        workbook(COMMUNICATION_ROWS)[0],
        2021,
        kind="tuyen-truyen",
        title="Kế hoạch tuyên truyền CCHC năm 2021",
        number="123/KH-UBND",
    )
    return cchc_plan, communication


def test_a_year_holds_the_cchc_plan_and_the_communication_plan_side_by_side(two_plans):
    cchc_plan, communication = two_plans
    assert (cchc_plan.kind, communication.kind) == ("cchc", "tuyen-truyen")
    assert cchc_plan.tasks.count() == 2 and communication.tasks.count() == 3
    assert cchc_plan.decision == "số 2664/QĐ-UBND ngày 29/12/2020"
    # The communication plan has sections, not reform areas: its tasks keep their section as their group.
    banner = communication.tasks.get(title__startswith="Treo băng rôn")
    assert banner.area is None and banner.heading_stt == "II" and banner.heading == "TUYÊN TRUYỀN TẠI CƠ SỞ"
    assert banner.lead.code == "NGO-MAY" and banner.deadline == D(2021, 4, 30)
    assert banner.number_shown == "1"
    # Importing the communication plan again updates it and leaves the CCHC plan alone.
    _, created, updated, removed = import_plan(workbook(COMMUNICATION_ROWS[:3])[0], 2021, kind="tuyen-truyen")
    assert (created, updated, removed) == (0, 2, 1)
    assert cchc_plan.tasks.count() == 2 and Plan.objects.filter(year=2021).count() == 2


def test_only_the_cchc_plan_counts_in_1_1_1_and_1_1_2(two_plans, unit, period):
    cchc_plan, communication = two_plans
    for task in communication.tasks.all():
        record_progress(task, "done", on=D(2021, 2, 10), at=vn(2021, 2, 10, 9))
    record_progress(cchc_plan.tasks.get(title="Rà soát VBQPPL"), "done", on=D(2021, 2, 20), at=vn(2021, 2, 20, 9))
    assert plan_figures(unit("NV"), period("2021-Q1")) == {"1.1.1": 2, "1.1.2": 1}


def test_other_plans_are_told_apart_by_their_title(ankhe):
    rows = [[1, "Số hóa hồ sơ", "Văn phòng", "", "Quý III/2021", ""]]
    with pytest.raises(PlanError, match="cần có tên"):  # the file's title rows name no plan either
        import_plan(workbook(rows, title_rows=False)[0], 2021, kind="other")
    a, *_ = import_plan(workbook(rows)[0], 2021, kind="other", title="Kế hoạch chuyển đổi số năm 2021")
    b, *_ = import_plan(workbook(rows)[0], 2021, kind="other", title="Kế hoạch ISO 9001 năm 2021")
    again, *_ = import_plan(workbook(rows)[0], 2021, kind="other", title="kế hoạch chuyển đổi số năm 2021")
    assert a.pk != b.pk and again.pk == a.pk and a.key == f"khac-{a.pk}"
    # The CCHC plan is one a year, whatever title it is given.
    assert ensure_plan(2021, title="Kế hoạch CCHC").pk == ensure_plan(2021).pk


def test_the_consolidated_narrative_lists_the_communication_tasks_done_in_the_period(two_plans, period):
    from cchc.consolidation.narrative import draft_narrative

    _, communication = two_plans
    tasks = {t.title[:8]: t for t in communication.tasks.all()}
    record_progress(tasks["Xây dựng"], "done", on=D(2021, 2, 10), at=vn(2021, 2, 10, 9))
    record_progress(tasks["Treo băn"], "done", on=D(2021, 4, 20), at=vn(2021, 4, 20, 9))
    q1 = draft_narrative(period("2021-Q1"))["organisation"]
    assert "Kế hoạch tuyên truyền CCHC năm 2021 (số 123/KH-UBND)" in q1
    assert "hoàn thành 1 nhiệm vụ" in q1
    vhtt = communication.tasks.get(title__startswith="Xây dựng").lead.name
    assert f"- Xây dựng chuyên mục CCHC trên Cổng thông tin điện tử ({vhtt}, ngày 10/02/2021)" in q1
    h1 = communication_paragraph(period("2021-H1"))  # 6 tháng: 15/12/2020 – 31/05/2021
    assert "hoàn thành 2 nhiệm vụ" in h1 and "Treo băng rôn" in h1
    assert communication_paragraph(period("2021-Q3")) == ""  # nothing done in Q3's window


def test_the_plan_commands_work_per_kind(cchc, ankhe, tmp_path):
    main, side = tmp_path / "kh-cchc.xlsx", tmp_path / "kh-tuyen-truyen.xlsx"
    main.write_bytes(workbook(CCHC_ROWS)[0])
    untitled = tmp_path / "khong-ten.xlsx"
    untitled.write_bytes(workbook(COMMUNICATION_ROWS, title_rows=False)[0])
    side.write_bytes(workbook(COMMUNICATION_ROWS)[0])
    cchc("plan", "import", str(main), "--year", "2021")
    out = cchc(
        "plan",
        "import",
        str(side),
        "--year",
        "2021",
        "--kind",
        "tuyen-truyen",
        "--title",
        "Kế hoạch tuyên truyền CCHC năm 2021",
        "--number",
        "123/KH-UBND",
        "--issued-on",
        "29/12/2020",
        "--format",
        "json",
    ).json()
    assert out["plan"]["kind"] == "tuyen-truyen" and out["tasks"] == 3
    every = cchc("plan", "list", "--year", "2021", "--format", "json").json()
    assert len(every) == 5
    side_plan = Plan.objects.get(kind="tuyen-truyen")
    assert side_plan.issued_on == D(2020, 12, 29)
    only = cchc("plan", "list", "--year", "2021", "--kind", "tuyen-truyen", "--format", "json").json()
    assert [r["plan"] for r in only] == [
        {"id": side_plan.pk, "kind": "tuyen-truyen", "title": "Kế hoạch tuyên truyền CCHC năm 2021"}
    ] * 3
    assert {r["area"] for r in only} == {None}
    task = PlanTask.objects.get(title__startswith="Xây dựng chuyên mục")
    cchc("plan", "progress", str(task.pk), "--status", "done", "--date", "2021-03-01")
    status = cchc(
        "plan", "status", "--year", "2021", "--as-of", "2021-04-01", "--kind", "tuyen-truyen", "--format", "json"
    ).json()
    assert (status["total"], status["completed"], status["overdue"]) == (3, 1, 0)
    default = cchc("plan", "status", "--year", "2021", "--as-of", "2021-04-01", "--format", "json").json()
    assert (default["total"], default["completed"], default["overdue"]) == (2, 0, 1)  # the CCHC plan
    text = cchc("plan", "status", "--year", "2021", "--as-of", "2021-04-01", "--kind", "tuyen-truyen").stdout
    assert text.startswith("Kế hoạch tuyên truyền CCHC năm 2021, tính đến ngày 01/04/2021: 3 nhiệm vụ")
    assert "Cải cách thể chế" not in text  # no reform-area lines for a plan without areas
    err = cchc("plan", "import", str(untitled), "--year", "2021", "--kind", "other", expect=2).stderr
    assert "cần có tên" in err
    cchc("plan", "import", str(side), "--year", "2021", "--kind", "ke-hoach-la", expect=2)
    assert "là một thư mục" in cchc("plan", "import", str(tmp_path), "--year", "2021", expect=2).stderr


def test_the_year_page_shows_each_plan_and_its_tabs(two_plans, client_as):
    client = client_as("coordinator")
    page = client.get("/ke-hoach/2021/tuyen-truyen/").content.decode()
    assert "Kế hoạch tuyên truyền CCHC năm 2021" in page and "Treo băng rôn" in page
    assert "Rà soát VBQPPL" not in page  # the CCHC plan's task is on its own page
    assert 'id="plan-by-area"' not in page  # no reform areas in a communication plan
    assert "Nhiệm vụ cấp trên giao" in page  # the register's tab
    main = client.get("/ke-hoach/2021/").content.decode()
    assert "Rà soát VBQPPL" in main and "Treo băng rôn" not in main and 'id="plan-by-area"' in main
    assert client.get("/ke-hoach/2021/khac-999/").status_code == 404
    assert client.get("/ke-hoach/2021/khong-co/").status_code == 404
    xlsx = client.get("/ke-hoach/2021/tuyen-truyen/xlsx/")
    assert xlsx.status_code == 200 and "ke-hoach-tuyen-truyen-2021" in xlsx["Content-Disposition"]
    # A ward's officer sees its own task of the communication plan, and nothing of others.
    ward = client_as("officer_a").get("/ke-hoach/2021/tuyen-truyen/").content.decode()
    assert "Treo băng rôn" in ward and "Đài truyền thanh" not in ward


def test_the_web_import_takes_the_kind_and_the_decision(ankhe, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("coordinator")
    upload = SimpleUploadedFile("tuyen-truyen.xlsx", workbook(COMMUNICATION_ROWS)[0])
    response = client.post(
        "/ke-hoach/2021/nhap/",
        {"file": upload, "kind": "tuyen-truyen", "title": "", "number": "123/KH-UBND", "issued_on": "29/12/2020"},
    )
    assert response.status_code == 302 and response["Location"] == "/ke-hoach/2021/tuyen-truyen/"
    plan = Plan.objects.get(year=2021)
    assert (plan.kind, plan.title, plan.number) == (
        "tuyen-truyen",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA UBND THỊ XÃ AN KHÊ",
        "123/KH-UBND",
    )
    upload = SimpleUploadedFile("khac.xlsx", workbook(COMMUNICATION_ROWS, title_rows=False)[0])
    refused = client.post("/ke-hoach/2021/nhap/", {"file": upload, "kind": "other", "title": ""})
    assert refused.status_code == 400 and "cần có tên" in refused.content.decode()
    assert Plan.objects.filter(kind=PlanKind.OTHER).count() == 0


def test_the_report_page_lists_the_units_tasks_of_each_plan(two_plans, client_as):
    page = client_as("officer_a").get("/bao-cao/NGO-MAY/2021-Q1/").content.decode()
    assert 'data-plan-kind="tuyen-truyen"' in page and "Treo băng rôn, pa nô về CCHC tại trụ sở" in page
    assert "Kế hoạch tuyên truyền CCHC năm 2021" in page
