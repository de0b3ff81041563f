"""The appendix of công văn 158/UBND-NV as the directive prints it (data/phu-luc-158-2021.txt, the
seed's text: tab-separated cells, the header repeated on each page), made into the files an office
receives: an .xlsx and a .docx whose table is laid out the same way."""

import io
from pathlib import Path

APPENDIX = Path(__file__).resolve().parent / "data" / "phu-luc-158-2021.txt"


def lines():
    return APPENDIX.read_text(encoding="utf-8").splitlines()


def split():
    """(text lines above the first table, table rows as 5 cells)."""
    above, rows = [], []
    for line in lines():
        if "\t" in line:
            cells = (line.split("\t") + [""] * 5)[:5]
            rows.append([c.strip() for c in cells])
        elif not rows and line.strip():
            above.append(line.strip())
    return above, rows


def appendix_xlsx():
    from openpyxl import Workbook

    above, rows = split()
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for text in above:
        ws.append([text])
    for row in rows:
        # STT as a person types it: "2.1" may arrive as a number.
        ws.append(
            [
                float(row[0])
                if row[0].replace(".", "", 1).isdigit() and row[0].count(".") == 1 and not row[0].endswith(".")
                else row[0]
            ]
            + row[1:]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def appendix_docx():
    import docx

    above, rows = split()
    document = docx.Document()
    for text in above:
        document.add_paragraph(text)
    # One table per printed page, as a scanned-and-retyped directive often comes.
    pages, current = [], []
    for row in rows:
        if row[0] == "STT" and current:
            pages.append(current)
            current = []
        current.append(row)
    pages.append(current)
    for page in pages:
        table = document.add_table(rows=0, cols=5)
        for row in page:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
        # The header's "Kết quả thống kê" spans Đơn vị tính and Số liệu.
        table.cell(0, 2).merge(table.cell(0, 3))
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
