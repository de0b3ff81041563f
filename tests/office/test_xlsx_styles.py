"""cchc.office.xlsx.style: the cached style of a cell is exactly what setting each style would give,
whatever the cell held before — the cache only spares openpyxl its hashing."""

import io

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cchc.office.xlsx import new_workbook, put_text, put_value, style, workbook_bytes

FONT = Font(name="Times New Roman", size=12, bold=True)
CENTRE = Alignment(horizontal="center", vertical="center")
BOX = Border(left=Side(style="thin"), right=Side(style="thin"))


def test_cached_styles_read_back_as_set():
    wb = new_workbook()
    ws = wb.active
    for row in range(1, 6):
        put_text(ws.cell(row, 1), f"=Đơn vị {row}", FONT, CENTRE, BOX)
        put_value(ws.cell(row, 2), row * 1.5, FONT, CENTRE, BOX)
        put_value(ws.cell(row, 3), None, FONT)  # blank, never zero
    ws.cell(7, 1).number_format = "0.00"
    style(ws.cell(7, 1), FONT, CENTRE, BOX)  # a cell already styled otherwise keeps that style
    back = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    for row in range(1, 6):
        for col in (1, 2):
            cell = back.cell(row, col)
            assert cell.font.bold and cell.font.name == "Times New Roman"
            assert cell.alignment.horizontal == "center" and cell.border.left.style == "thin"
        assert back.cell(row, 1).value == f"=Đơn vị {row}" and back.cell(row, 1).data_type == "s"
        assert back.cell(row, 2).value == row * 1.5
        assert back.cell(row, 3).value is None and back.cell(row, 3).font.bold
        assert back.cell(row, 3).border.left.style is None  # no border was asked for this column
    assert back.cell(7, 1).number_format == "0.00" and back.cell(7, 1).font.bold


def test_each_workbook_has_its_own_cache():
    first, second = new_workbook(), new_workbook()
    style(first.active.cell(1, 1), FONT, CENTRE)
    second.active.cell(1, 1).number_format = "0%"
    style(second.active.cell(2, 1), FONT, CENTRE)
    back = load_workbook(io.BytesIO(workbook_bytes(second))).active
    assert back.cell(2, 1).font.bold and back.cell(2, 1).alignment.horizontal == "center"
