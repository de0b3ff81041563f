"""Plan workbooks built in the tests, laid out as the appendices of real plans are."""

import datetime as dt
import io

from openpyxl import Workbook

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def workbook(rows, *, merges=(), title_rows=True, header=HEADER, numbers_row=True):
    """Bytes of an .xlsx: title rows, the header, "(1) … (6)", then `rows` (lists; None = blank row).
    Returns (bytes, {marker: excel row}) where a row whose first item is a dict {"mark": name} is noted."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    if title_rows:
        ws.append(["PHỤ LỤC"])
        ws.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA UBND THỊ XÃ AN KHÊ"])
        ws.append(["(Kèm theo Quyết định số 2664/QĐ-UBND ngày 29/12/2020 của UBND thị xã)"])
        ws.append([])
    ws.append(header)
    if numbers_row:
        ws.append([f"({i})" for i in range(1, len(header) + 1)])
    marks = {}
    for row in rows:
        if row is None:
            ws.append([])
            continue
        if isinstance(row[0], dict):
            marks[row[0]["mark"]] = ws.max_row + 1
            row = row[1:]
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng(marks) if callable(rng) else rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), marks


D = dt.date
