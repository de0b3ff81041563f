"""Importing a filled workbook: read by STT whatever the office did to the layout, all or nothing,
every refusal a Vietnamese message naming the sheet row — through `cchc import` / `cchc validate`."""

import io
import re
import zipfile

import openpyxl
import pytest

from cchc.reporting.models import Report, Value

from .helpers import directive_workbook, fill, template

FILLED = {
    "1.1.1": 15,
    "1.1.2": "4",
    "1.4.1": "1.234",
    "1.4.2": "2 - Kết hợp",
    "3.1.3": 300,
    "3.1.3/1": 186,
    "3.1.3/2": "114",
    "3.4.2": "95,5",
    "4.1.2/2": "12,5%",
    "5.3.1": "1 - Đã thực hiện",
    "7.5.2": 1250,
    "7.5.2/1": 80,
    "7.5.2/2": "20",
}
EXPECTED = {
    "1.1.1": 15,
    "1.1.2": 4,
    "1.4.1": 1234,
    "1.4.2": 2,
    "3.1.3": 300,
    "3.1.3.a": 186,
    "3.1.3.b": 114,
    "3.4.2": 95.5,
    "4.1.2.b": 12.5,
    "5.3.1": 1,
    "7.5.2": 1250,
    "7.5.2.a": 80,
    "7.5.2.b": 20,
}


def stored(cchc, unit="NGO-MAY", period="2021-Q1"):
    return cchc("export", "--unit", unit, "--period", period, "--format", "json").json()["values"]


def counts():
    return Report.objects.count(), Value.objects.count()


def row_of(path, stt):
    ws = openpyxl.load_workbook(path)["Phụ lục"]
    for row in ws.iter_rows():
        if row[0].value == stt:
            return row[0].row
    raise AssertionError(stt)


def test_it_round_trips_the_template_through_cchc_import(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), FILLED)
    assert cchc("validate", str(path)).status == 0
    result = cchc("import", str(path), "--period", "2021-Q1")  # the unit comes from the workbook's marker
    assert "NGO-MAY" in result.stdout
    assert stored(cchc) == EXPECTED
    # The exported workbook is the same form, filled: importing it again changes nothing.
    out = tmp_path / "xuat.xlsx"
    cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "xlsx", "-o", str(out))
    Value.objects.all().delete()
    cchc("import", str(out), "--period", "2021-Q1", "--unit", "NGO-MAY")
    assert stored(cchc) == EXPECTED


@pytest.mark.parametrize(
    "typed, number_format, expected",
    [
        ("1.234", None, 1234),
        (" 1 234 ", None, 1234),
        (1234.0, None, 1234),
        ("  42  ", None, 42),
        ("0", None, 0),
    ],
)
def test_it_reads_counts_as_vietnamese_offices_type_them(cchc, ankhe, tmp_path, typed, number_format, expected):
    path = fill(template(cchc, tmp_path), {"1.4.1": typed})
    cchc("import", str(path), "--period", "2021-Q1")
    assert stored(cchc) == {"1.4.1": expected}


@pytest.mark.parametrize(
    "typed, number_format, expected",
    [
        ("95,5", None, 95.5),
        ("95,5%", None, 95.5),
        (" 95,5 % ", None, 95.5),
        (0.955, "0.0%", 95.5),
        (1, "0%", 100),
        (95.5, "0.0", 95.5),
        ("95.5", None, 95.5),
        (0.5, '0.00" %"', 0.5),
    ],
)
def test_it_reads_percentages_as_typed_or_formatted(cchc, ankhe, tmp_path, typed, number_format, expected):
    formats = {"3.4.2": number_format} if number_format else None
    path = fill(template(cchc, tmp_path), {"3.4.2": typed}, formats=formats)
    cchc("import", str(path), "--period", "2021-Q1")
    assert stored(cchc) == {"3.4.2": expected}


def test_it_reads_by_stt_whatever_was_done_to_the_rows(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), {"1.1.1": 15, "2.1": 3, "3.1.3": 10, "3.1.3/1": 6, "3.1.3/2": 4, "7.7.4": 50})
    wb = openpyxl.load_workbook(path)
    ws = wb["Phụ lục"]
    ws.protection.sheet = False
    rows = {str(r[0].value): r[0].row for r in ws.iter_rows() if r[0].value}
    ws.cell(rows["2.1"], 1).value = " 2.1. "  # stray spaces and a trailing dot
    ws.cell(rows["1.1.1."], 1).value = "1.1.1"  # the dot dropped
    ws.delete_rows(rows["1.2."], 5)  # 1.2 … 1.2.4 deleted
    ws.insert_rows(rows["3."] - 5, 3)  # blank rows pasted in
    ws.insert_rows(rows["7."] - 2, 2)  # the header repeated after a page break
    at = rows["7."] - 2
    ws.cell(at, 1).value, ws.cell(at, 2).value, ws.cell(at, 3).value = "STT", "Chỉ tiêu thống kê", "Kết quả thống kê"
    ws.cell(at + 1, 3).value, ws.cell(at + 1, 4).value = "Đơn vị tính", "Số liệu"
    ws.merged_cells.ranges = set()  # openpyxl does not move merges with inserted rows; merge afresh
    rows = {str(r[0].value): r[0].row for r in ws.iter_rows() if r[0].value}
    part = rows["3.1.3."] + 1
    ws.merge_cells(start_row=part, start_column=1, end_row=part + 1, end_column=1)  # "Trong đó" over both rows
    ws.merge_cells(start_row=rows["2."], start_column=2, end_row=rows["2."], end_column=3)  # a heading widened
    wb.save(path)
    cchc("import", str(path), "--period", "2021-Q1")
    assert stored(cchc) == {"1.1.1": 15, "2.1": 3, "3.1.3": 10, "3.1.3.a": 6, "3.1.3.b": 4, "7.7.4": 50}


def test_it_reads_the_directives_own_appendix_with_its_unnumbered_rows(cchc, ankhe, tmp_path):
    rows = [
        ("1.", "Công tác chỉ đạo điều hành CCHC", None, None),
        ("1.1.", "Kế hoạch CCHC", None, None),
        ("1.1.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", 20),
        ("1.3.1", "Tổng số nhiệm vụ được giao", None, "7"),
        ("3.1.3.", "Tổng số TTHC đang có hiệu lực", "Thủ tục", 297),
        ("Trong đó", "Số TTHC thị xã:", "Thủ tục", 186),
        (None, "Số TTHC cấp xã:", "Thủ tục", 111),
        ("5.1.2.", "Số đơn vị sự nghiệp đã được phê duyệt vị trí việc", "Cơ quan, đơn vị", 50),
        (None, "làm theo quy định", None, None),  # the name carried over a page break, as printed
        ("7.5.1.", "Thực hiện kết nối, liên thông các Hệ thống quản lý văn bản", None, None),
        ("Trong đó", "Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND thị xã", "%", "100%"),
        ("7.5.2.", "Tổng số VĂN BẢN ĐI", "Văn bản", "1.250"),
        (None, None, None, None),
        (None, "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử", "%", "85,5"),
        (None, "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy", "%", 14.5),
        (
            None,
            "Ghi chú: Đây là mẫu chung, đối với những nội dung không thuộc thẩm quyền báo cáo, các đơn vị để trống./.",
            None,
            None,
        ),
    ]
    path = directive_workbook(rows, tmp_path / "phu-luc.xlsx", header_every=6)
    cchc("import", str(path), "--period", "2021-Q1", "--unit", "AN-BINH")
    assert stored(cchc, "AN-BINH") == {
        "1.1.1": 20,
        "1.3.1": 7,
        "3.1.3": 297,
        "3.1.3.a": 186,
        "3.1.3.b": 111,
        "5.1.2": 50,
        "7.5.1.a": 100,
        "7.5.2": 1250,
        "7.5.2.a": 85.5,
        "7.5.2.b": 14.5,
    }


def test_it_knows_a_part_row_by_its_wording_when_the_one_above_was_deleted(cchc, ankhe, tmp_path):
    rows = [("3.1.3.", "Tổng số TTHC đang có hiệu lực", "Thủ tục", 297), (None, "Số TTHC cấp xã:", "Thủ tục", 111)]
    path = directive_workbook(rows, tmp_path / "phu-luc.xlsx")
    cchc("import", str(path), "--period", "2021-Q1", "--unit", "AN-BINH")
    assert stored(cchc, "AN-BINH") == {"3.1.3": 297, "3.1.3.b": 111}


def test_it_asks_for_unit_and_period_when_the_workbook_carries_no_marker(cchc, ankhe, tmp_path):
    path = directive_workbook([("2.1", "Số VBQPPL", "Văn bản", 3)], tmp_path / "phu-luc.xlsx")
    before = counts()
    result = cchc("import", str(path), "--period", "2021-Q1", expect=1)
    assert "--unit" in result.stdout and "không mang thông tin đơn vị" in result.stdout
    assert counts() == before


def test_it_refuses_a_template_of_another_unit_or_period(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), {"1.1.1": 15})
    before = counts()
    other_unit = cchc("import", str(path), "--period", "2021-Q1", "--unit", "AN-BINH", expect=1)
    assert "biểu mẫu của đơn vị NGO-MAY, không phải của đơn vị AN-BINH" in other_unit.stdout
    other_period = cchc("import", str(path), "--period", "2021-H1", expect=1)
    assert "kỳ 2021-Q1, không phải kỳ 2021-H1" in other_period.stdout
    assert counts() == before


def _edit_marker(path, key, value):
    wb = openpyxl.load_workbook(path)
    ws = wb["cchc"]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


def test_it_accepts_an_older_form_version_whose_codes_still_match(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), {"1.1.1": 15})
    _edit_marker(path, "form_version", "phien-ban-cu")
    cchc("import", str(path), "--period", "2021-Q1")
    assert stored(cchc) == {"1.1.1": 15}


def test_it_refuses_a_workbook_made_from_another_form(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), {"1.1.1": 15})
    _edit_marker(path, "form_year", 2020)
    before = counts()
    result = cchc("import", str(path), "--period", "2021-Q1", expect=1)
    assert "được tạo từ biểu mẫu khác" in result.stdout
    assert counts() == before


@pytest.mark.parametrize(
    "stt, typed, words",
    [
        ("1.1.1.", "mười lăm", "không phải là số"),
        ("1.1.1.", 1.5, "phải là số nguyên"),
        ("1.1.1.", -3, "không được âm"),
        ("3.4.2.", "150", "tỷ lệ phải từ 0 đến 100"),
        ("1.4.2", "5 - Khác", "không hợp lệ"),
        ("1.", 4, "là dòng tiêu đề"),
        ("3.4.2.", "#DIV/0!", "báo lỗi công thức"),
    ],
)
def test_it_names_the_row_of_each_bad_value_and_stores_nothing(cchc, ankhe, tmp_path, stt, typed, words):
    path = fill(template(cchc, tmp_path), {"1.1.2": 4, stt.rstrip("."): typed})
    before = counts()
    result = cchc("import", str(path), "--period", "2021-Q1", expect=1)
    assert f"Dòng {row_of(path, stt)}" in result.stdout and f"STT {stt.rstrip('.')}" in result.stdout
    assert words in result.stdout
    assert counts() == before
    assert cchc("validate", str(path), expect=1).status == 1


def test_it_names_the_row_of_a_formula_without_a_stored_result(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), {"1.1.1": 10, "1.1.2": "=B5*2"})
    before = counts()
    result = cchc("import", str(path), "--period", "2021-Q1", expect=1)
    assert f"Dòng {row_of(path, '1.1.2.')} (STT 1.1.2)" in result.stdout and "công thức" in result.stdout
    assert counts() == before


def test_it_refuses_a_value_on_a_row_that_is_not_in_the_form(cchc, ankhe, tmp_path):
    path = directive_workbook(
        [("2.1", "Số VBQPPL", "Văn bản", 3), ("8.1", "Chỉ tiêu tự thêm", "Cái", 9)], tmp_path / "phu-luc.xlsx"
    )
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "TP", expect=1)
    assert "Dòng 7: STT «8.1» không có trong biểu mẫu" in result.stdout
    assert not Value.objects.exists()


def test_it_keeps_the_stored_report_when_a_file_is_refused(cchc, ankhe, tmp_path):
    good = fill(template(cchc, tmp_path), {"1.1.1": 15})
    cchc("import", str(good), "--period", "2021-Q1")
    bad = fill(template(cchc, tmp_path), {"1.1.1": 20, "1.1.2": "nhiều"}, out=tmp_path / "bad.xlsx")
    cchc("import", str(bad), "--period", "2021-Q1", expect=1)
    assert stored(cchc) == {"1.1.1": 15}


# --- files that are not what they claim ------------------------------------------------------


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _bad_files(tmp_path, good):
    data = good.read_bytes()
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    return {
        "not a workbook": ("ghi-chu.xlsx", "Báo cáo quý I".encode() * 50, "không phải là tệp Excel"),
        "corrupt zip": ("hong.xlsx", data[: len(data) // 2], "bị hỏng"),
        "password": (
            "mat-khau.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500,
            "mật khẩu",
        ),
        "old xls": ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "Excel 97-2003"),
        "xlsm": ("macro.xlsm", data, "macro"),
        "macro inside": ("macro.xlsx", _zip({**members, "xl/vbaProject.bin": b"\0" * 100}), "macro"),
        "too large": ("lon.xlsx", data + b"\0" * (5 * 1024 * 1024), "quá lớn"),
        "zip bomb": ("bom.xlsx", _zip({**members, "xl/media/x.bin": b"\0" * (40 * 1024 * 1024)}), "giải nén quá lớn"),
        "damaged inside": ("ben-trong.xlsx", _zip({**members, "xl/workbook.xml": b"<workbook><sheets"}), "bị hỏng"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not a workbook",
        "corrupt zip",
        "password",
        "old xls",
        "xlsm",
        "macro inside",
        "too large",
        "zip bomb",
        "damaged inside",
    ],
)
def test_it_refuses_unreadable_files_with_status_2_and_stores_nothing(cchc, ankhe, tmp_path, case):
    good = fill(template(cchc, tmp_path), {"1.1.1": 15})
    name, data, words = _bad_files(tmp_path, good)[case]
    path = tmp_path / name
    path.write_bytes(data)
    before = counts()
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY", expect=2)
    assert "KHÔNG ĐỌC ĐƯỢC" in result.stdout and words in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert counts() == before
    assert cchc("validate", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY", expect=2).status == 2


def test_it_refuses_a_sheet_with_too_many_rows(cchc, ankhe, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"])
    for i in range(2100):
        ws.append([f"9.{i}", "dòng", "", i])
    path = tmp_path / "nhieu-dong.xlsx"
    wb.save(path)
    result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY", expect=2)
    assert "quá nhiều dòng" in result.stdout


def test_it_takes_the_stored_result_of_a_formula_excel_computed(cchc, ankhe, tmp_path):
    path = template(cchc, tmp_path)
    row = row_of(path, "1.1.1.")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet, n = re.subn(
        rf'<c r="D{row}"([^>]*?)(/>|></c>)',
        rf'<c r="D{row}"\1><f>10+5</f><v>15</v></c>',
        members["xl/worksheets/sheet1.xml"].decode(),
    )
    assert n == 1
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    path.write_bytes(_zip(members))
    cchc("import", str(path), "--period", "2021-Q1")
    assert stored(cchc) == {"1.1.1": 15}


def test_it_imports_a_folder_of_workbooks_each_for_the_unit_its_marker_names(cchc, ankhe, tmp_path):
    paths = []
    for code, figure in (("NGO-MAY", 15), ("AN-BINH", 9)):
        folder = tmp_path / code
        folder.mkdir()
        paths.append(str(fill(template(cchc, folder, unit=code), {"1.1.1": figure})))
    result = cchc("import", *paths, "--period", "2021-Q1", "--submit", "--submitted-at", "2021-03-04T10:00:00+07:00")
    assert result.stdout.count("đã lưu (đã gửi") == 2
    assert stored(cchc, "NGO-MAY") == {"1.1.1": 15} and stored(cchc, "AN-BINH") == {"1.1.1": 9}
