"""The register of tasks assigned by the superior (nhiệm vụ UBND, Chủ tịch UBND tỉnh giao) and rows
1.3.1–1.3.3 of Văn phòng's report offered from it as of the period's data end."""

import datetime as dt

import pytest

from cchc.audit.models import AuditEntry
from cchc.planning.computed import register_figures
from cchc.planning.models import AssignedTask
from cchc.planning.register import import_register, record_done, register_status
from cchc.planning.workbook import Invalid, Unreadable
from cchc.reporting.prefill import offered_values

from .workbooks import workbook

D = dt.date
HEADER = ["STT", "Nội dung", "Văn bản giao", "Cơ quan tham mưu", "Thời hạn", "Ngày hoàn thành"]
# The register as Văn phòng keeps it: dates typed the ways people type them.
ROWS = [
    ["I", "NHIỆM VỤ UBND TỈNH GIAO"],
    [
        1,
        "Báo cáo kết quả rà soát TTHC",
        "Công văn số 15/UBND-TH ngày 12/01/2021 của UBND tỉnh",
        "Văn phòng",
        "15/02/2021",
        D(2021, 2, 10),
    ],  # on time
    [
        2,
        "Tổng kết công tác CCHC năm 2020",
        "Công văn số 30/UBND-NC ngày 20/01/2021",
        "Phòng Nội vụ",
        "Trước ngày 31/01/2021",
        "ngày 15 tháng 2 năm 2021",
    ],  # done late
    [3, "Rà soát biên chế các ĐVSNCL", "Văn bản số 52/UBND-NC ngày 01/02/2021", "Phòng Nội vụ", "20/02/2021", ""],
    ["II", "NHIỆM VỤ CHỦ TỊCH UBND TỈNH GIAO"],
    [
        1,
        "Triển khai dịch vụ công trực tuyến toàn trình",
        "Thông báo số 88/TB-UBND ngày 10/03/2021",
        "Phòng Văn hóa và Thông tin",
        "Quý II/2021",
        "Đã hoàn thành ngày 20/5/2021",
    ],  # assigned after Q1's data end
    [
        2,
        "Theo dõi việc tiếp nhận hồ sơ trực tuyến",
        "Công văn số 60/UBND-KT ngày 05/02/2021",
        "Văn phòng",
        "Thường xuyên",
        "Chưa hoàn thành",
    ],  # no deadline: never overdue
]


def register_file(rows=ROWS):
    return workbook(rows, header=HEADER, title_rows=False, numbers_row=False)


@pytest.fixture
def register(ankhe):
    data, _ = register_file()
    import_register(data, 2021, name="so-theo-doi.xlsx")
    return {t.title[:12]: t for t in AssignedTask.objects.filter(year=2021)}


def test_it_reads_the_register_as_it_is_kept(register):
    t = register["Tổng kết côn"]
    assert (t.advisor.code, t.assigned_on, t.deadline, t.done_on) == (
        "NV",
        D(2021, 1, 20),
        D(2021, 1, 31),
        D(2021, 2, 15),
    )
    assert t.document == "Công văn số 30/UBND-NC ngày 20/01/2021"
    online = register["Triển khai d"]
    assert (online.advisor.code, online.deadline, online.done_on) == ("VHTT", D(2021, 6, 30), D(2021, 5, 20))
    ongoing = register["Theo dõi việ"]
    assert ongoing.deadline is None and ongoing.done_on is None
    assert AssignedTask.objects.count() == 5  # the Roman-numbered group rows are not tasks


def test_the_status_as_of_a_day_counts_late_and_overdue_apart(register):
    # 28/02: four tasks assigned (the 10/03 one not yet); one done on time, one late; one open past its
    # deadline is overdue and in neither done count; the ongoing one is in none.
    assert register_status(2021, D(2021, 2, 28)) == {"total": 4, "done_on_time": 1, "done_late": 1, "overdue": 1}
    assert register_status(2021, D(2021, 5, 31)) == {"total": 5, "done_on_time": 2, "done_late": 1, "overdue": 1}
    # On 14/02 the late one was still open and already overdue.
    assert register_status(2021, D(2021, 2, 14)) == {"total": 4, "done_on_time": 1, "done_late": 0, "overdue": 1}


def test_van_phong_is_offered_1_3_x_as_of_the_data_end(register, unit, period):
    vp = unit("VP")
    assert (period("2021-Q1").data_to, period("2021-H1").data_to) == (D(2021, 2, 28), D(2021, 5, 31))
    assert register_figures(vp, period("2021-Q1")) == {"1.3.1": 4, "1.3.2": 1, "1.3.3": 1}
    assert register_figures(vp, period("2021-H1")) == {"1.3.1": 5, "1.3.2": 2, "1.3.3": 1}
    offered = offered_values(vp, period("2021-H1"))
    assert offered["1.3.1"] == (5, "tasks") and offered["1.3.3"] == (1, "tasks")
    assert register_figures(unit("NV"), period("2021-H1")) == {}  # only the unit the form makes responsible
    assert register_figures(vp, period("2021-Q1")) and not register_figures(vp, _period_of_2022(period))


def _period_of_2022(period):
    from cchc.reporting.models import Period

    p = period("2021-Q1")
    return Period(
        code="2022-Q1",
        year=2022,
        kind=p.kind,
        data_from=D(2021, 12, 15),
        data_to=D(2022, 2, 28),
        deadline=D(2022, 3, 5),
    )


def test_the_officer_accepts_the_offered_figures_on_the_report_page(register, client_as, personas):
    from cchc.orgunits.users import add_user
    from tests.conftest import PASSWORD

    add_user(
        "vp.cv", unit="VP", role="staff", password=PASSWORD, full_name="Chuyên viên Văn phòng", check_password=False
    )
    client = client_as("coordinator")
    client.logout()
    client.login(username="vp.cv", password=PASSWORD)
    response = client.post("/bao-cao/VP/2021-H1/", {"action": "prefill"})
    assert response.status_code in (200, 302)
    from cchc.reporting.models import Report

    report = Report.objects.get(unit__code="VP", period__code="2021-H1")
    values = report.value_map()
    assert (values.get("1.3.1"), values.get("1.3.2"), values.get("1.3.3")) == (5, 2, 1)
    assert report.prefilled.get("1.3.1") == "tasks"
    page = client.get("/bao-cao/VP/2021-H1/").content.decode()
    assert "sổ theo dõi nhiệm vụ" in page  # the figure's source is shown


def test_a_bad_register_is_refused_whole_naming_each_row(ankhe):
    rows = [
        ROWS[1],
        [2, "Việc", "Công văn 1/UBND", "Phòng Ngoại vụ", "15/3/2021", ""],
        [3, "Việc khác", "Công văn 2/UBND", "Văn phòng", "hôm kia", ""],
        [4, "Việc nữa", "Công văn 3/UBND", "Văn phòng", "15/3/2021", "Đã hoàn thành"],
    ]
    with pytest.raises(Invalid) as refused:
        import_register(register_file(rows)[0], 2021)
    text = "\n".join(refused.value.messages)
    assert "Dòng 3: không có đơn vị «Phòng Ngoại vụ»" in text
    assert "Dòng 4: Không hiểu thời gian hoàn thành «hôm kia»" in text
    assert "Dòng 5: Không hiểu ngày hoàn thành «Đã hoàn thành»" in text
    assert not AssignedTask.objects.exists()
    with pytest.raises(Unreadable):
        import_register(b"PK\x03\x04 broken", 2021)
    with pytest.raises(Unreadable, match="thiếu cột: Ngày hoàn thành"):
        import_register(workbook([ROWS[1][:5]], header=HEADER[:5], title_rows=False)[0], 2021)


def test_importing_again_keeps_tasks_and_audits_changed_done_days(register):
    rows = [list(r) for r in ROWS if r[0] != 3]
    rows[5][5] = "12/6/2021"  # the ongoing task is now done
    created, updated, removed = import_register(register_file(rows)[0], 2021)
    assert (created, updated, removed) == (0, 4, 1)
    assert AssignedTask.objects.get(pk=register["Theo dõi việ"].pk).done_on == D(2021, 6, 12)
    entry = AuditEntry.objects.filter(action="tasks.import").latest("id")
    assert entry.detail["done_changes"] == [
        {"task": register["Theo dõi việ"].pk, "before": None, "after": "2021-06-12"}
    ]


def test_recording_a_task_done_is_audited_and_refuses_the_future(register):
    from cchc.planning.register import RegisterError

    task = register["Rà soát biên"]
    record_done(task, D(2021, 2, 25), by="cchc tasks done")
    entry = AuditEntry.objects.filter(action="tasks.done").latest("id")
    assert (entry.detail["before"], entry.detail["after"], entry.unit) == (None, "2021-02-25", "NV")
    with pytest.raises(RegisterError, match="tương lai"):
        record_done(task, D(2099, 1, 1))


def test_the_tasks_commands(cchc, ankhe, tmp_path):
    path = tmp_path / "so-theo-doi.xlsx"
    path.write_bytes(register_file()[0])
    out = cchc("tasks", "import", str(path), "--year", "2021", "--format", "json").json()
    assert (out["tasks"], out["created"]) == (5, 5)
    status = cchc("tasks", "status", "--year", "2021", "--as-of", "28/02/2021", "--format", "json").json()
    assert status == {"total": 4, "done_on_time": 1, "done_late": 1, "overdue": 1}
    listed = cchc("tasks", "list", "--year", "2021", "--format", "json").json()
    open_one = next(r for r in listed if r["title"].startswith("Rà soát biên"))
    assert open_one["done_on"] is None and open_one["advisor"] == "NV"
    cchc("tasks", "done", str(open_one["id"]), "--date", "2021-02-19")
    after = cchc("tasks", "status", "--year", "2021", "--as-of", "2021-02-28", "--format", "json").json()
    assert after == {"total": 4, "done_on_time": 2, "done_late": 1, "overdue": 0}
    text = cchc("tasks", "status", "--year", "2021", "--as-of", "2021-02-28").stdout
    assert "hoàn thành đúng hạn 2, hoàn thành quá hạn 1" in text
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(register_file([[1, "Việc", "Công văn 1", "Phòng Ngoại vụ", "15/3/2021", ""]])[0])
    assert "Dòng 2: không có đơn vị" in cchc("tasks", "import", str(bad), "--year", "2021", expect=1).stderr
    cchc("tasks", "import", str(tmp_path / "khong-co.xlsx"), "--year", "2021", expect=2)
    cchc("tasks", "import", str(path), expect=2)  # no --year
    cchc("tasks", "done", "999999", expect=2)
    assert AssignedTask.objects.count() == 5


def test_the_register_pages(register, client_as, personas):
    coordinator = client_as("coordinator")
    page = coordinator.get("/ke-hoach/2021/nhiem-vu-giao/?as_of=28/02/2021").content.decode()
    assert "Tổng kết công tác CCHC năm 2020" in page and 'id="register-counts"' in page
    assert "Hoàn thành quá hạn" in page and "Chưa giao tại ngày này" in page
    # A task added on the page reads its assigned day from the document and its deadline as the plan does.
    response = coordinator.post(
        "/ke-hoach/2021/nhiem-vu-giao/them/",
        {
            "stt": "3",
            "title": "Báo cáo chuyển đổi số",
            "document": "Công văn số 99/UBND-KGVX ngày 02/03/2021",
            "assigned_on": "",
            "advisor": personas["officer_a"].membership.unit_id,
            "deadline_text": "Quý I/2021",
            "done_on": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    added = AssignedTask.objects.get(title="Báo cáo chuyển đổi số")
    assert (added.assigned_on, added.deadline, added.advisor.code) == (D(2021, 3, 2), D(2021, 3, 31), "NGO-MAY")
    bad = coordinator.post(
        f"/ke-hoach/nhiem-vu-giao/{added.pk}/",
        {
            "title": "Báo cáo chuyển đổi số",
            "advisor": added.advisor_id,
            "deadline_text": "Quý I/2021",
            "done_on": "31/02/2021",
        },
    )
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
    coordinator.post(
        f"/ke-hoach/nhiem-vu-giao/{added.pk}/",
        {
            "title": "Báo cáo chuyển đổi số",
            "document": added.document,
            "advisor": added.advisor_id,
            "deadline_text": "Quý I/2021",
            "done_on": "30/03/2021",
        },
    )
    assert AssignedTask.objects.get(pk=added.pk).done_on == D(2021, 3, 30)
    edit = AuditEntry.objects.filter(action="tasks.edit").latest("id")
    assert edit.detail["changed"]["done_on"] == ["", "2021-03-30"]
    # The ward's officer sees the one task its unit advises on, and cannot change the register.
    ward = client_as("officer_a").get("/ke-hoach/2021/nhiem-vu-giao/").content.decode()
    assert "Báo cáo chuyển đổi số" in ward and "Tổng kết công tác" not in ward
    assert client_as("officer_a").get(f"/ke-hoach/nhiem-vu-giao/{added.pk}/").status_code == 403
