"""The 2021 form, loaded from its data file: every row of the appendix, in order."""

import json

import pytest

from cchc.catalog.models import Indicator, ReportForm

EXPECTED_CODES = (
    "1 1.1 1.1.1 1.1.2 1.1.3 1.2 1.2.1 1.2.2 1.2.3 1.2.4 1.3 1.3.1 1.3.2 1.3.3 1.4 1.4.1 1.4.2 "
    "2 2.1 2.2 2.3 2.4 2.5 "
    "3 3.1 3.1.1 3.1.2 3.1.3 3.1.3.a 3.1.3.b 3.2 3.2.1 3.2.2 3.3 3.3.1 3.3.2 3.3.3 3.3.4 "
    "3.4 3.4.1 3.4.2 3.4.3 3.4.4 3.5 3.5.1 3.5.2 3.5.3 "
    "4 4.1 4.1.1 4.1.2 4.1.2.a 4.1.2.b 4.2 4.2.1 4.2.2 4.2.3 4.2.4 4.2.5 4.3 4.3.1 4.3.2 4.3.3 4.3.4 "
    "5 5.1 5.1.1 5.1.2 5.1.3 5.2 5.2.1 5.2.2 5.2.3 5.2.4 5.2.5 5.3 5.3.1 5.3.2 5.3.3 5.4 5.4.1 5.4.2 5.4.3 "
    "6 6.1 6.2 6.3 6.4 6.5 "
    "7 7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.1.a 7.5.2 7.5.2.a 7.5.2.b 7.6 7.6.1 7.6.2 7.7 7.7.1 7.7.2 7.7.3 7.7.4"
).split()


@pytest.fixture
def form(ankhe):
    return ReportForm.objects.get(year=2021)


def test_it_holds_every_row_in_form_order(form):
    codes = list(form.indicators.order_by("position").values_list("code", flat=True))
    assert codes == EXPECTED_CODES
    assert len(codes) == 108
    assert form.indicators.exclude(kind="heading").count() == 81


def test_it_keeps_the_exact_wording_and_units(form):
    ind = {i.code: i for i in form.indicators.all()}
    assert ind["1.1.1"].name == "Số nhiệm vụ đề ra trong kế hoạch" and ind["1.1.1"].measure == "Nhiệm vụ"
    assert ind["1.1.1"].stt == "1.1.1."
    assert ind["3.4.3"].name == "Tỷ lệ hồ sơ TTHC về lĩnh vực đất đai được giải quyết đúng hạn (ở cả 2 cấp)."
    assert ind["5.1.2"].name == "Số đơn vị sự nghiệp đã được phê duyệt vị trí việc làm theo quy định"
    assert ind["3.1.3.a"].name == "Số TTHC thị xã" and ind["3.1.3.b"].name == "Số TTHC cấp xã"
    assert ind["4.1.2.b"].measure == "%"
    assert ind["1.4.2"].measure == "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2"
    # The công văn's own text misprints "Cổng" (the public-service portal) as "Công".
    assert ind["3.2"].name == "Vận hành Cổng dịch vụ công"


def test_a_wording_fix_reaches_a_database_loaded_before_it(form):
    """`cchc init` reloads the bundled form: the 3.2 heading's typo goes from existing databases too."""
    from cchc.bootstrap import load_default

    form.indicators.filter(code="3.2").update(name="Vận hành Công dịch vụ công")
    load_default()
    assert form.indicators.get(code="3.2").name == "Vận hành Cổng dịch vụ công"


def test_it_gives_each_row_its_kind(form):
    kinds = dict(form.indicators.values_list("code", "kind"))
    assert kinds["1"] == kinds["3.2"] == kinds["7.5.1"] == "heading"
    assert kinds["1.3.1"] == kinds["1.3.3"] == "count"  # no unit on the form: task counts
    assert kinds["7.4"] == "percent"  # no unit on the form: a rate
    assert kinds["3.3.3"] == kinds["7.5.2.a"] == "percent"
    assert kinds["4.1.2.a"] == "count"
    assert {c for c, k in kinds.items() if k == "choice"} == {"1.4.2", "5.3.1", "7.1", "7.2", "7.3"}


def test_it_labels_the_choice_codes(form):
    choices = dict(form.indicators.filter(kind="choice").values_list("code", "choices"))
    assert choices["1.4.2"] == {"0": "Trực tuyến", "1": "Phát phiếu", "2": "Kết hợp"}
    assert choices["5.3.1"] == {"0": "Chưa thực hiện", "1": "Đã thực hiện"}
    assert choices["7.2"] == {"0": "Chưa có", "1": "2 cấp", "2": "3 cấp"}
    assert choices["7.3"] == {"0": "Chưa", "1": "Đang làm", "2": "Hoàn thành"}


def test_it_carries_the_ghi_chu_down_to_the_next_one(form):
    resp = {
        i.code: (i.responsible.code if i.responsible else None) for i in form.indicators.select_related("responsible")
    }
    assert resp["1.1.1"] == resp["1.2.4"] == "NV"
    assert resp["1.3.1"] == resp["1.4.2"] == "VP"
    assert resp["2.1"] == resp["2.5"] == "TP"
    assert resp["3.1.3.b"] == resp["3.5.3"] == "VP"
    assert resp["4.1.2.a"] == resp["5.4.3"] == "NV"
    assert resp["6.1"] == resp["6.5"] == "TCKH"
    assert resp["7.1"] == resp["7.4"] == resp["7.5.2.b"] == "VHTT"
    assert resp["7.2"] == resp["7.3"] == resp["7.6.1"] == resp["7.7.4"] == "VP"


def test_it_names_the_parent_of_each_row(form):
    parents = dict(form.indicators.values_list("code", "parent_code"))
    assert parents["3.1.3.a"] == "3.1.3" and parents["1.1.1"] == "1.1" and parents["1"] == ""


def test_catalog_command_prints_the_rows_as_json(ankhe, cchc):
    out = cchc("catalog", "--year", "2021", "--format", "json")
    rows = json.loads(out.stdout)
    assert [r["code"] for r in rows] == EXPECTED_CODES
    row = next(r for r in rows if r["code"] == "1.4.2")
    assert row == {
        "code": "1.4.2",
        "stt": "1.4.2",
        "name": "Hình thức khảo sát",
        "measure": "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2",
        "kind": "choice",
        "choices": {"0": "Trực tuyến", "1": "Phát phiếu", "2": "Kết hợp"},
        "responsible": "VP",
        "parent": "1.4",
    }
    assert "\\u" not in out.stdout  # UTF-8, not escaped


def test_a_new_years_form_loads_without_code(ankhe, tmp_path):
    from cchc.catalog.loader import DATA_DIR, load_form

    data = json.loads((DATA_DIR / "form-2021.json").read_text(encoding="utf-8"))
    data["year"] = 2022
    data["rows"][2]["name"] = "Số nhiệm vụ đề ra trong Kế hoạch CCHC năm"  # renamed
    data["rows"].append(
        {
            "stt": "7.8.",
            "name": "Tỷ lệ hồ sơ có thanh toán trực tuyến",
            "measure": "%",
            "kind": "percent",
            "responsible": "VP",
        }
    )
    path = tmp_path / "form-2022.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    form = load_form(path)
    assert form.indicators.count() == 109
    assert form.indicators.get(code="7.8").responsible.code == "VP"
    assert form.indicators.get(code="1.1.1").name == "Số nhiệm vụ đề ra trong Kế hoạch CCHC năm"
    assert Indicator.objects.filter(form__year=2021).count() == 108
    # Reloading is idempotent and keeps ids (values stay attached).
    ids = set(form.indicators.values_list("id", flat=True))
    load_form(path)
    assert set(form.indicators.values_list("id", flat=True)) == ids
