"""Coded (choice) indicators in the consolidated report: the figure is a code shown with its label
("2 - Kết hợp"), and the number of units reporting it is a plain count. The Word report once printed
the count as a label ("1 - Hoàn thành" units), contradicting its own figure."""

import io

import openpyxl
import pytest
from docx import Document

from tests.conftest import vn

from .conftest import file_report


@pytest.fixture
def coded(quarter, unit):
    """7.1 (Văn hóa – Thông tin): "0 - Chưa" from one unit; 1.4.2: VP's 2 and Ngô Mây's 1."""
    file_report(unit("VHTT"), quarter, {"7.1": 0}, at=vn(2021, 3, 3, 9, 0))
    return quarter


def _rows_by_stt(table_rows):
    return {str(cells[0]).strip().rstrip("."): cells for cells in table_rows if cells and cells[0]}


def test_the_word_report_counts_units_and_labels_codes(coded, client_as):
    response = client_as("coordinator").get("/tong-hop/ky/2021-Q1/tai-ve/docx/")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    appendix = doc.tables[-1]
    rows = _rows_by_stt([[c.text for c in row.cells] for row in appendix.rows])
    # STT | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú | Cộng / Bình quân | Số đơn vị báo cáo
    assert rows["7.1"][3] == "0 - Chưa" and rows["7.1"][5] == "" and rows["7.1"][6] == "1"
    assert rows["1.4.2"][3] == "2 - Kết hợp" and rows["1.4.2"][6] == "2"
    assert rows["2.1"][5] == "10" and rows["2.1"][6] == "3"  # a count row: TP 5 + Ngô Mây 1 + An Tân 4


def test_the_workbook_agrees_with_the_word_report(coded, client_as):
    response = client_as("coordinator").get("/tong-hop/ky/2021-Q1/tai-ve/xlsx/")
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["Phụ lục"]
    rows = _rows_by_stt([[c.value for c in row] for row in ws.iter_rows()])
    assert rows["7.1"][3] == "0 - Chưa" and rows["7.1"][5] is None and rows["7.1"][6] == 1
    assert rows["1.4.2"][3] == "2 - Kết hợp" and rows["1.4.2"][6] == 2
    count_cell = next(row[6] for row in ws.iter_rows() if str(row[0].value or "").rstrip(".") == "7.1")
    assert count_cell.number_format == "#,##0"


def test_the_page_and_the_drill_down_show_codes_with_their_labels(coded, client_as):
    client = client_as("coordinator")
    page = client.get("/tong-hop/ky/2021-Q1/").content.decode()
    row = page[page.index('id="ct-7.1"') :]
    row = row[: row.index("</tr>")]
    assert "0 - Chưa" in row
    drill = client.get("/tong-hop/ky/2021-Q1/chi-tieu/1.4.2/").content.decode()
    assert "2 - Kết hợp" in drill and "1 - Phát phiếu" in drill
