"""The consolidation, drill-down, compliance and dashboard pages: who may open them, what they
show, and how many queries they cost (pinned, so no N+1 slips in as units grow)."""

import json
import re

import pytest
import time_machine

from tests.conftest import vn

PAGES = [
    "/tong-hop/",
    "/tong-hop/ky/2021-Q1/",
    "/tong-hop/ky/2021-Q1/chi-tieu/2.1/",
    "/tong-hop/thi-dua/2021/",
    "/tong-hop/thi-dua/2021/excel/",
]


@pytest.mark.parametrize(
    "persona,status",
    [
        ("coordinator", 200),
        ("viewer", 200),
        ("officer_a", 403),
        ("leader_a", 403),
        ("officer_b", 403),
        ("leader_b", 403),
    ],
)
def test_it_opens_the_overview_pages_only_to_the_coordinator_and_viewer(quarter, client_as, persona, status):
    client = client_as(persona)
    with time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False):
        for url in PAGES:
            assert client.get(url).status_code == status, url


def test_it_sends_anonymous_visitors_to_the_login_page(quarter, client):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_it_answers_404_for_unknown_periods_and_indicators(quarter, client_as):
    client = client_as("coordinator")
    assert client.get("/tong-hop/ky/2030-Q1/").status_code == 404
    assert client.get("/tong-hop/ky/2021-Q1/chi-tieu/9.9/").status_code == 404
    assert client.get("/tong-hop/ky/2021-Q1/chi-tieu/2./").status_code == 404  # a heading has no figure
    assert client.get("/tong-hop/thi-dua/1990/").status_code == 404


def test_it_shows_the_table_flags_missing_units_and_the_draft_narrative(quarter, client_as):
    page = client_as("viewer").get("/tong-hop/ky/2021-Q1/").content.decode()
    assert "Báo cáo tổng hợp CCHC Quý I năm 2021" in page
    assert "Số VBQPPL đã ban hành/tham mưu ban hành" in page
    assert 'href="/tong-hop/ky/2021-Q1/chi-tieu/2.1/"' in page
    assert "UBND phường An Tân: 95" in page  # the 3.1.3.b discrepancy
    assert "Phòng Tài chính – Kế hoạch" in page.split('id="chua-bao-cao"')[1]
    assert "Thẩm định 3 dự thảo VBQPPL." in page
    assert "<textarea" not in page  # the viewer reads, only the coordinator edits
    assert 'href="/tong-hop/ky/2021-Q1/tai-ve/xlsx/"' in page and 'href="/tong-hop/ky/2021-Q1/tai-ve/docx/"' in page


def test_it_links_the_drill_down_to_each_units_report(quarter, client_as):
    page = client_as("coordinator").get("/tong-hop/ky/2021-Q1/chi-tieu/2.1/").content.decode()
    assert 'href="/bao-cao/TP/2021-Q1/"' in page and 'href="/bao-cao/AN-BINH/2021-Q1/"' in page
    assert "chủ trì" in page


def test_it_lets_only_the_coordinator_edit_the_narrative(quarter, client_as):
    from cchc.consolidation.narrative import consolidated_narrative

    form = {
        "organisation": "Bản do Phòng Nội vụ biên tập.",
        "results_1": "Thể chế.",
        "difficulties": "",
        "proposals": "",
        "action": "save",
    }
    assert client_as("viewer").post("/tong-hop/ky/2021-Q1/noi-dung/", form).status_code == 403
    assert client_as("leader_a").post("/tong-hop/ky/2021-Q1/noi-dung/", form).status_code == 403
    assert consolidated_narrative(quarter)["organisation"] != "Bản do Phòng Nội vụ biên tập."
    response = client_as("coordinator").post("/tong-hop/ky/2021-Q1/noi-dung/", form)
    assert response.status_code == 302
    n = consolidated_narrative(quarter)
    assert n["organisation"] == "Bản do Phòng Nội vụ biên tập." and n["results"]["1"] == "Thể chế."
    page = client_as("coordinator").get("/tong-hop/ky/2021-Q1/").content.decode()
    assert "Bản đã sửa" in page and "Bản do Phòng Nội vụ biên tập." in page
    client_as("coordinator").post("/tong-hop/ky/2021-Q1/noi-dung/", {"action": "discard"})
    assert consolidated_narrative(quarter)["organisation"].startswith("UBND phường Ngô Mây:")


def test_it_feeds_the_dashboard_charts_as_json(quarter, client_as):
    with time_machine.travel(vn(2021, 3, 3, 9, 0), tick=False):
        page = client_as("viewer").get("/tong-hop/?chi-tieu=2.1&don-vi=NGO-MAY&don-vi=AN-TAN").content.decode()
    assert "vendor/chart.js/dist/chart.umd.js" in page and "cchc/dashboard.js" in page
    raw = page.split('<script id="dashboard-data" type="application/json">')[1].split("</script>")[0]
    data = json.loads(raw)
    # Current period Q1: TP, VP (on time), Ngô Mây (late), An Tân (on time) … counted as the board does.
    assert data["progress"]["labels"] == ["Đúng hạn", "Trễ hạn", "Bị trả lại, chưa gửi lại", "Chưa gửi"]
    assert data["progress"]["values"] == [4, 1, 1, 18]
    assert data["series"]["labels"][:2] == ["Quý I năm 2021", "6 tháng đầu năm 2021"]
    assert data["series"]["town"][0] == 5
    assert data["series"]["units"]["NGO-MAY"]["values"][0] == 1
    assert data["series"]["units"]["AN-TAN"]["values"][0] == 4
    assert data["series"]["axis"] == {"percent": False, "begin_at_zero": True}  # a count starts at 0


def test_it_draws_a_percentage_near_its_figures_with_percent_ticks(quarter, client_as):
    with time_machine.travel(vn(2021, 3, 3, 9, 0), tick=False):
        page = client_as("viewer").get("/tong-hop/?chi-tieu=3.3.3&don-vi=NGO-MAY&don-vi=TP").content.decode()
    raw = page.split('<script id="dashboard-data" type="application/json">')[1].split("</script>")[0]
    series = json.loads(raw)["series"]
    assert series["town"][0] == 90 and series["units"]["NGO-MAY"]["values"][0] == 100
    # Figures 80–100: the axis starts a little below 80, not at 0, and stops at 100.
    assert series["axis"] == {"percent": True, "begin_at_zero": False, "suggested_min": 75, "suggested_max": 100}


def test_it_keeps_95_and_100_percent_apart():
    from cchc.consolidation.views import series_axis

    axis = series_axis({"town": [95, 97.5, None], "units": {"X": {"values": [100, None, 99]}}}, True)
    assert axis["suggested_min"] == 93 and axis["suggested_max"] == 100 and axis["percent"]
    assert series_axis({"town": [None], "units": {}}, True)["begin_at_zero"]
    assert series_axis({"town": [1, 2], "units": {}}, False) == {"percent": False, "begin_at_zero": True}


def test_it_lays_out_the_series_form_label_above_each_control(quarter, client_as):
    with time_machine.travel(vn(2021, 3, 3, 9, 0), tick=False):
        page = client_as("viewer").get("/tong-hop/?chi-tieu=2.1&don-vi=AN-TAN").content.decode()
    form = page.split('id="series-form"')[1].split("</form>")[0]
    assert "<legend>So sánh với đơn vị (tối đa 8)</legend>" in form
    assert 'class="toolbar' not in page.split('id="series-form"')[0].rsplit("<form", 1)[1]  # not a one-line toolbar
    assert "<select" not in form.split("<legend>")[1] and "multiple" not in form
    boxes = re.findall(r'<input type="checkbox" name="don-vi" value="([^"]+)"( checked)?>', form)
    assert len(boxes) == 24 and boxes[0] == ("AN-TAN", " checked")  # the chosen unit first
    assert sum(1 for _, c in boxes if c) == 1
    assert 'id="loc-don-vi"' in form  # the filter box


def test_it_compares_with_at_most_eight_units(quarter, client_as):
    codes = ["TP", "VP", "NV", "NGO-MAY", "AN-TAN", "AN-PHU", "AN-BINH", "AN-PHUOC", "TCKH", "KT"]
    with time_machine.travel(vn(2021, 3, 3, 9, 0), tick=False):
        response = client_as("viewer").get("/tong-hop/", {"chi-tieu": "2.1", "don-vi": codes})
    assert response.context["chosen"] == codes[:8]


def test_it_serves_the_compliance_workbook(quarter, client_as):
    import io

    from openpyxl import load_workbook

    with time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False):
        response = client_as("coordinator").get("/tong-hop/thi-dua/2021/excel/")
    assert response["Content-Disposition"] == 'attachment; filename="thi-dua-bao-cao-cchc-2021.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["B4"].value == "Đơn vị" and ws["B4"].font.name == "Times New Roman"


@pytest.mark.parametrize(
    "url,queries",
    [
        # + the communication plan of the year (planning.status), + the signed copies of the consolidated report (ký số),
        # + the length of the units' texts (whether the draft goes on the page)
        ("/tong-hop/ky/2021-Q1/", 25),
        ("/tong-hop/ky/2021-Q1/chi-tieu/2.1/", 15),
        ("/tong-hop/thi-dua/2021/", 17),
        ("/tong-hop/", 17),  # the current period counted with the others, in one pass
    ],
)
def test_it_costs_a_fixed_number_of_queries(quarter, client_as, django_assert_num_queries, url, queries, unit):
    # Counts include the session, user, membership, the locality's words (read once per request:
    # footer, documents, narrative), the header's unread notifications and the savepoint pair of
    # ATOMIC_REQUESTS; a
    # dozen more reporting units must not change them.
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"XA-{n}", name=f"UBND xã Thử {n}", kind="commune", parent=unit("ANKHE"), position=100 + n)
        for n in range(12)
    )
    client = client_as("coordinator")
    with time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False):
        client.get(url)  # warm the form cache
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_it_switches_period_without_javascript(quarter, client_as):
    response = client_as("coordinator").get("/tong-hop/ky/2021-Q1/?ky=2021-H1")
    assert response.status_code == 302 and response["Location"] == "/tong-hop/ky/2021-H1/"


def test_it_says_han_gui_as_the_rest_of_the_app_does(quarter, client_as):
    client = client_as("coordinator")
    with time_machine.travel(vn(2021, 3, 3, 9, 0), tick=False):
        pages = [
            client.get(url).content.decode()
            for url in ("/tong-hop/ky/2021-Q1/", "/tong-hop/", "/tong-hop/thi-dua/2021/")
        ]
    assert "Hạn gửi: 05/03/2021" in pages[0] and "Hạn gửi: 05/03/2021" in pages[1]
    assert "hạn gửi 05/03/2021" in pages[2]
    assert not any("hạn nộp" in p.lower() for p in pages)


def test_the_dashboard_picker_carries_a_few_units_and_searches_the_rest(quarter, client_as, unit):
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"XA-{n}", name=f"UBND xã Thử Nghiệm {n}", kind="commune", parent=unit("ANKHE"), position=100 + n
        ).fill_search()
        for n in range(300)
    )
    client = client_as("viewer")
    with time_machine.travel(vn(2021, 3, 3, 9, 0), tick=False):
        page = client.get("/tong-hop/", {"don-vi": ["XA-250"]})
    html = page.content.decode()
    assert 'value="XA-250" checked' in html  # a chosen unit is always on the page
    assert html.count('name="don-vi"') <= 61 and 'data-search-url="/tong-hop/don-vi/"' in html
    found = client.get("/tong-hop/don-vi/", {"q": "thu nghiem 27"}).json()["units"]
    assert {"code": "XA-27", "name": "UBND xã Thử Nghiệm 27"} in found and len(found) == 11  # 27, 270–279
    assert client.get("/tong-hop/don-vi/", {"q": "NGÔ mây"}).json()["units"] == [
        {"code": "NGO-MAY", "name": "UBND phường Ngô Mây"}
    ]
    assert client_as("officer_a").get("/tong-hop/don-vi/", {"q": "ngo"}).status_code == 403
