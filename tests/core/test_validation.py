"""Validation as data: per-value kind and range checks, and the form's cross-row rules."""

import pytest

from cchc.catalog.models import ReportForm
from cchc.catalog.validation import FormSpec, validate


@pytest.fixture
def spec(ankhe):
    return FormSpec.of(ReportForm.objects.get(year=2021))


def codes(issues):
    return [(i.code, i.rule) for i in issues]


@pytest.mark.parametrize(
    "rule, bad, good",
    [
        ("hoan-thanh-le-de-ra", {"1.1.1": 3, "1.1.2": 5}, {"1.1.1": 5, "1.1.2": 5}),
        ("da-kiem-tra-le-tong-so", {"1.2.1": 10, "1.2.2": 11}, {"1.2.1": 10, "1.2.2": 10}),
        ("da-xu-ly-le-phat-hien", {"1.2.3": 2, "1.2.4": 3}, {"1.2.3": 3, "1.2.4": 3}),
        (
            "nhiem-vu-hoan-thanh-le-duoc-giao",
            {"1.3.1": 10, "1.3.2": 8, "1.3.3": 3},
            {"1.3.1": 11, "1.3.2": 8, "1.3.3": 3},
        ),
        ("vbqppl-xu-ly-le-kien-nghi", {"2.4": 1, "2.5": 2}, {"2.4": 2, "2.5": 2}),
        (
            "tthc-trong-do-le-tong",
            {"3.1.3": 100, "3.1.3.a": 60, "3.1.3.b": 41},
            {"3.1.3": 101, "3.1.3.a": 60, "3.1.3.b": 41},
        ),
        ("dvsncl-thuoc-ubnd-le-tong", {"4.1.2": 5, "4.1.2.a": 6}, {"4.1.2": 6, "4.1.2.a": 6}),
        ("van-ban-dien-tu-le-100", {"7.5.2.a": 70, "7.5.2.b": 30.5}, {"7.5.2.a": 70, "7.5.2.b": 30}),
        ("dvc-muc-do-34-le-tich-hop", {"3.5.1": 10, "3.5.2": 11}, {"3.5.1": 11, "3.5.2": 11}),
        ("dvc-thanh-toan-le-tich-hop", {"3.5.1": 10, "3.5.3": 12}, {"3.5.1": 12, "3.5.3": 12}),
    ],
)
def test_each_error_rule_fires_and_passes(spec, rule, bad, good):
    result = validate(spec, bad)
    assert rule in [i.rule for i in result.errors]
    assert rule not in [i.rule for i in validate(spec, good).errors]


def test_parts_different_from_their_total_is_only_a_warning(spec):
    result = validate(spec, {"3.1.3": 100, "3.1.3.a": 60, "3.1.3.b": 30})
    assert not result.errors
    assert [i.rule for i in result.warnings] == ["tthc-trong-do-bang-tong"]
    assert "STT 3.1.3.a «Số TTHC thị xã»" in result.warnings[0].message
    assert not validate(spec, {"3.1.3": 90, "3.1.3.a": 60, "3.1.3.b": 30}).warnings


def test_messages_name_the_row_in_vietnamese(spec):
    [issue] = validate(spec, {"1.1.1": 3, "1.1.2": 5}).errors
    assert issue.code == "1.1.2"
    assert issue.message == (
        "STT 1.1.2 «Số nhiệm vụ đã hoàn thành» (5) không được lớn hơn STT 1.1.1 «Số nhiệm vụ đề ra trong kế hoạch» (3)."
    )


@pytest.mark.parametrize(
    "values, fragment",
    [
        ({"2.1": -1}, "không được âm"),
        ({"2.1": 2.5}, "phải là số nguyên"),
        ({"2.1": "mười"}, "không phải là số"),
        ({"2.1": True}, "không phải là số"),
        ({"3.3.3": 100.5}, "tỷ lệ phải từ 0 đến 100"),
        ({"3.3.3": -0.1}, "tỷ lệ phải từ 0 đến 100"),
        ({"1.4.2": 3}, "mã «3» không hợp lệ, chọn một trong: 0 = Trực tuyến; 1 = Phát phiếu; 2 = Kết hợp"),
        ({"5.3.1": 0.5}, "không hợp lệ"),
        ({"9.9.9": 1}, "Mã chỉ tiêu «9.9.9» không có trong biểu mẫu năm 2021"),
        ({"3.1": 4}, "là dòng tiêu đề, không nhập số liệu"),
    ],
)
def test_kind_and_range_errors(spec, values, fragment):
    result = validate(spec, values)
    assert len(result.errors) == 1 and fragment in result.errors[0].message
    assert result.value_errors == result.errors and not result.values


def test_valid_values_of_every_kind_pass(spec):
    result = validate(
        spec,
        {
            "2.1": "1.234",
            "3.3.3": "95,5%",
            "3.3.4": 100,
            "1.4.2": "2",
            "5.3.1": 0,
            "7.4": 0,
            "2.2": "",
            "2.3": None,
            "1.1.1.": 4,
        },
    )
    assert result.ok and not result.warnings
    assert {k: str(v) for k, v in result.values.items()} == {
        "2.1": "1234",
        "3.3.3": "95.5",
        "3.3.4": "100",
        "1.4.2": "2",
        "5.3.1": "0",
        "7.4": "0",
        "1.1.1": "4",
    }


def test_blank_is_not_zero_and_skips_rules(spec):
    # 1.1.1 blank (not this unit's competence): 1.1.2 alone cannot break "1.1.2 ≤ 1.1.1".
    result = validate(spec, {"1.1.2": 5})
    assert result.ok and "1.1.1" not in result.values
    # … but a zero is a figure, and the rule applies.
    assert not validate(spec, {"1.1.1": 0, "1.1.2": 5}).ok


def test_warnings_a_home_affairs_officer_wants(spec):
    result = validate(spec, {"4.2.1": 20, "4.2.2": 23, "4.3.1": 100, "4.3.2": 101})
    assert result.ok
    assert {i.rule for i in result.warnings} == {"bien-che-co-mat-le-duoc-giao", "nguoi-lam-viec-co-mat-le-duoc-giao"}
    assert "biên chế có mặt (23) vượt tổng số biên chế được giao (20)" in result.warnings[0].message


def test_implausible_jumps_against_the_previous_report_warn(spec):
    previous = {"4.2.1": 20, "3.1.3": 300, "4.1.1": 2}
    result = validate(spec, {"4.2.1": 200, "3.1.3": 310, "4.1.1": 5}, previous)
    assert result.ok
    assert [(i.code, i.rule) for i in result.warnings] == [("4.2.1", "tang-giam-dot-bien")]
    assert "200 so với 20 ở kỳ báo cáo trước" in result.warnings[0].message
    assert not validate(spec, {"4.2.1": 200}).warnings  # no previous report: nothing to compare


def test_rules_are_data_not_code(spec, ankhe):
    from cchc.catalog.models import ValidationRule

    form = ReportForm.objects.get(year=2021)
    assert ValidationRule.objects.filter(form=form).count() >= 18
    ValidationRule.objects.create(
        form=form, code="thu", left=["2.1"], op="<=", constant=10, severity="warning", position=999
    )
    form.save()  # a changed form is read afresh
    result = validate(FormSpec.of(form), {"2.1": 11})
    assert [i.rule for i in result.warnings] == ["thu"]
