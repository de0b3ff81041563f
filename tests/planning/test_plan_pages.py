"""The plan's pages through the test client, tried by every persona: the coordinator sees and edits,
the viewer reads, a ward's officer or leader updates only its own unit's tasks."""

import datetime as dt
import io
import re

import pytest
import time_machine
from openpyxl import load_workbook

from cchc.planning.models import PlanTask, TaskProgress
from tests.conftest import vn

from .workbooks import workbook

D = dt.date
WHOLE = ("coordinator", "viewer")


@pytest.fixture(autouse=True)
def _mid_year():
    with time_machine.travel(vn(2021, 7, 1, 9), tick=False):
        yield


@pytest.mark.parametrize("who", ["coordinator", "viewer", "officer_a", "leader_a", "officer_b", "leader_b"])
def test_every_member_sees_the_plan_page_but_only_its_own_part(client_as, progressed, who):
    page = client_as(who).get("/ke-hoach/2021/")
    assert page.status_code == 200
    html = page.content.decode()
    titles = {k for k in "ABCDEF" if f"Nhiệm vụ {k}</td>" in html}
    expected = set("ABCDEF") if who in WHOLE else ({"E"} if who.endswith("_a") else {"F"})
    assert titles == expected
    assert ('id="plan-counts"' in html) == (who in WHOLE)
    assert ("Thêm nhiệm vụ" in html) == (who == "coordinator")
    assert ('id="nhap-ke-hoach"' in html) == (who == "coordinator")


def test_overdue_tasks_stand_out_as_of_the_chosen_day(client_as, progressed):
    page = client_as("coordinator").get("/ke-hoach/2021/", {"as_of": "01/07/2021"})
    html = page.content.decode()
    for key, overdue in {"B": True, "F": True, "A": False, "E": False, "D": False}.items():
        row = html.split(f'id="nhiem-vu-{progressed[key].pk}"')[1].split("</tr>")[0]
        css = re.search(rf'<tr id="nhiem-vu-{progressed[key].pk}" class="([^"]*)"', html).group(1)
        assert ("task-overdue" in css) == overdue, key
        assert ("Quá hạn" in row) == overdue, key
    earlier = client_as("coordinator").get("/ke-hoach/2021/", {"as_of": "31/03/2021"}).content.decode()
    assert '<span class="count">0</span><span>Quá hạn' in earlier
    assert client_as("coordinator").get("/ke-hoach/2021/", {"as_of": "31/13/2021"}).status_code == 400


def test_strangers_are_turned_away(client, progressed, django_user_model):
    assert client.get("/ke-hoach/2021/").status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get("/ke-hoach/2021/").status_code == 403
    assert client.post(f"/ke-hoach/nhiem-vu/{progressed['E'].pk}/", {"status": "done"}).status_code == 403


@pytest.mark.parametrize(
    "who, task, allowed",
    [
        ("officer_a", "E", True),
        ("leader_a", "E", True),
        ("coordinator", "F", True),
        ("leader_b", "F", True),
        ("officer_a", "F", False),
        ("officer_b", "E", False),
        ("viewer", "E", False),
        ("officer_a", "A", False),
    ],
)
def test_only_the_lead_unit_and_the_coordinator_update_progress(client_as, progressed, who, task, allowed):
    t = progressed[task]
    before = TaskProgress.objects.filter(task=t).count()
    response = client_as(who).post(
        f"/ke-hoach/nhiem-vu/{t.pk}/",
        {"status": "done", "date": "30/06/2021", "note": "Xong", "next": "/bao-cao/NGO-MAY/2021-H1/"},
    )
    if allowed:
        assert response.status_code == 302 and response["Location"] == "/bao-cao/NGO-MAY/2021-H1/"
        t.refresh_from_db()
        assert (t.status, t.done_on, t.note) == ("done", D(2021, 6, 30), "Xong")
    else:
        assert response.status_code == 403
        assert TaskProgress.objects.filter(task=t).count() == before


def test_bad_progress_input_is_a_400_and_foreign_next_is_ignored(client_as, progressed):
    c = client_as("officer_a")
    e = progressed["E"]
    assert c.post(f"/ke-hoach/nhiem-vu/{e.pk}/", {"status": "done", "date": "2/7/2021"}).status_code == 400  # future
    assert c.post(f"/ke-hoach/nhiem-vu/{e.pk}/", {"status": "xong"}).status_code == 400
    assert c.post(f"/ke-hoach/nhiem-vu/{e.pk}/", {"status": "done", "date": "hôm qua"}).status_code == 400
    r = c.post(f"/ke-hoach/nhiem-vu/{e.pk}/", {"status": "in_progress", "next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == f"/ke-hoach/nhiem-vu/{e.pk}/"
    history = c.get(r["Location"]).content.decode()
    assert "Lịch sử tiến độ" in history and "Đang thực hiện" in history


def test_the_report_page_lists_the_units_tasks_with_a_form_each(client_as, progressed):
    html = client_as("officer_a").get("/bao-cao/NGO-MAY/2021-H1/").content.decode()
    assert "Nhiệm vụ của đơn vị trong các kế hoạch năm 2021" in html
    assert "Kế hoạch CCHC năm 2021 (Quyết định 2664/QĐ-UBND ngày 29/12/2020)" in html
    assert f'action="/ke-hoach/nhiem-vu/{progressed["E"].pk}/"' in html
    assert "Nhiệm vụ F" not in html and "Nhiệm vụ A" not in html
    assert 'name="csrfmiddlewaretoken"' in html.split('id="ke-hoach"')[1]
    viewer = client_as("viewer").get("/bao-cao/NGO-MAY/2021-H1/").content.decode()
    assert "Nhiệm vụ E" in viewer and f'action="/ke-hoach/nhiem-vu/{progressed["E"].pk}/"' not in viewer


@pytest.mark.parametrize("who", ["viewer", "officer_a", "leader_b"])
def test_only_the_coordinator_enters_edits_and_imports(client_as, progressed, who):
    c = client_as(who)
    a = progressed["A"]
    assert c.get("/ke-hoach/2021/them/").status_code == 403
    assert c.post(f"/ke-hoach/nhiem-vu/{a.pk}/sua/", {"title": "Đổi"}).status_code == 403
    assert c.post(f"/ke-hoach/nhiem-vu/{a.pk}/xoa/").status_code == 403
    assert c.post("/ke-hoach/2021/nhap/", {}).status_code == 403
    assert PlanTask.objects.count() == 6


def test_the_coordinator_adds_edits_and_deletes_a_task(client_as, progressed, unit):
    c = client_as("coordinator")
    form = {
        "area": "4",
        "stt": "5",
        "title": "Tuyển dụng công chức cấp xã",
        "lead": unit("NV").pk,
        "partners": "UBND các xã, phường",
        "deadline_text": "Tháng 9/2021",
        "product": "Quyết định",
    }
    assert c.post("/ke-hoach/2021/them/", {**form, "deadline_text": "sớm"}).status_code == 400
    r = c.post("/ke-hoach/2021/them/", form)
    assert r.status_code == 302
    task = PlanTask.objects.get(title="Tuyển dụng công chức cấp xã")
    assert (task.area, task.deadline, task.lead.code) == (4, D(2021, 9, 30), "NV")
    r = c.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", {**form, "deadline_text": "Thường xuyên"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.deadline is None and task.deadline_text == "Thường xuyên"
    assert c.post(f"/ke-hoach/nhiem-vu/{task.pk}/xoa/").status_code == 302
    assert not PlanTask.objects.filter(pk=task.pk).exists()
    from cchc.audit.models import AuditEntry

    assert set(AuditEntry.objects.filter(object_id=str(task.pk)).values_list("action", flat=True)) == {
        "plan.task.add",
        "plan.task.edit",
        "plan.task.delete",
    }


def test_the_coordinator_imports_a_workbook_on_the_page(client_as, ankhe):
    c = client_as("coordinator")
    good, _ = workbook([["I", "CẢI CÁCH THỂ CHẾ"], [1, "Rà soát VBQPPL", "Phòng Tư pháp", "", "Quý I/2021", ""]])
    bad, marks = workbook([["I", "CẢI CÁCH THỂ CHẾ"], [{"mark": "x"}, 1, "Việc", "Nội vụ", "", "Quý 9/2021", ""]])
    r = c.post("/ke-hoach/2021/nhap/", {"file": io.BytesIO(bad)}, format="multipart")
    assert r.status_code == 400 and f"Dòng {marks['x']}:" in r.content.decode()
    assert not PlanTask.objects.exists()
    upload = io.BytesIO(good)
    upload.name = "ke-hoach.xlsx"
    r = c.post("/ke-hoach/2021/nhap/", {"file": upload, "title": "Kế hoạch CCHC năm 2021"})
    assert r.status_code == 302
    assert list(PlanTask.objects.values_list("title", "lead__code")) == [("Rà soát VBQPPL", "TP")]


def test_the_export_reads_back_with_status_as_of_the_day(client_as, progressed):
    assert client_as("officer_a").get("/ke-hoach/2021/xlsx/").status_code == 403
    r = client_as("viewer").get("/ke-hoach/2021/xlsx/", {"as_of": "01/07/2021"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    assert rows[header] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Tình trạng",
    ]
    by_title = {row[1]: row for row in rows[header + 1 :]}
    assert by_title["Nhiệm vụ A"][6] == "Đã hoàn thành ngày 20/03/2021"
    assert by_title["Nhiệm vụ C"][6] == "Đã hoàn thành ngày 25/03/2021 (trễ hạn)"
    assert by_title["Nhiệm vụ F"][6].startswith("Quá hạn")
    assert by_title["Nhiệm vụ C"][2] == "Phòng Nội vụ" and by_title["Nhiệm vụ C"][4] == "Trước ngày 15/3/2021"
    assert ws.cell(header + 1, 2).font.name == "Times New Roman"
    # the export is a plan workbook again: it imports as the same tasks
    from cchc.planning.workbook import read_plan_workbook

    parsed = read_plan_workbook(r.content, 2021)
    assert [(t.title, t.lead.code, t.deadline) for t in parsed.tasks] == [
        (t.title, t.lead.code, t.deadline) for t in PlanTask.objects.order_by("position")
    ]


def test_the_plan_page_query_count_does_not_grow_with_tasks(client_as, progressed, django_assert_max_num_queries):
    c = client_as("coordinator")
    with django_assert_max_num_queries(20):
        assert c.get("/ke-hoach/2021/").status_code == 200
