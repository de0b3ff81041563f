"""What goes out: the blank form's layout, a unit's report and the town's consolidated report as
xlsx and docx (read back with openpyxl and python-docx), formula injection neutralised, and the PDF
where LibreOffice is installed."""

import io
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document

from cchc.orgunits.models import OrgUnit
from cchc.reporting.actions import save_report, submit_report
from tests.conftest import vn

from .helpers import template


def _report(unit, period, values, narrative=None, submit_at=None, signer=None):
    report = save_report(unit, period, values=values, narrative=narrative)
    if submit_at:
        report = submit_report(report, at=submit_at, signed_by_name=signer)
    return report


def test_it_lays_out_the_blank_form_like_the_directive(cchc, ankhe, tmp_path):
    wb = openpyxl.load_workbook(template(cchc, tmp_path))
    ws = wb["Phụ lục"]
    texts = [ws.cell(r, 1).value for r in range(1, 6)]
    assert texts[0] == "Phụ lục"
    assert texts[1] == "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC TẠI CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG"
    assert "158/UBND-NV" in texts[2] and "UBND phường Ngô Mây" in texts[3] and "15/12/2020" in texts[4]
    head = next(r for r in range(1, 12) if ws.cell(r, 1).value == "STT")
    assert [ws.cell(head, c).value for c in range(1, 6)] == [
        "STT",
        "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
        "Kết quả thống kê",
        None,
        "Ghi chú",
    ]
    assert [ws.cell(head + 1, c).value for c in (3, 4)] == ["Đơn vị tính", "Số liệu"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {f"C{head}:D{head}", f"A{head}:A{head + 1}", f"B{head}:B{head + 1}", f"E{head}:E{head + 1}"} <= merged
    assert ws.print_title_rows == f"${head}:${head + 1}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    rows = {ws.cell(r, 1).value: r for r in range(head + 2, ws.max_row + 1) if ws.cell(r, 1).value}
    first = rows["1."]
    assert ws.cell(first, 2).font.bold and ws.cell(first, 2).font.name == "Times New Roman"
    assert not ws.cell(rows["1.1.1."], 2).font.bold
    assert ws.cell(rows["3.1.3."] + 1, 1).value == "Trong đó" and ws.cell(rows["3.1.3."] + 2, 1).value is None
    assert ws.cell(rows["3.1.3."] + 1, 2).value == "Số TTHC thị xã"
    assert ws.cell(rows["1.1."], 5).value == "Phòng Nội vụ"  # Ghi chú where the responsible unit's block starts
    # Only Số liệu of value rows is editable.
    assert ws.protection.sheet
    assert ws.cell(rows["1.1.1."], 4).protection.locked is False
    assert ws.cell(rows["1."], 4).protection.locked is not False
    assert ws.cell(rows["1.1.1."], 2).protection.locked is not False
    assert ws.cell(rows["1.1.1."], 2).alignment.wrap_text
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    choice = next(dv for sqref, dv in validations.items() if f"D{rows['1.4.2']}" in sqref.split())
    marker = wb["cchc"]
    assert choice.type == "list" and marker.sheet_state == "hidden"
    col = choice.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    assert [marker[f"{col}{i}"].value for i in (1, 2, 3)] == ["0 - Trực tuyến", "1 - Phát phiếu", "2 - Kết hợp"]
    assert any(dv.type == "whole" and f"D{rows['1.1.1.']}" in str(dv.sqref).split() for dv in validations.values())
    assert any(dv.type == "decimal" and f"D{rows['3.4.2.']}" in str(dv.sqref).split() for dv in validations.values())
    pairs = {marker.cell(r, 1).value: marker.cell(r, 2).value for r in range(2, 9)}
    from cchc.catalog.models import ReportForm

    assert pairs["unit"] == "NGO-MAY" and pairs["period"] == "2021-Q1"
    assert pairs["form_version"] == ReportForm.objects.get(year=2021).version


def test_it_exports_a_units_report_with_its_figures(cchc, ankhe, unit, period, tmp_path):
    _report(unit("NGO-MAY"), period("2021-Q1"), {"1.1.1": 15, "3.4.2": 95.5, "1.4.2": 2, "3.1.3.b": 111})
    out = tmp_path / "ngo-may.xlsx"
    cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "xlsx", "-o", str(out))
    ws = openpyxl.load_workbook(out)["Phụ lục"]
    got = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(1, ws.max_row + 1)}
    assert got["1.1.1."] == 15 and got["3.4.2."] == 95.5 and got["1.4.2"] == "2 - Kết hợp"
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Số TTHC cấp xã")
    assert ws.cell(row, 4).value == 111


def test_it_neutralises_formula_injection_in_text_cells(ankhe):
    from cchc.office.xlsx import SheetRow, build_appendix, workbook_bytes

    evil = ['=HYPERLINK("http://x","bấm")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]
    rows = [SheetRow(stt=str(i), name=text, measure=text, kind="count", note=text) for i, text in enumerate(evil)]
    wb, (first, _) = build_appendix(titles=[("=1+1", "title")], rows=rows, marker={"unit": "=cmd|' /C calc'!A0"})
    data = workbook_bytes(wb)
    back = openpyxl.load_workbook(io.BytesIO(data))
    ws = back["Phụ lục"]
    for i, text in enumerate(evil):
        for col in (2, 3, 5):
            cell = ws.cell(first + i, col)
            assert cell.value == text and cell.data_type == "s", (text, col)
            assert cell.quotePrefix
    assert ws.cell(1, 1).data_type == "s"
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets and b"<f " not in sheets


def _docx_text(data):
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return doc, "\n".join(parts)


def test_it_writes_a_wards_report_as_an_official_document(cchc, ankhe, unit, period, tmp_path):
    OrgUnit.objects.filter(code="NGO-MAY").update(leader_name="Phạm Văn Cường")
    narrative = {
        "organisation": "Phường đã ban hành kế hoạch CCHC.",
        "results": {"2": "Giải quyết 100% hồ sơ đúng hạn."},
        "difficulties": "Thiếu máy scan.",
        "proposals": "Đề nghị cấp thêm máy.",
    }
    _report(
        unit("NGO-MAY"),
        period("2021-Q1"),
        {"1.1.1": 1234, "3.4.2": 95.5},
        narrative,
        submit_at=vn(2021, 3, 5, 9, 0),
        signer="Phạm Văn Cường",
    )
    out = tmp_path / "ngo-may.docx"
    cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "docx", "-o", str(out))
    doc, text = _docx_text(out.read_bytes())
    header = doc.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NGÔ MÂY"]
    assert left.paragraphs[1].runs[0].bold
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)
    assert header.cell(1, 0).text == "Số:        /BC-UBND"
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Ngô Mây, ngày 05 tháng 3 năm 2021" and date.runs[0].italic
    body = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in body and "Kết quả thực hiện công tác cải cách hành chính quý I năm 2021" in body
    for heading in (
        "I. Tình hình tổ chức thực hiện và công tác kiểm tra, tuyên truyền CCHC",
        "II. Kết quả chủ yếu đạt được",
        "2. Cải cách thủ tục hành chính",
        "III. Những khó khăn, vướng mắc",
        "IV. Kiến nghị, đề xuất",
    ):
        assert heading in body
    assert "Giải quyết 100% hồ sơ đúng hạn." in body and "Đề nghị cấp thêm máy." in body
    sign = doc.tables[1]
    assert "Nơi nhận:" in sign.cell(0, 0).text and "- Phòng Nội vụ thị xã;" in sign.cell(0, 0).text
    assert [p.text for p in sign.cell(0, 1).paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Phạm Văn Cường",
    ]
    figures = doc.tables[2]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in figures.rows}
    assert rows["1.1.1."][3] == "1.234" and rows["3.4.2."][3] == "95,5"
    assert figures.rows[0].cells[2].text == "Kết quả thống kê" and figures.rows[1].cells[3].text == "Số liệu"
    section = doc.sections[0]
    mm = [
        round(x.mm)
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 20, 20, 30, 15]
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14


def test_it_signs_for_a_department_and_marks_a_deputy(ankhe, unit, period):
    from cchc.reporting.documents import authority_lines, issuer_lines, place_for, render_report

    nv, tt = unit("NV"), unit("TTRA")
    nv.leader_name = "Đặng Văn Phúc"
    assert issuer_lines(nv) == ("UBND THỊ XÃ AN KHÊ", "PHÒNG NỘI VỤ")
    assert authority_lines(nv, "Đặng Văn Phúc") == ["TRƯỞNG PHÒNG"]
    assert authority_lines(nv, "Lê Thị Hà") == ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]
    assert authority_lines(tt, "") == ["CHÁNH THANH TRA"]
    assert authority_lines(unit("VP"), "") == ["CHÁNH VĂN PHÒNG"]
    ward = unit("AN-BINH")
    ward.leader_name = "Võ Văn Dũng"
    assert authority_lines(ward, "Trần Phó") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert place_for(nv) == "An Khê" and place_for(unit("CUU-AN")) == "Cửu An"
    assert issuer_lines(unit("ANKHE")) == ("ỦY BAN NHÂN DÂN", "THỊ XÃ AN KHÊ")
    report = _report(unit("NV"), period("2021-Q1"), {"4.1.1": 12})
    doc, text = _docx_text(render_report(report, "docx"))
    assert "Số:        /BC-NV" in text and "An Khê, ngày      tháng      năm 2021" in text


def test_it_exports_the_towns_consolidated_report(cchc, ankhe, unit, period, tmp_path):
    q1 = period("2021-Q1")
    _report(unit("TP"), q1, {"2.1": 5, "3.4.2": 90}, submit_at=vn(2021, 3, 4, 10, 0))
    _report(unit("NGO-MAY"), q1, {"2.1": 2, "3.4.2": 100}, submit_at=vn(2021, 3, 4, 11, 0))
    _report(unit("AN-BINH"), q1, {"2.1": 100})  # a draft never counts
    OrgUnit.objects.filter(code="ANKHE").update(leader_name="Nguyễn Hùng Vũ")
    out = tmp_path / "tong-hop.xlsx"
    cchc("consolidate", "--period", "2021-Q1", "--format", "xlsx", "-o", str(out))
    ws = openpyxl.load_workbook(out)["Phụ lục"]
    got = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 8)] for r in range(1, ws.max_row + 1)}
    assert got["2.1"][3] == 5 and got["2.1"][5] == 7 and got["2.1"][6] == 2
    assert got["3.4.2."][5] == 95 and got["3.4.2."][6] == 2
    docx_out = tmp_path / "tong-hop.docx"
    cchc("consolidate", "--period", "2021-Q1", "--format", "docx", "-o", str(docx_out))
    doc, text = _docx_text(docx_out.read_bytes())
    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "THỊ XÃ AN KHÊ"]
    assert "Số:        /BC-UBND" in header.cell(1, 0).text
    sign = doc.tables[1]
    assert "Sở Nội vụ tỉnh Gia Lai" in sign.cell(0, 0).text
    assert [p.text for p in sign.cell(0, 1).paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Hùng Vũ",
    ]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in doc.tables[2].rows}
    assert rows["2.1"][3] == "5" and rows["2.1"][5] == "7" and rows["2.1"][6] == "2"
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # the wide table on a landscape page
    assert "Đơn vị chưa gửi báo cáo" in text


def test_it_puts_the_consolidated_narrative_in_the_towns_report(ankhe, period, monkeypatch):
    from cchc.consolidation import documents, narrative

    monkeypatch.setattr(
        narrative,
        "consolidated_narrative",
        lambda p: {
            "organisation": "UBND thị xã đã ban hành Kế hoạch CCHC.",
            "results": {"6": "Cổng DVC vận hành ổn định."},
            "difficulties": "",
            "proposals": "Đề nghị Sở hỗ trợ.",
        },
    )
    doc, text = _docx_text(documents.render_consolidated(period("2021-Q1"), "docx"))
    assert "UBND thị xã đã ban hành Kế hoạch CCHC." in text and "Cổng DVC vận hành ổn định." in text
    assert "Đề nghị Sở hỗ trợ." in text


needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed: no PDF export on this machine",
)


@needs_office
@pytest.mark.slow
def test_it_renders_a_pdf_whose_vietnamese_survives(cchc, ankhe, unit, period, tmp_path):
    _report(unit("NGO-MAY"), period("2021-Q1"), {"1.1.1": 15}, {"organisation": "Tuyên truyền sâu rộng về CCHC."})
    out = tmp_path / "ngo-may.pdf"
    cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: PDF made but not read back")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "PHƯỜNG NGÔ MÂY" in text and "Tuyên truyền sâu rộng về CCHC." in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "trang")], check=True
        )
        png = next(tmp_path.glob("trang*.png"))
        assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 2000
