"""`cchc validate`, `cchc import` and `cchc export` with JSON files: output and exit statuses."""

import json

import pytest

from cchc.reporting.models import Report, Value


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


GOOD = {
    "unit": "NGO-MAY",
    "period": "2021-Q1",
    "values": {"1.1.1": 20, "1.1.2": 5, "3.4.2": 95.5, "1.4.2": 2, "4.2.1": 21, "4.2.2": 23},
    "narrative": {
        "organisation": "Đã ban hành kế hoạch.",
        "results": {"2": "Giải quyết hồ sơ đúng hạn."},
        "difficulties": "",
        "proposals": "Đề nghị tập huấn.",
    },
}


def test_validate_reports_errors_and_warnings_as_json(cchc, ankhe, tmp_path):
    bad = dict(GOOD, values={"1.1.1": 3, "1.1.2": 5, "4.2.1": 1, "4.2.2": 2})
    out = cchc("validate", write(tmp_path, "a.json", bad), "--format", "json", expect=1).json()
    assert out["errors"] == [
        {
            "code": "1.1.2",
            "rule": "hoan-thanh-le-de-ra",
            "message": "STT 1.1.2 «Số nhiệm vụ đã hoàn thành» (5) không được lớn hơn "
            "STT 1.1.1 «Số nhiệm vụ đề ra trong kế hoạch» (3).",
        }
    ]
    assert [w["code"] for w in out["warnings"]] == ["4.2.2"]
    ok = cchc("validate", write(tmp_path, "b.json", GOOD), "--format", "json").json()
    assert ok["errors"] == [] and len(ok["warnings"]) == 1
    assert Report.objects.count() == 0  # validate stores nothing


@pytest.mark.parametrize(
    "content, status, fragment",
    [
        ("{not json", 2, "không phải JSON hợp lệ"),
        ("[1, 2]", 1, "phải là một đối tượng JSON"),
        (json.dumps({"unit": "NGO-MAY", "values": {"2.1": "abc"}}), 1, "STT 2.1"),
        (json.dumps({"unit": "NGO-MAY", "values": [1]}), 1, "«values» phải là một đối tượng"),
    ],
)
def test_validate_exit_statuses_for_bad_files(cchc, ankhe, tmp_path, content, status, fragment):
    result = cchc("validate", write(tmp_path, "x.json", content), "--period", "2021-Q1", expect=status)
    assert fragment in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_validate_missing_file_and_unknown_period(cchc, ankhe, tmp_path):
    assert "Không mở được tệp" in cchc("validate", str(tmp_path / "none.json"), expect=2).stderr
    path = write(tmp_path, "a.json", dict(GOOD, period="2099-Q1"))
    assert "Không có kỳ báo cáo mã «2099-Q1»" in cchc("validate", path, expect=2).stderr


def test_import_stores_a_draft_and_export_gives_it_back(cchc, ankhe, tmp_path):
    out = cchc("import", write(tmp_path, "ngomay.json", GOOD), "--period", "2021-Q1")
    assert "ngomay.json (NGO-MAY): đã lưu (bản nháp), 6 số liệu, 1 cảnh báo" in out.stdout
    exported = cchc("export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "json").json()
    assert exported["status"] == "draft"
    assert exported["values"] == GOOD["values"]
    assert exported["narrative"]["results"]["2"] == "Giải quyết hồ sơ đúng hạn."
    assert exported["narrative"]["results"]["1"] == ""
    assert isinstance(exported["values"]["1.1.1"], int) and exported["values"]["3.4.2"] == 95.5


def test_import_with_submit_records_the_received_time(cchc, ankhe, tmp_path):
    cchc(
        "import",
        write(tmp_path, "a.json", GOOD),
        "--period",
        "2021-Q1",
        "--submit",
        "--submitted-at",
        "2021-03-05T17:10:00Z",
        "--signed-by",
        "Phạm Văn Cường",
    )
    report = Report.objects.get(unit__code="NGO-MAY")
    assert report.status == "submitted" and report.signed_by_name == "Phạm Văn Cường"
    assert report.late_days() == 1  # 00:10 on 06/03 in Vietnam
    status = cchc("status", "--period", "2021-Q1", "--format", "json").json()
    assert status["units"]["NGO-MAY"] == {
        "status": "submitted",
        "submitted_at": "2021-03-06T00:10:00+07:00",
        "last_submitted_at": "2021-03-06T00:10:00+07:00",
        "late_days": 1,
    }
    assert status["units"]["AN-BINH"]["status"] == "not_started" and status["units"]["AN-BINH"]["late_days"] is None


def test_import_of_many_files_is_each_all_or_nothing(cchc, ankhe, tmp_path):
    good = write(tmp_path, "1.json", GOOD)
    invalid = write(tmp_path, "2.json", {"unit": "AN-BINH", "values": {"2.1": 3, "3.3.3": 120}})
    unknown = write(tmp_path, "3.json", {"unit": "KHONG-CO", "values": {"2.1": 3}})
    broken = write(tmp_path, "4.json", "{")
    result = cchc("import", good, invalid, unknown, broken, "--period", "2021-Q1", "--format", "json", expect=2)
    rows = result.json()
    assert [r["result"] for r in rows] == ["stored", "invalid", "invalid", "unreadable"]
    assert rows[1]["errors"][0]["code"] == "3.3.3"
    assert list(Report.objects.values_list("unit__code", flat=True)) == ["NGO-MAY"]
    assert not Value.objects.filter(unit__code="AN-BINH").exists()
    # Without the unreadable one the status is 1 (some invalid).
    assert cchc("import", invalid, "--period", "2021-Q1", expect=1)


def test_import_refuses_a_report_already_submitted(cchc, ankhe, tmp_path):
    path = write(tmp_path, "a.json", GOOD)
    cchc("import", path, "--period", "2021-Q1", "--submit")
    out = cchc("import", path, "--period", "2021-Q1", expect=1)
    assert "«Đã gửi», không sửa được" in out.stdout


def test_import_with_errors_across_rows_stores_nothing_when_submitting(cchc, ankhe, tmp_path):
    path = write(tmp_path, "a.json", dict(GOOD, values={"1.1.1": 3, "1.1.2": 5}))
    out = cchc("import", path, "--period", "2021-Q1", "--submit", expect=1)
    assert "chưa thể ký ban hành" in out.stdout
    assert not Report.objects.exists()


def test_unit_mismatch_between_file_and_option_is_invalid(cchc, ankhe, tmp_path):
    out = cchc("import", write(tmp_path, "a.json", GOOD), "--period", "2021-Q1", "--unit", "AN-BINH", expect=1)
    assert "là báo cáo của đơn vị NGO-MAY, không phải AN-BINH" in out.stdout


def test_export_without_a_report_exits_1(cchc, ankhe):
    assert "chưa có báo cáo" in cchc("export", "--unit", "AN-BINH", "--period", "2021-Q1", expect=1).stderr


def test_usage_errors_exit_2_without_traceback(cchc, ankhe):
    result = cchc("export", "--unit", "AN-BINH", expect=2)
    assert "--period" in result.stderr and "Traceback" not in result.stderr
    assert "Không có đơn vị mã «XX»" in cchc("export", "--unit", "XX", "--period", "2021-Q1", expect=2).stderr


def test_validate_refuses_what_import_would_refuse(cchc, ankhe, tmp_path):
    path = write(tmp_path, "n.json", {"unit": "CUU-AN", "values": {}, "narrative": "x"})
    out = cchc("validate", path, "--period", "2021-H1", "--format", "json", expect=1).json()
    assert "narrative" in out["errors"][0]["message"]
    broken = cchc("validate", write(tmp_path, "b.json", "{"), "--period", "2021-Q1", "--format", "json", expect=2)
    assert "không phải JSON hợp lệ" in broken.json()["errors"][0]["message"]


def test_a_receipt_time_in_the_future_is_refused(cchc, ankhe, tmp_path):
    out = cchc(
        "import",
        write(tmp_path, "a.json", GOOD),
        "--period",
        "2021-Q1",
        "--submit",
        "--submitted-at",
        "2099-01-01T00:00:00+07:00",
        expect=1,
    )
    assert "ở tương lai" in out.stdout and not Report.objects.exists()


def test_messages_of_the_command_line_are_vietnamese(cchc, ankhe):
    assert "thiếu tham số bắt buộc: --unit, --period" in cchc("export", expect=2).stderr
    assert "hiện hướng dẫn này" in cchc("periods", "--help").stdout
    assert "Không có lệnh «khong-co»" in cchc("khong-co", expect=2).stderr


@pytest.mark.parametrize(
    "argv, env, fragment",
    [
        (["--workers", "0"], {}, "--workers: 0 phải từ 1 đến 256"),
        (["--threads", "nhiều"], {}, "--threads: «nhiều» không phải số"),
        ([], {"CCHC_THREADS": "0"}, "CCHC_THREADS: 0 phải từ 1 đến 256"),
        ([], {"CCHC_WORKERS": "x"}, "CCHC_WORKERS: «x» không phải số"),
        ([], {"CCHC_PORT": "99999"}, "CCHC_PORT: cổng 99999 phải từ 1 đến 65535"),
    ],
)
def test_serve_refuses_a_bad_setting_before_starting(cchc, monkeypatch, argv, env, fragment):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cchc("serve", *argv, expect=2)
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
