"""`cchc form list | export | import | copy` (INTERFACES.md "Forms of other years"): the editable
workbook round trip, the directive's appendix as printed, copying, and the refusals that keep
stored figures meaningful."""

import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from cchc.catalog.models import Indicator, ReportForm
from tests.catalog.appendix import appendix_docx, appendix_xlsx


def _form(year):
    return {i.code: i for i in Indicator.objects.filter(form__year=year).select_related("responsible")}


def _exported(cchc, tmp_path, year=2021):
    out = tmp_path / f"bieu-mau-{year}.xlsx"
    cchc("form", "export", "--year", str(year), "-o", str(out))
    return out


def test_list_says_which_years_hold_figures(cchc, ankhe, unit, period):
    from cchc.reporting.actions import save_report

    rows = json.loads(cchc("form", "list", "--format", "json").stdout)
    assert rows == [
        {
            "year": 2021,
            "title": ReportForm.objects.get(year=2021).title,
            "source": ReportForm.objects.get(year=2021).source,
            "indicators": 108,
            "locked": False,
            "published": True,
        }
    ]
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 3}, by="test")
    assert json.loads(cchc("form", "list", "--format", "json").stdout)[0]["locked"] is True


def test_export_edit_import_round_trip(cchc, ankhe, tmp_path):
    path = _exported(cchc, tmp_path)
    wb = load_workbook(path)
    ws = wb["Biểu mẫu"]
    assert [c.value for c in ws[1]] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Loại",
        "Đơn vị chủ trì",
        "Lũy kế",
        "Mã lựa chọn",
        "Mã năm trước",
    ]
    assert ws.max_row == 109
    assert [c.value for c in wb["Quy tắc"][1]][:3] == ["Mã", "Loại", "Vế trái"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["3.1.3.a"], 2).value == "Số TTHC thị xã"
    assert ws.cell(rows["1.4.2"], 7).value == "0: Trực tuyến; 1: Phát phiếu; 2: Kết hợp"
    assert ws.cell(rows["1.1.1."], 6).value == "x" and ws.cell(rows["1.1.1."], 5).value == "NV"
    # Unchanged, it imports as no change at all.
    out = json.loads(cchc("form", "import", str(path), "--year", "2021", "--format", "json").stdout)
    assert (out["added"], out["changed"], out["removed"], out["rules_changed"]) == ([], [], [], False)
    # Edit: reword 1.1.3, a new row 1.1.4 after it, drop 5.2.3, 1.3.1 becomes a rate, a new rule.
    ws.cell(rows["1.1.3."], 2).value = "Số văn bản chỉ đạo, điều hành CCHC đã ban hành"
    ws.cell(rows["1.3.1"], 4).value = "percent"
    ws.insert_rows(rows["1.1.3."] + 1)
    for col, value in enumerate(["1.1.4.", "Số cuộc họp chuyên đề CCHC", "Cuộc", "count", "NV", "", "", ""], 1):
        ws.cell(rows["1.1.3."] + 1, col).value = value
    ws.delete_rows(rows["5.2.3."] + 1)
    rules = wb["Quy tắc"]
    rules.append(["hop-le-van-ban", "compare", "1.1.4", "<=", "1.1.3", "", "warning", ""])
    wb.save(path)
    dry = json.loads(cchc("form", "import", str(path), "--year", "2021", "--dry-run", "--format", "json").stdout)
    assert dry["added"] == ["1.1.4"] and dry["removed"] == ["5.2.3"] and dry["rules_changed"] is True
    assert set(dry["changed"]) == {"1.1.3", "1.3.1"} and dry["stored"] is False
    assert "1.1.4" not in _form(2021) and "5.2.3" in _form(2021)
    text = cchc("form", "import", str(path), "--year", "2021").stdout
    assert "Đã thêm 1 mã: 1.1.4" in text and "Đã bỏ 1 mã: 5.2.3" in text
    form = _form(2021)
    assert form["1.1.3"].name == "Số văn bản chỉ đạo, điều hành CCHC đã ban hành"
    assert form["1.1.4"].measure == "Cuộc" and form["1.1.4"].responsible.code == "NV"
    assert form["1.1.4"].position == form["1.1.3"].position + 1 and form["1.1.4"].parent_code == "1.1"
    assert form["1.3.1"].kind == "percent" and "5.2.3" not in form
    assert ReportForm.objects.get(year=2021).rules.filter(code="hop-le-van-ban").exists()
    # Exported again, it reads the same.
    again = _exported(cchc, tmp_path)
    out = json.loads(cchc("form", "import", str(again), "--year", "2021", "--format", "json").stdout)
    assert (out["added"], out["changed"], out["removed"], out["rules_changed"]) == ([], [], [], False)
    from cchc.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(action="form.import").latest("at")
    assert entry.detail["changed"]["1.1.3"]["name"][1] == "Số văn bản chỉ đạo, điều hành CCHC đã ban hành"


@pytest.mark.parametrize("make, name", [(appendix_xlsx, "phu-luc.xlsx"), (appendix_docx, "phu-luc.docx")])
def test_it_imports_the_appendix_as_the_directive_prints_it(cchc, ankhe, tmp_path, make, name):
    path = tmp_path / name
    path.write_bytes(make())
    # Over the bundled 2021 form it changes nothing but the heading whose typo the bundled data
    # corrects ("Vận hành Công dịch vụ công" as printed): same rows, kinds, units, wording.
    same = json.loads(cchc("form", "import", str(path), "--year", "2021", "--dry-run", "--format", "json").stdout)
    assert (same["added"], same["changed"], same["removed"]) == ([], ["3.2"], [])
    out = json.loads(cchc("form", "import", str(path), "--year", "2022", "--format", "json").stdout)
    assert len(out["added"]) == 108 and out["stored"] is True
    old, new = _form(2021), _form(2022)
    assert list(new) == list(old)
    for code, ind in old.items():
        assert (new[code].kind, new[code].responsible_id, new[code].choices, new[code].stock) == (
            ind.kind,
            ind.responsible_id,
            ind.choices,
            ind.stock,
        ), code
    assert new["5.1.2"].name == "Số đơn vị sự nghiệp đã được phê duyệt vị trí việc làm theo quy định"
    assert new["3.1.3.b"].part_of_parent and new["3.1.3.b"].parent_code == "3.1.3"
    # The appendix prints no rules: the new year keeps last year's.
    assert ReportForm.objects.get(year=2022).rules.count() == 18


def test_bad_rows_are_refused_by_row_and_nothing_is_stored(cchc, ankhe, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu mẫu"
    ws.append(["STT", "Chỉ tiêu", "Đơn vị tính", "Loại", "Đơn vị chủ trì", "Lũy kế", "Mã lựa chọn", "Mã năm trước"])
    ws.append(["1", "Công tác chỉ đạo", "", "heading", "", "", "", ""])
    ws.append(["1.1", "Số kế hoạch", "Kế hoạch", "count", "KHONG-CO", "", "", ""])
    ws.append(["1.2", "Hình thức", "", "lựa chọn", "NV", "", "", ""])
    ws.append(["1.2", "Trùng mã", "", "count", "", "", "", ""])
    ws.append(["1.3", "Loại lạ", "", "số", "", "", "", ""])
    ws.append(["", "Không có STT", "", "count", "", "", "", ""])
    path = tmp_path / "sai.xlsx"
    wb.save(path)
    result = cchc("form", "import", str(path), "--year", "2023", expect=1)
    err = result.stderr
    assert "Dòng 3:" in err and "KHONG-CO" in err
    assert "Dòng 4:" in err and "thiếu danh sách mã" in err
    assert "Dòng 5:" in err and "trùng" in err
    assert "Dòng 6:" in err and "loại «số» không hợp lệ" in err
    assert "Dòng 7:" in err and "thiếu STT" in err
    assert not ReportForm.objects.filter(year=2023).exists()


def test_a_file_that_is_no_form_is_unreadable(cchc, ankhe, tmp_path):
    path = tmp_path / "ghi-chu.xlsx"
    path.write_bytes(b"not a workbook")
    assert "không phải là tệp Excel" in cchc("form", "import", str(path), "--year", "2022", expect=2).stderr
    wb = Workbook()
    wb.active.append(["Họ tên", "Ngày sinh"])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    assert "không tìm thấy bảng biểu mẫu" in cchc("form", "import", str(path), "--year", "2022", expect=2).stderr
    cchc("form", "import", str(tmp_path / "khong-co.xlsx"), "--year", "2022", expect=2)
    cchc("form", "import", str(path), expect=2)  # no --year


def test_copy_makes_next_years_form_with_its_rules(cchc, ankhe):
    out = json.loads(cchc("form", "copy", "--from", "2021", "--to", "2022", "--format", "json").stdout)
    assert len(out["added"]) == 108
    form = ReportForm.objects.get(year=2022)
    assert form.rules.count() == ReportForm.objects.get(year=2021).rules.count() == 18
    assert "2022" in form.title or form.title
    assert list(_form(2022)) == list(_form(2021))
    assert "đã có biểu mẫu" in cchc("form", "copy", "--from", "2021", "--to", "2022", expect=1).stderr
    assert "Chưa có biểu mẫu năm 2019" in cchc("form", "copy", "--from", "2019", "--to", "2020", expect=1).stderr


def test_an_indicator_holding_figures_cannot_be_removed_or_change_kind(cchc, ankhe, tmp_path, unit, period):
    from cchc.reporting.actions import save_report

    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.2.4": 2, "1.3.1": 5}, by="test")
    path = _exported(cchc, tmp_path)
    wb = load_workbook(path)
    ws = wb["Biểu mẫu"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["1.3.1"], 4).value = "percent"
    ws.cell(rows["1.3.2"], 2).value = "Số nhiệm vụ hoàn thành đúng hạn"  # rewording stays allowed
    ws.delete_rows(rows["1.2.4."])
    wb.save(path)
    err = cchc("form", "import", str(path), "--year", "2021", expect=1).stderr
    assert "STT 1.2.4: không bỏ được chỉ tiêu đã có số liệu" in err
    assert "không đổi được loại chỉ tiêu 1.3.1" in err
    assert "1.2.4" in _form(2021) and _form(2021)["1.3.1"].kind == "count"
    assert _form(2021)["1.3.2"].name == "Số nhiệm vụ đã hoàn thành đúng hạn"
    # Only the rewording: stored.
    wb = load_workbook(_exported(cchc, tmp_path))
    ws = wb["Biểu mẫu"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["1.3.2"], 2).value = "Số nhiệm vụ hoàn thành đúng hạn"
    wb.save(path)
    assert "Đã sửa 1 mã: 1.3.2" in cchc("form", "import", str(path), "--year", "2021").stdout
    assert _form(2021)["1.3.2"].name == "Số nhiệm vụ hoàn thành đúng hạn"


def test_a_choice_code_some_report_picked_stays(cchc, ankhe, tmp_path, unit, period):
    from cchc.reporting.actions import save_report

    save_report(unit("VP"), period("2021-Q1"), values={"1.4.2": 2}, by="test")
    path = _exported(cchc, tmp_path)
    wb = load_workbook(path)
    ws = wb["Biểu mẫu"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["1.4.2"], 7).value = "0: Trực tuyến; 1: Phát phiếu"
    wb.save(path)
    assert (
        "không bỏ được mã lựa chọn 2 của chỉ tiêu 1.4.2"
        in cchc("form", "import", str(path), "--year", "2021", expect=1).stderr
    )
    ws.cell(rows["1.4.2"], 7).value = "0: Trực tuyến; 1: Phát phiếu giấy; 2: Kết hợp"
    wb.save(path)
    cchc("form", "import", str(path), "--year", "2021")
    assert _form(2021)["1.4.2"].choices["1"] == "Phát phiếu giấy"
