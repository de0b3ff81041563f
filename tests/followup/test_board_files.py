"""The status board as xlsx (web and `cchc status --format xlsx`) and the urging letter (công văn đôn
đốc, web and `cchc status --letter`), read back from the files produced."""

import io

import time_machine
from docx import Document
from openpyxl import load_workbook

from tests.conftest import vn


def _sheet(content):
    ws = load_workbook(io.BytesIO(content)).active
    head = [c.value for c in ws[4]]
    rows = {r[2]: dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=5, values_only=True) if r[2]}
    return head, rows


def _letter_text(content):
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    return text, cells, doc


def test_it_exports_the_board_to_xlsx_from_the_command_and_the_web(cchc, client_as, submitted, personas, tmp_path):
    from cchc.reporting.actions import save_report

    submitted(at=vn(2021, 3, 8, 9, 0))  # three days late
    out = tmp_path / "theo-doi.xlsx"
    cchc("status", "--period", "2021-Q1", "--format", "xlsx", "-o", str(out))
    head, rows = _sheet(out.read_bytes())
    assert head == [
        "STT",
        "Đơn vị",
        "Mã",
        "Loại",
        "Trạng thái",
        "Gửi lần đầu",
        "Gửi gần nhất",
        "Số ngày trễ",
        "Lý do trả lại",
    ]
    assert rows["NGO-MAY"]["Trạng thái"] == "Trễ hạn" and rows["NGO-MAY"]["Số ngày trễ"] == 3
    assert rows["NGO-MAY"]["Gửi lần đầu"] == "08/03/2021 09:00"
    assert rows["AN-BINH"]["Trạng thái"] == "Chưa làm" and rows["AN-BINH"]["Số ngày trễ"] is None  # blank, not 0
    # A unit name that looks like a formula stays text.
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.filter(code="TP").update(name='=HYPERLINK("http://x")')
    from cchc.reporting.models import Period

    save_report(
        OrgUnit.objects.get(code="TP"), Period.objects.get(code="2021-Q1"), values={}, by=personas["coordinator"]
    )
    response = client_as("coordinator").get("/theo-doi/2021-Q1/excel/")
    assert response.status_code == 200 and "theo-doi-2021-Q1.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    tp = next(r for r in ws.iter_rows(min_row=5) if r[2].value == "TP")
    assert tp[1].data_type == "s" and tp[1].value.startswith("=") and tp[4].value == "Đang soạn"
    assert client_as("viewer").get("/theo-doi/2021-Q1/excel/").status_code == 200
    for key in ("officer_a", "leader_b"):
        assert client_as(key).get("/theo-doi/2021-Q1/excel/").status_code == 403


def test_it_drafts_the_urging_letter_naming_the_units_late_or_missing(cchc, client_as, submitted, tmp_path):
    submitted(at=vn(2021, 3, 7, 9, 0))  # Ngô Mây two days late; the rest never sent
    out = tmp_path / "don-doc.docx"
    with time_machine.travel(vn(2021, 3, 9, 8, 0), tick=False):
        cchc("status", "--period", "2021-Q1", "--letter", "-o", str(out))
    text, cells, doc = _letter_text(out.read_bytes())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "PHÒNG NỘI VỤ" in cells and "V/v đôn đốc gửi báo cáo cải cách hành chính quý I năm 2021" in cells
    assert "ngày 09 tháng 3 năm 2021" in cells
    assert "158/UBND-NV" in text and "05/03/2021" in text
    table = doc.tables[1]
    rows = {r.cells[1].text: (r.cells[2].text, r.cells[3].text) for r in table.rows[1:]}
    assert rows["UBND phường Ngô Mây"] == ("Trễ hạn 2 ngày", "2")
    assert rows["UBND phường An Bình"] == ("Chưa gửi báo cáo (quá hạn 4 ngày)", "4")
    assert "Nơi nhận:" in cells and "TRƯỞNG PHÒNG" in cells
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30

    response = client_as("coordinator").get("/theo-doi/2021-Q1/cong-van-don-doc/")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    assert "UBND phường An Bình" in _letter_text(response.content)[1]
    for key in ("viewer", "officer_a"):
        assert client_as(key).get("/theo-doi/2021-Q1/cong-van-don-doc/").status_code == 403


def test_it_refuses_bad_status_options_with_exit_2(cchc, ankhe):
    assert (
        "kỳ báo cáo" in cchc("status", "--period", "2021-Q9", "--format", "xlsx", "-o", "/tmp/x.xlsx", expect=2).stderr
    )
    cchc("status", "--period", "2021-Q1", "--letter", "--format", "json", expect=2)
    cchc("status", "--period", "2021-Q1", "--format", "pdf", expect=2)


def test_it_shows_the_board_tools_by_role(client_as, personas):
    page = client_as("coordinator").get("/theo-doi/2021-Q1/").content.decode()
    assert 'id="board-xlsx"' in page and 'id="board-letter"' in page and 'id="board-reminders"' in page
    viewer = client_as("viewer").get("/theo-doi/2021-Q1/").content.decode()
    assert 'id="board-xlsx"' in viewer and 'id="board-letter"' not in viewer
