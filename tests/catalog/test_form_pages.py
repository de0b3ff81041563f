"""The coordinator's form pages: the year's forms, copy in one click, row and rule edits, upload
with a preview, publishing; the refusals (web as on the command line); periods of a new year."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.audit.models import AuditEntry
from cchc.catalog.models import Indicator, ReportForm
from tests.catalog.appendix import appendix_docx, appendix_xlsx


def _codes(year):
    return list(Indicator.objects.filter(form__year=year).order_by("position").values_list("code", flat=True))


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "viewer"])
def test_only_the_coordinator_manages_forms_and_periods(client_as, who):
    c = client_as(who)
    assert c.get("/bieu-mau/").status_code == 403
    assert c.get("/bieu-mau/2021/").status_code == 403
    assert c.post("/bieu-mau/sao-chep/", {"from": 2021, "to": 2022}).status_code == 403
    assert c.post("/bieu-mau/2021/dong/1.1.1/xoa/").status_code == 403
    assert c.get("/ky-bao-cao/2021/").status_code == 403
    assert c.post("/ky-bao-cao/2022/lap/").status_code == 403
    assert not ReportForm.objects.filter(year=2022).exists()


def test_copy_edit_and_publish_a_new_years_form(client_as, period):
    c = client_as("coordinator")
    page = c.get("/bieu-mau/")
    assert "Sao chép biểu mẫu năm 2021 sang năm 2022" in page.content.decode()
    response = c.post("/bieu-mau/sao-chep/", {"from": 2021, "to": 2022})
    assert response.status_code == 302 and response["Location"] == "/bieu-mau/2022/"
    form = ReportForm.objects.get(year=2022)
    assert not form.published and form.rules.count() == 18
    # A draft is no form to report on yet.
    from cchc.catalog.validation import FormSpec

    assert FormSpec.for_year(2022) is None
    # Add a row under 1.1, after 1.1.3.
    response = c.post(
        "/bieu-mau/2022/dong/them/",
        {
            "code": "1.1.4",
            "name": "Số cuộc họp chuyên đề CCHC",
            "measure": "Cuộc",
            "kind": "count",
            "responsible": "NV",
            "after": "1.1.3",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert _codes(2022)[:6] == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    # Reword, then move 1.1.4 above 1.1.3.
    c.post(
        "/bieu-mau/2022/dong/1.1.4/",
        {"name": "Số cuộc họp chuyên đề về CCHC", "measure": "Cuộc", "kind": "count", "responsible": "NV"},
    )
    assert Indicator.objects.get(form=form, code="1.1.4").name == "Số cuộc họp chuyên đề về CCHC"
    c.post("/bieu-mau/2022/dong/1.1.4/len/")
    assert _codes(2022)[4:6] == ["1.1.4", "1.1.3"]
    # A heading moves with its rows.
    c.post("/bieu-mau/2022/dong/1.2/len/")
    assert _codes(2022)[1:7] == ["1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.1"]
    # A choice row needs its codes.
    bad = c.post("/bieu-mau/2022/dong/them/", {"code": "7.8", "name": "Triển khai", "kind": "choice", "choices": "x"})
    assert bad.status_code == 400 and "0: Chưa; 1: Hoàn thành" in bad.content.decode()
    ok = c.post(
        "/bieu-mau/2022/dong/them/",
        {
            "code": "7.8",
            "name": "Triển khai nền tảng số",
            "kind": "choice",
            "choices": "0: Chưa; 1: Hoàn thành",
            "responsible": "VHTT",
        },
    )
    assert ok.status_code == 302 and _codes(2022)[-1] == "7.8"
    # A rule, then publish.
    c.post(
        "/bieu-mau/2022/quy-tac/them/",
        {
            "code": "hop-le-van-ban",
            "kind": "compare",
            "left": "1.1.4",
            "op": "<=",
            "right": "1.1.3",
            "severity": "warning",
        },
    )
    assert form.rules.filter(code="hop-le-van-ban", right=["1.1.3"]).exists()
    c.post(
        "/bieu-mau/2022/quy-tac/van-ban-dien-tu-le-100/",
        {"kind": "compare", "left": "7.5.2.a, 7.5.2.b", "op": "<=", "right": "100", "severity": "warning"},
    )
    assert form.rules.get(code="van-ban-dien-tu-le-100").severity == "warning"
    c.post("/bieu-mau/2022/cong-bo/")
    form.refresh_from_db()
    assert form.published and FormSpec.for_year(2022) is not None
    actions = set(AuditEntry.objects.filter(object_type="ReportForm").values_list("action", flat=True))
    assert {"form.copy", "form.edit", "form.publish"} <= actions


def test_an_indicator_with_figures_is_refused_on_the_web(client_as, unit, period):
    from cchc.reporting.actions import save_report

    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.2.4": 2, "1.3.1": 5}, by="test")
    c = client_as("coordinator")
    page = c.get("/bieu-mau/2021/").content.decode()
    assert "có số liệu" in page
    response = c.post("/bieu-mau/2021/dong/1.3.1/", {"name": "Tổng số nhiệm vụ được giao", "kind": "percent"})
    assert response.status_code == 409
    assert "không đổi được loại chỉ tiêu 1.3.1" in response.content.decode()
    response = c.post("/bieu-mau/2021/dong/1.2.4/xoa/")
    assert response.status_code == 409 and "không bỏ được chỉ tiêu đã có số liệu" in response.content.decode()
    assert Indicator.objects.get(form__year=2021, code="1.3.1").kind == "count"
    # Rewording stays allowed, and is audited.
    response = c.post(
        "/bieu-mau/2021/dong/1.3.1/", {"name": "Tổng số nhiệm vụ UBND tỉnh giao", "kind": "count", "responsible": "VP"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="form.edit").latest("at")
    assert entry.detail["changed"]["1.3.1"]["name"] == ["Tổng số nhiệm vụ được giao", "Tổng số nhiệm vụ UBND tỉnh giao"]


@pytest.mark.parametrize("make, name", [(appendix_xlsx, "phu-luc.xlsx"), (appendix_docx, "phu-luc.docx")])
def test_upload_shows_what_changes_before_storing(client_as, make, name):
    c = client_as("coordinator")
    response = c.post("/bieu-mau/tai-len/", {"year": 2022, "file": SimpleUploadedFile(name, make())})
    body = response.content.decode()
    assert response.status_code == 200 and "Thêm 108 mã" in body and "Bỏ 0 mã" in body
    assert not ReportForm.objects.filter(year=2022).exists()
    response = c.post("/bieu-mau/tai-len/luu/")
    assert response.status_code == 302
    form = ReportForm.objects.get(year=2022)
    assert form.indicators.count() == 108 and not form.published
    # The same file over 2021 changes only the heading whose printed typo the bundled form corrects.
    body = c.post("/bieu-mau/tai-len/", {"year": 2021, "file": SimpleUploadedFile(name, make())}).content.decode()
    assert "Thêm 0 mã" in body and "Sửa 1 mã" in body and "Bỏ 0 mã" in body


def test_a_bad_upload_is_refused_with_its_rows(client_as):
    c = client_as("coordinator")
    response = c.post("/bieu-mau/tai-len/", {"year": 2022, "file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04junk")})
    assert response.status_code == 400 and "Không có gì được lưu" in response.content.decode()
    assert c.post("/bieu-mau/tai-len/", {"year": "abc"}).status_code == 400
    assert c.post("/bieu-mau/tai-len/luu/").status_code == 400
    assert not ReportForm.objects.filter(year=2022).exists()


def test_the_coordinator_lays_out_a_years_periods_and_moves_a_deadline(client_as):
    from cchc.reporting.models import Period

    c = client_as("coordinator")
    page = c.get("/ky-bao-cao/2022/").content.decode()
    assert "Lập các kỳ báo cáo năm 2022" in page
    c.post("/ky-bao-cao/2022/lap/")
    assert list(Period.objects.filter(year=2022).order_by("deadline").values_list("code", flat=True)) == [
        "2022-Q1",
        "2022-H1",
        "2022-Q3",
        "2022-Y",
    ]
    q1 = Period.objects.get(code="2022-Q1")
    response = c.post(
        "/ky-bao-cao/sua/2022-Q1/",
        {
            "2022-Q1-data_from": q1.data_from.isoformat(),
            "2022-Q1-data_to": q1.data_to.isoformat(),
            "2022-Q1-deadline": "2022-03-07",
        },
    )
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.deadline.isoformat() == "2022-03-07" and q1.code == "2022-Q1"
    entry = AuditEntry.objects.filter(action="period.edit").latest("at")
    assert entry.detail["changed"]["deadline"][1] == "2022-03-07"
    bad = c.post(
        "/ky-bao-cao/sua/2022-Q1/",
        {"2022-Q1-data_from": "2022-03-01", "2022-Q1-data_to": "2022-02-01", "2022-Q1-deadline": "2022-01-01"},
    )
    assert bad.status_code == 400
    q1.refresh_from_db()
    assert q1.deadline.isoformat() == "2022-03-07"


def test_officers_do_not_see_a_draft_form(client_as):
    from cchc.catalog import editing
    from cchc.reporting.periods import ensure_periods

    editing.copy_form(2021, 2022, by="test", published=False)
    ensure_periods(2022)
    c = client_as("officer_a")
    response = c.get("/bao-cao/NGO-MAY/2022-Q1/")
    assert response.status_code == 400 and "Chưa có biểu mẫu" in response.content.decode()
    response = c.post("/bao-cao/NGO-MAY/2022-Q1/", {"v-1.1.1": "3", "action": "save"})
    assert response.status_code in (400, 404, 409)
    from cchc.reporting.models import Report

    assert not Report.objects.filter(period__code="2022-Q1").exists()


def test_the_api_and_catalog_command_show_units_no_draft(client, personas, cchc):
    import json

    from cchc.api.models import Token
    from cchc.catalog import editing

    editing.copy_form(2021, 2022, by="test", published=False)

    def catalog(who, query=""):
        token = Token.issue(personas[who])[1]
        return client.get("/api/v1/catalog" + query, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert catalog("officer_a", "?year=2022").status_code == 404
    assert (
        len(catalog("officer_a").json()) == 108
        and catalog("officer_a").json() == catalog("officer_a", "?year=2021").json()
    )
    assert catalog("coordinator", "?year=2022").status_code == 200
    # `cchc catalog` without a year: the latest published form.
    rows = json.loads(cchc("catalog", "--format", "json").stdout)
    assert len(rows) == 108
