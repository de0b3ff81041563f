"""The 2022 form used end to end from the command line, as an office would on a new year: copy last
year's form, add a row, lay out the periods, receive a report, consolidate, export to Word."""

import io
import json

from docx import Document
from openpyxl import load_workbook


def _docx_text(data):
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_a_new_years_form_from_copy_to_word(cchc, ankhe, tmp_path):
    cchc("form", "copy", "--from", "2021", "--to", "2022")
    book = tmp_path / "bieu-mau-2022.xlsx"
    cchc("form", "export", "--year", "2022", "-o", str(book))
    wb = load_workbook(book)
    ws = wb["Biểu mẫu"]
    ws.append(["7.8.", "Số cuộc họp trực tuyến đã tổ chức", "Cuộc họp", "count", "VP", "", "", ""])
    wb.save(book)
    assert "Đã thêm 1 mã: 7.8" in cchc("form", "import", str(book), "--year", "2022").stdout
    catalog = json.loads(cchc("catalog", "--year", "2022", "--format", "json").stdout)
    assert catalog[-1]["code"] == "7.8" and catalog[-1]["responsible"] == "VP" and len(catalog) == 109

    periods = json.loads(cchc("periods", "--year", "2022", "--create", "--format", "json").stdout)
    assert [p["code"] for p in periods] == ["2022-Q1", "2022-H1", "2022-Q3", "2022-Y"]

    report = tmp_path / "vp.json"
    report.write_text(
        json.dumps({"unit": "VP", "period": "2022-Q1", "values": {"7.8": 14, "3.1.3": 290}}), encoding="utf-8"
    )
    cchc("import", str(report), "--period", "2022-Q1", "--submit", "--submitted-at", "2022-03-04T10:00:00+07:00")
    figures = json.loads(cchc("consolidate", "--period", "2022-Q1", "--format", "json").stdout)
    assert figures["indicators"]["7.8"] == {"value": 14, "source": "VP", "rollup": 14, "reported_by": 1}
    exported = json.loads(cchc("export", "--unit", "VP", "--period", "2022-Q1", "--format", "json").stdout)
    assert exported["values"] == {"3.1.3": 290, "7.8": 14} and exported["status"] == "submitted"

    word = tmp_path / "tong-hop.docx"
    cchc("consolidate", "--period", "2022-Q1", "--format", "docx", "-o", str(word))
    text = _docx_text(word.read_bytes())
    assert "Số cuộc họp trực tuyến đã tổ chức" in text and "14" in text
    unit_word = tmp_path / "vp.docx"
    cchc("export", "--unit", "VP", "--period", "2022-Q1", "--format", "docx", "-o", str(unit_word))
    assert "Số cuộc họp trực tuyến đã tổ chức" in _docx_text(unit_word.read_bytes())
