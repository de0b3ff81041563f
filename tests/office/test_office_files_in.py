"""Office files as units send them (INTERFACES.md "Office files in"): .xls and .ods read as .xlsx
is, the sheet the marker names, legacy Vietnamese fonts, and the CLI import's merge, messages and
exit statuses."""

import io
import json
import os
import shutil
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from cchc.office import legacy
from cchc.reporting.models import Report, Value

from .helpers import convert, fill, template

FILLED = {
    "1.1.1": 15,
    "1.1.2": 4,
    "1.4.2": "2 - Kết hợp",
    "3.1.3": 300,
    "3.1.3/1": 186,
    "3.1.3/2": 114,
    "3.4.2": 0.955,
    "7.5.2": 1250,
}
EXPECTED = {
    "1.1.1": 15,
    "1.1.2": 4,
    "1.4.2": 2,
    "3.1.3": 300,
    "3.1.3.a": 186,
    "3.1.3.b": 114,
    "3.4.2": 95.5,
    "7.5.2": 1250,
}


def stored(cchc, unit="NGO-MAY", period="2021-Q1"):
    return cchc("export", "--unit", unit, "--period", period, "--format", "json").json()["values"]


def counts():
    return Report.objects.count(), Value.objects.count()


@pytest.fixture
def filled(cchc, ankhe, tmp_path):
    return fill(template(cchc, tmp_path), FILLED, formats={"3.4.2": "0.0%"})


# --- .xls and .ods ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_it_reads_xls_and_ods_saved_by_libreoffice_as_it_reads_xlsx(cchc, filled, fmt):
    other = convert(filled, fmt)
    assert cchc("validate", str(other)).status == 0
    result = cchc("import", str(other), "--period", "2021-Q1")  # the unit from the marker sheet, kept by the save
    assert "NGO-MAY" in result.stdout and "trang «Phụ lục»" in result.stdout
    assert stored(cchc) == EXPECTED


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_it_names_the_bad_row_of_an_xls_or_ods_as_for_xlsx(cchc, ankhe, tmp_path, fmt):
    bad = fill(template(cchc, tmp_path), {"1.1.1": 20, "1.1.2": "nhiều"})
    before = counts()
    expected = cchc("import", str(bad), "--period", "2021-Q1", expect=1).stdout.split("\n", 1)[1]
    other = convert(bad, fmt)
    result = cchc("import", str(other), "--period", "2021-Q1", expect=1)
    assert result.stdout.split("\n", 1)[1] == expected  # same messages, same row numbers
    assert counts() == before


def test_it_refuses_a_damaged_xls_or_ods(cchc, ankhe, tmp_path):
    for name, data in (
        ("hong.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 3000),
        ("hong.ods", b"PK\x03\x04" + b"\x00" * 100),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = cchc("import", str(path), "--period", "2021-Q1", "--unit", "NGO-MAY", expect=2)
        assert "KHÔNG ĐỌC ĐƯỢC" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert counts() == (0, 0)


# --- which sheet --------------------------------------------------------------------------------


def test_it_reads_the_sheet_its_marker_names_not_last_quarters_copy_placed_first(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path, period="2021-H1"), {"1.1.1": 7})
    wb = openpyxl.load_workbook(path)
    old = wb.copy_worksheet(wb["Phụ lục"])
    old.title = "Quý I"
    for row in old.iter_rows():
        if row[0].value in ("1.1.1.", "1.1.2.", "2.1."):
            row[3].value = 99
    wb.move_sheet(old, offset=-wb.index(old))  # last quarter's sheet first in the workbook…
    wb.active = 0  # …and the one open when saved
    wb.save(path)
    result = cchc("import", str(path), "--period", "2021-H1")
    assert stored(cchc, period="2021-H1") == {"1.1.1": 7}
    assert "trang «Phụ lục»" in result.stdout and "«Quý I»" in result.stdout  # says which, and that there were two


def test_without_a_marker_it_reads_the_active_sheet_and_says_which(cchc, ankhe, tmp_path):
    wb = openpyxl.Workbook()
    for title, figure in (("Quý I", 99), ("6 tháng", 7)):
        ws = wb.create_sheet(title)
        ws.append(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"])
        ws.append(["1.1.1", "Số văn bản", "Văn bản", figure])
    del wb["Sheet"]
    wb.active = 1
    path = tmp_path / "hai-trang.xlsx"
    wb.save(path)
    result = cchc("import", str(path), "--period", "2021-H1", "--unit", "NGO-MAY")
    assert stored(cchc, period="2021-H1") == {"1.1.1": 7}
    assert "trang «6 tháng»" in result.stdout and "trang đang mở" in result.stdout


# --- what a draft import says ------------------------------------------------------------------


def test_a_draft_import_prints_the_rules_its_figures_break_as_validate_does(cchc, ankhe, tmp_path):
    path = fill(template(cchc, tmp_path), {"1.1.1": 2, "1.1.2": 5})  # 1.1.2 (done) > 1.1.1 (planned)
    checked = cchc("validate", str(path), expect=1).stdout
    rule_line = next(line for line in checked.splitlines() if line.startswith("LỖI"))
    result = cchc("import", str(path), "--period", "2021-Q1")
    assert "1 lỗi quy tắc" in result.stdout and rule_line in result.stdout
    assert stored(cchc) == {"1.1.1": 2, "1.1.2": 5}  # kept in the draft; it blocks only signing
    data = cchc("import", str(path), "--period", "2021-Q1", "--format", "json").json()[0]
    assert [e["code"] for e in data["rule_errors"]] == ["1.1.2"]


# --- a batch with bad paths ---------------------------------------------------------------------


def test_a_folder_an_unreadable_file_and_deep_json_are_reported_and_the_batch_goes_on(cchc, ankhe, tmp_path):
    good = fill(template(cchc, tmp_path), {"1.1.1": 15})
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    locked = tmp_path / "khoa.json"
    locked.write_text('{"unit": "NGO-MAY", "values": {}}')
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any file: use one the kernel refuses to read instead
        locked = Path("/proc/self/mem")
    deep = tmp_path / "sau.json"
    deep.write_text('{"unit": "NGO-MAY", "values": ' + "[" * 100_000 + "]" * 100_000 + "}")
    try:
        result = cchc("import", str(folder), str(locked), str(deep), str(good), "--period", "2021-Q1", expect=2)
        data = cchc(
            "import",
            str(folder),
            str(locked),
            str(deep),
            str(good),
            "--period",
            "2021-Q1",
            "--format",
            "json",
            expect=2,
        ).json()
    finally:
        (tmp_path / "khoa.json").chmod(0o600)
    assert "Traceback" not in result.stdout + result.stderr and "Errno" not in result.stdout
    lines = result.stdout.splitlines()
    assert any("thu-muc" in ln and "là thư mục" in ln for ln in lines)
    assert any(locked.name in ln and "KHÔNG ĐỌC ĐƯỢC" in ln for ln in lines)
    assert any("sau.json" in ln and "lồng quá sâu" in ln for ln in lines)
    assert stored(cchc) == {"1.1.1": 15}  # the good file after them was still imported
    assert [r["result"] for r in data] == ["unreadable", "unreadable", "unreadable", "stored"]
    assert cchc("validate", str(deep), expect=2).status == 2


# --- zip bombs ----------------------------------------------------------------------------------


def _lying_zip(good, inflated=200 * 1024 * 1024, claimed=1000):
    """The good workbook plus a member that inflates to `inflated` bytes while its headers claim
    `claimed` (the case that drove a worker to 2 GB: the declared sizes passed the check)."""
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1024 * 1024)
    body = b"".join(comp.compress(chunk) for _ in range(inflated // len(chunk))) + comp.flush()
    crc = 0
    for _ in range(inflated // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    data = out.getvalue()
    cd_at = data.rindex(b"PK\x05\x06")
    eocd = data[cd_at:]
    cd_start = int.from_bytes(eocd[16:20], "little")
    cd = data[cd_start:cd_at]
    name = b"xl/media/image1.png"
    offset = cd_start
    local = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + b"\0\0"
        + (8).to_bytes(2, "little")
        + b"\0\0\0\0"
        + crc.to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + claimed.to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + b"\0\0"
        + name
    )
    central = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little")
        + (20).to_bytes(2, "little")
        + b"\0\0"
        + (8).to_bytes(2, "little")
        + b"\0\0\0\0"
        + crc.to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + claimed.to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + b"\0" * 12
        + offset.to_bytes(4, "little")
        + name
    )
    new_cd = cd + central
    entries = int.from_bytes(eocd[10:12], "little") + 1
    new_eocd = (
        eocd[:8]
        + entries.to_bytes(2, "little")
        + entries.to_bytes(2, "little")
        + len(new_cd).to_bytes(4, "little")
        + (offset + len(local) + len(body)).to_bytes(4, "little")
        + eocd[20:]
    )
    return data[:cd_start] + local + body + new_cd + new_eocd


def test_a_zip_bomb_with_false_sizes_is_refused_in_bounded_memory(cchc, ankhe, tmp_path):
    from cchc.reporting.files import Unreadable, read_report_bytes

    good = fill(template(cchc, tmp_path), {"1.1.1": 15})
    bomb = _lying_zip(good)
    assert len(bomb) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert sum(i.file_size for i in zf.infolist()) < 1024 * 1024  # the declared sizes pass any check
    tracemalloc.start()
    try:
        with pytest.raises(Unreadable) as refused:
            read_report_bytes(bomb, "bom.xlsx", unit="NGO-MAY", period="2021-Q1")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bị hỏng" in str(refused.value) or "quá lớn" in str(refused.value)
    assert peak < 30 * 1024 * 1024, peak
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bomb)
    assert "KHÔNG ĐỌC ĐƯỢC" in cchc("import", str(path), "--period", "2021-Q1", expect=2).stdout
    assert counts() == (0, 0)


def test_a_bzip2_member_is_refused_before_it_is_inflated(cchc, ankhe, tmp_path):
    good = fill(template(cchc, tmp_path), {"1.1.1": 15})
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("xl/media/x.bin", b"\0" * 1000, compress_type=zipfile.ZIP_BZIP2)
    path = tmp_path / "bzip.xlsx"
    path.write_bytes(out.getvalue())
    assert "bị hỏng" in cchc("import", str(path), "--period", "2021-Q1", expect=2).stdout


# --- legacy fonts -------------------------------------------------------------------------------

LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_the_mapping_tables_cover_the_whole_alphabet_both_ways(encoding):
    letters = LOWER + (LOWER.upper() if encoding == "VNI" else "ĂÂÊÔƠƯĐ")
    for letter in letters:
        code = legacy.encode(letter, encoding)
        assert legacy.decode(code, encoding) == letter, (letter, code)
    codes = [legacy.encode(letter, encoding) for letter in letters]
    assert len(set(codes)) == len(codes)  # no two letters share a code
    for uni, code in legacy.table(encoding).items():
        assert legacy.decode(code, encoding) == uni
        assert legacy.encode(uni, encoding) == code


@pytest.mark.parametrize(
    "text",
    [
        "Một số cán bộ, công chức chưa thực hiện đúng quy trình tiếp nhận hồ sơ.",
        "Kết hợp",
        "Người dân và doanh nghiệp đánh giá cao việc giải quyết thủ tục",
        "Ứng dụng công nghệ thông tin, xây dựng chính quyền điện tử",
    ],
)
@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_text_typed_in_a_legacy_font_is_detected_and_converted(text, encoding):
    typed = legacy.encode(text.lower() if encoding == "TCVN3" else text, encoding)
    assert legacy.fix_text(typed) == ((text.lower() if encoding == "TCVN3" else text), encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Hoàn thành",
        "Có",
        "Cô giáo",
        "Bé",
        "Café",
        "São Paulo",
        "Kết hợp",
        "ABC 123",
        "Tình hình tổ chức thực hiện",
        "«Trong đó»",
    ],
)
def test_unicode_text_is_left_alone(text):
    assert legacy.fix_text(text) == (text, None)


def test_a_choice_typed_in_tcvn3_is_read_and_the_cell_named(cchc, ankhe, tmp_path):
    assert legacy.fix_text("KÕt hîp") == ("Kết hợp", "TCVN3")
    path = fill(template(cchc, tmp_path), {"1.4.2": "KÕt hîp", "1.1.1": 3})
    result = cchc("import", str(path), "--period", "2021-Q1")
    assert stored(cchc) == {"1.4.2": 2, "1.1.1": 3}
    assert "TCVN3" in result.stdout and "«KÕt hîp» → «Kết hợp»" in result.stdout and "Số liệu" in result.stdout


def test_a_json_narrative_typed_in_vni_is_converted_with_a_warning(cchc, ankhe, tmp_path):
    path = tmp_path / "vni.json"
    path.write_text(
        json.dumps(
            {
                "unit": "NGO-MAY",
                "values": {"1.1.1": 1},
                "narrative": {"difficulties": legacy.encode("Thiếu cán bộ chuyên trách", "VNI")},
            }
        )
    )
    result = cchc("import", str(path), "--period", "2021-Q1")
    assert "VNI" in result.stdout and "difficulties" in result.stdout
    report = cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "json").json()
    assert report["narrative"]["difficulties"] == "Thiếu cán bộ chuyên trách"


def test_libreoffice_is_installed_for_these_tests():
    assert shutil.which("soffice") or shutil.which("libreoffice")
