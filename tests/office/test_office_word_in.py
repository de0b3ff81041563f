"""A unit's own Word report (.docx) in: narrative parts from its headings however the unit numbers
them, figures from the appendix table, what fits nowhere listed, legacy fonts converted; the
system's own export edited in LibreOffice reads back the same; bad files refused."""

import io
import zipfile

import docx
import pytest
from docx.shared import Pt

from cchc.office import legacy
from cchc.reporting.actions import save_report
from cchc.reporting.models import Report, Value

from .helpers import convert

ROMAN_UPPER = [
    ("I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN VÀ CÔNG TÁC KIỂM TRA, TUYÊN TRUYỀN CCHC", "organisation"),
    ("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", None),
    ("1. Cải cách thể chế", "1"),
    ("2. Cải cách thủ tục hành chính", "2"),
    ("3. Cải cách tổ chức bộ máy hành chính nhà nước", "3"),
    ("4. Cải cách chế độ công vụ", "4"),
    ("5. Cải cách tài chính công", "5"),
    ("6. Xây dựng chính quyền điện tử, chính quyền số", "6"),
    ("III. NHỮNG TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC", "difficulties"),
    ("IV. KIẾN NGHỊ, ĐỀ XUẤT", "proposals"),
]
ARABIC_SENTENCE = [
    ("1. Tình hình tổ chức thực hiện", "organisation"),
    ("2. Kết quả đạt được", None),
    ("2.1. Về cải cách thể chế", "1"),
    ("2.2. Về cải cách thủ tục hành chính", "2"),
    ("2.3. Về tổ chức bộ máy", "3"),
    ("2.4. Về chế độ công vụ", "4"),
    ("2.5. Về tài chính công", "5"),
    ("2.6. Về chính quyền điện tử", "6"),
    ("3. Khó khăn, vướng mắc", "difficulties"),
    ("4. Kiến nghị, đề xuất", "proposals"),
]
TEXTS = {
    "organisation": ["Ban hành Kế hoạch CCHC năm 2021.", "1. Công tác chỉ đạo, điều hành: kiểm tra 3 tổ dân phố."],
    "1": ["Rà soát 5 văn bản quy phạm pháp luật."],
    "2": ["Tiếp nhận 120 hồ sơ, trả đúng hạn 118 hồ sơ."],
    "3": ["Sắp xếp lại 2 bộ phận."],
    "4": ["Cử 3 công chức đi tập huấn."],
    "5": ["Thực hiện tự chủ tài chính."],
    "6": ["Vận hành Cổng dịch vụ công trực tuyến."],
    "difficulties": ["Thiếu cán bộ chuyên trách."],
    "proposals": ["Đề nghị mở lớp tập huấn."],
}
FIGURES = [
    ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "", ""),
    ("1.1", "Kế hoạch CCHC", "", ""),
    ("1.1.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "15"),
    ("1.1.2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "12"),
    ("1.4.2", "Hình thức tuyên truyền", "", "2 - Kết hợp"),
    ("3.1.3", "Tổng số TTHC", "TTHC", "300"),
    ("Trong đó", "Số TTHC thị xã", "TTHC", "186"),
    ("", "Số TTHC cấp xã", "TTHC", "114"),
    ("3.4.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "95,5"),
]
EXPECTED = {"1.1.1": 15, "1.1.2": 12, "1.4.2": 2, "3.1.3": 300, "3.1.3.a": 186, "3.1.3.b": 114, "3.4.2": 95.5}


def unit_report(
    path, headings, *, bold=True, extra_part=True, figures=FIGURES, own_part="V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II"
):
    """A ward's report as units write it in Word: the decree's header, the parts under the unit's own
    headings, a part of its own, the signature, then the appendix table with merged header cells."""
    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "UBND THỊ XÃ AN KHÊ\nUBND PHƯỜNG NGÔ MÂY"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Kết quả thực hiện công tác cải cách hành chính quý I năm 2021")
    d.add_paragraph("Thực hiện Công văn số 158/UBND-NV, UBND phường báo cáo như sau:")
    for heading, key in headings:
        p = d.add_paragraph()
        p.add_run(heading).bold = bold
        for line in TEXTS.get(key, []):
            d.add_paragraph(line)
    if extra_part:
        d.add_paragraph().add_run(own_part).bold = bold
        d.add_paragraph("Tiếp tục rà soát thủ tục hành chính.")
    d.add_paragraph("Nơi nhận:")
    d.add_paragraph("- Phòng Nội vụ;")
    d.add_paragraph("CHỦ TỊCH")
    d.add_page_break()
    d.add_paragraph("PHỤ LỤC")
    table = d.add_table(rows=2 + len(figures), cols=5)
    for c, text in enumerate(["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"]):
        table.cell(0, c).text = text
    table.cell(1, 2).text, table.cell(1, 3).text = "Đơn vị tính", "Số liệu"
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 4).merge(table.cell(1, 4))
    for r, row in enumerate(figures, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.save(path)
    return path


def export_json(cchc):
    return cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "json").json()


def expected_narrative():
    return {
        "organisation": "\n".join(TEXTS["organisation"]),
        "results": {a: "\n".join(TEXTS[a]) for a in "123456"},
        "difficulties": TEXTS["difficulties"][0],
        "proposals": TEXTS["proposals"][0],
        "thematic": "",
    }


@pytest.mark.parametrize(
    "headings, bold, own_part",
    [
        (ROMAN_UPPER, True, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II"),
        (ROMAN_UPPER, False, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II"),
        (ARABIC_SENTENCE, False, "5. Phương hướng, nhiệm vụ quý II"),
        (ARABIC_SENTENCE, True, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II"),
    ],
    ids=["roman-upper-bold", "roman-upper-plain", "arabic-sentence", "arabic-with-a-roman-part"],
)
def test_it_reads_a_units_word_report_however_its_parts_are_numbered(cchc, ankhe, tmp_path, headings, bold, own_part):
    path = unit_report(tmp_path / "bao-cao.docx", headings, bold=bold, own_part=own_part)
    result = cchc("import", str(path), "--period", "2021-Q1")  # the unit from the document's header
    report = export_json(cchc)
    assert report["values"] == EXPECTED
    assert report["narrative"] == expected_narrative()
    # Nothing dropped silently: the unit's own part V and the preamble are listed as not placed.
    assert f"CHƯA XẾP VÀO PHẦN NÀO: Mục «{own_part}»: Tiếp tục rà soát" in result.stdout
    assert "CHƯA XẾP VÀO PHẦN NÀO: Phần mở đầu" in result.stdout and "bảng phụ lục" in result.stdout


def test_a_word_report_without_a_table_brings_only_its_narrative_and_keeps_the_figures(
    cchc, ankhe, tmp_path, unit, period
):
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 9})
    path = unit_report(tmp_path / "chi-noi-dung.docx", ROMAN_UPPER, figures=[])
    d = docx.Document(path)
    tbl = d.tables[-1]._tbl
    tbl.getparent().remove(tbl)
    d.save(path)
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY")
    assert "không có bảng phụ lục" in result.stdout
    assert export_json(cchc)["values"] == {"1.1.1": 9}
    assert export_json(cchc)["narrative"]["difficulties"] == "Thiếu cán bộ chuyên trách."


def test_a_paragraph_typed_in_vntime_is_converted_and_named(cchc, ankhe, tmp_path):
    path = unit_report(tmp_path / "vntime.docx", ROMAN_UPPER, extra_part=False)
    d = docx.Document(path)
    target = next(p for p in d.paragraphs if p.text == TEXTS["difficulties"][0])
    target.runs[0].text = legacy.encode(TEXTS["difficulties"][0].lower(), "TCVN3")
    target.runs[0].font.name = ".VnTime"
    target.runs[0].font.size = Pt(14)
    d.save(path)
    result = cchc("import", str(path), "--period", "2021-Q1")
    assert export_json(cchc)["narrative"]["difficulties"] == TEXTS["difficulties"][0].lower()
    assert "Đoạn" in result.stdout and "TCVN3" in result.stdout


def test_the_systems_own_word_export_edited_in_libreoffice_reads_back_the_same(cchc, ankhe, tmp_path, unit, period):
    narrative = expected_narrative()
    narrative["thematic"] = "Báo cáo chuyên đề về cải cách thủ tục hành chính."
    save_report(unit("NGO-MAY"), period("2021-Q1"), values=EXPECTED, narrative=narrative)
    original = export_json(cchc)
    exported = tmp_path / "xuat.docx"
    cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "docx", "-o", str(exported))
    # Edited in LibreOffice: opened and saved again as .docx by LibreOffice Writer.
    edited = convert(exported, "docx:MS Word 2007 XML", tmp_path / "lo")
    assert edited.read_bytes() != exported.read_bytes()
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={}, narrative={})
    assert export_json(cchc)["values"] == {}
    cchc("import", str(edited), "--period", "2021-Q1")  # the unit from the export's own keywords
    again = export_json(cchc)
    assert again["values"] == original["values"] == EXPECTED
    assert again["narrative"] == original["narrative"] == narrative
    # An edit in the file LibreOffice saved (a figure and a sentence) is what the next import changes.
    d = docx.Document(edited)
    row = next(r for r in d.tables[-1].rows if r.cells[0].text.strip() == "1.1.1.")
    row.cells[3].paragraphs[0].runs[0].text = "16"
    para = next(p for p in d.paragraphs if p.text == TEXTS["difficulties"][0])
    para.runs[0].text = "Thiếu cán bộ chuyên trách, đã đề nghị bổ sung."
    for run in para.runs[1:]:
        run.text = ""
    d.save(edited)
    result = cchc("import", str(edited), "--period", "2021-Q1")
    assert "1.1.1: 15 → 16" in result.stdout and "phần nội dung thay đổi: difficulties" in result.stdout
    final = export_json(cchc)
    assert final["values"] == {**EXPECTED, "1.1.1": 16}
    assert final["narrative"] == {**narrative, "difficulties": "Thiếu cán bộ chuyên trách, đã đề nghị bổ sung."}


def test_a_heading_font_of_tcvn3_reads_as_capitals():
    from cchc.office.docx_in import fix_with_font

    typed = legacy.encode("khó khăn, vướng mắc", "TCVN3")
    assert fix_with_font("III. " + typed, [".VnTimeH"]) == ("III. KHÓ KHĂN, VƯỚNG MẮC", "TCVN3")
    assert fix_with_font("Kết hợp", [".VnTime"]) == ("Kết hợp", None)  # already Unicode in a .Vn font


def _docx_bytes(tmp_path):
    return unit_report(tmp_path / "tot.docx", ROMAN_UPPER).read_bytes()


def _zip_with(data, extra):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in {**members, **extra}.items():
            zf.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "case, name, words",
    [
        ("docm", "macro.docm", "macro"),
        ("macro inside", "macro.docx", "macro"),
        ("password", "mat-khau.docx", "mật khẩu"),
        ("corrupt", "hong.docx", "bị hỏng"),
        ("not word", "bang.docx", "không phải là tệp Word"),
        ("too large", "lon.docx", "quá lớn"),
        ("old doc", "cu.doc", "Word 97-2003"),
    ],
)
def test_bad_word_files_are_refused_in_vietnamese_and_nothing_is_stored(cchc, ankhe, tmp_path, case, name, words):
    data = _docx_bytes(tmp_path)
    body = {
        "docm": data,
        "macro inside": _zip_with(data, {"word/vbaProject.bin": b"\0" * 100}),
        "password": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le"),
        "corrupt": data[: len(data) // 2],
        "not word": _xlsx_renamed(),
        "too large": data + b"\0" * (11 * 1024 * 1024),
        "old doc": b"\xd0\xcf\x11\xe0" + b"\0" * 99,
    }[case]
    path = tmp_path / name
    path.write_bytes(body)
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY", expect=2)
    assert "KHÔNG ĐỌC ĐƯỢC" in result.stdout and words in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert (Report.objects.count(), Value.objects.count()) == (0, 0)


def _xlsx_renamed():
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def test_the_reusable_word_table_reader_resolves_merged_cells(tmp_path):
    from cchc.office.docx_in import Table, read_docx

    data = unit_report(tmp_path / "bang.docx", ROMAN_UPPER).read_bytes()
    tables = [b for b in read_docx(data, "bang.docx").blocks if isinstance(b, Table)]
    grid = tables[-1].grid
    assert grid[0] == ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"]
    assert grid[1] == ["", "", "Đơn vị tính", "Số liệu", ""]  # vertically merged cells are blank below
    assert grid[8][:4] == ["Trong đó", "Số TTHC thị xã", "TTHC", "186"]


# The directive's appendix as printed (its rows as the form holds them: STT with its trailing dot,
# "Trong đó" on the first part row and blank on the next), one table per page.
SEED_FIGURES = {"1.1.1": "15", "3.1.3": "300", "3.1.3.a": "186", "3.1.3.b": "114", "7.7.3": "95,5"}


def seed_appendix_report(path, per_table=30):
    """A unit's report whose appendix is laid out as the directive prints it: one table per page,
    each with the two-row header and its merged cells, a few figures typed in."""
    from cchc.catalog.validation import FormSpec
    from cchc.reporting.xlsx import sheet_rows

    spec = FormSpec.for_year(2021)
    codes = [ind.code for ind in spec.indicators.values()]
    rows = [
        (row.stt, row.name, row.measure, SEED_FIGURES.get(code, ""), row.note)
        for code, row in zip(codes, sheet_rows(spec), strict=True)
    ]
    d = docx.Document()
    d.add_paragraph("I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("Ban hành kế hoạch.")
    d.add_paragraph("PHỤ LỤC")
    pages = [rows[i : i + per_table] for i in range(0, len(rows), per_table)]
    for page in pages:
        table = d.add_table(rows=2 + len(page), cols=5)
        for c, text in enumerate(
            [
                "STT",
                "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                "Kết quả thống kê",
                "",
                "Ghi chú",
            ]
        ):
            table.cell(0, c).text = text
        table.cell(1, 2).text, table.cell(1, 3).text = "Đơn vị tính", "Số liệu"
        for r, cells in enumerate(page, start=2):
            for c, text in enumerate(cells):
                table.cell(r, c).text = str(text or "")
        table.cell(0, 2).merge(table.cell(0, 3))
        for c in (0, 1, 4):
            table.cell(0, c).merge(table.cell(1, c))
        d.add_paragraph("")
    d.save(path)
    return path, len(pages)


def test_it_reads_the_directives_own_appendix_split_over_several_tables(cchc, ankhe, tmp_path):
    path, n_tables = seed_appendix_report(tmp_path / "phu-luc.docx")
    assert n_tables >= 4
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY")
    assert export_json(cchc)["values"] == {"1.1.1": 15, "3.1.3": 300, "3.1.3.a": 186, "3.1.3.b": 114, "7.7.3": 95.5}
    assert export_json(cchc)["narrative"]["organisation"] == "Ban hành kế hoạch."
    assert "bảng phụ lục (bảng thứ 1, 2, 3, 4" in result.stdout


def test_the_consolidated_word_report_is_not_taken_for_a_units_report(cchc, ankhe, tmp_path):
    path = tmp_path / "tong-hop.docx"
    cchc("consolidate", "--period", "2021-Q1", "--format", "docx", "-o", str(path))
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY", expect=1)
    assert "báo cáo tổng hợp" in result.stdout
    assert not Report.objects.exists()
