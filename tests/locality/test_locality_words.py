"""The locality's own words are data: `cchc locality export|import` with the contract's JSON, the
admin page, and every page, document and e-mail reading them (nothing of a locality in code)."""

import io
import json

import docx
import pytest

from cchc.locality.models import Locality

CONTRACT_KEYS = [
    "name",
    "place",
    "superior",
    "coordinator",
    "recipients",
    "signer_title",
    "directive",
    "period_rule",
    "thematic",
]
OTHER_TOWN = {
    "name": "UBND thị xã Sơn Tây",
    "place": "Sơn Tây",
    "superior": "Sở Nội vụ thành phố Hà Nội",
    "coordinator": "NV",
    "recipients": ["Thường trực Thị ủy (b/c);", "Lưu: VT, NV."],
    "signer_title": "KT. CHỦ TỊCH",
    "directive": "Công văn số 77/UBND-NV ngày 03/01/2022 của UBND thị xã Sơn Tây",
    "period_rule": "bnv",
    "thematic": {"TP": [1], "VHTT": [6, 2]},
}


def _import(cchc, tmp_path, words, expect=0):
    path = tmp_path / "dia-phuong.json"
    path.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    return cchc("locality", "import", str(path), expect=expect)


def test_it_exports_the_bundled_words_in_the_contracts_shape(cchc, ankhe, tmp_path):
    out = tmp_path / "dia-phuong.json"
    cchc("locality", "export", "-o", str(out))
    words = json.loads(out.read_text(encoding="utf-8"))
    assert list(words) == CONTRACT_KEYS
    assert words["coordinator"] == "NV" and words["period_rule"] == "an-khe-2021"
    assert words["signer_title"] == "CHỦ TỊCH" and "158/UBND-NV" in words["directive"]
    # The contract's example, in the units' order.
    assert words["thematic"] == {"TP": [1], "VP": [2, 6], "TCKH": [5], "VHTT": [6], "KT": [2]}
    assert json.loads(cchc("locality", "export").stdout) == words


def test_an_import_replaces_the_words_everywhere_and_is_audited(cchc, ankhe, tmp_path):
    from cchc.audit.models import AuditEntry

    _import(cchc, tmp_path, OTHER_TOWN)
    assert json.loads(cchc("locality", "export").stdout) == dict(OTHER_TOWN, thematic={"TP": [1], "VHTT": [2, 6]})
    assert Locality.objects.count() == 1
    entry = AuditEntry.objects.filter(action="locality.import").latest("at")
    assert "directive" in entry.detail["fields"] and entry.username == "cchc locality import"


@pytest.mark.parametrize(
    "change,message",
    [
        ({"period_rule": "hang-thang"}, "Quy tắc kỳ báo cáo «hang-thang» không hợp lệ"),
        ({"coordinator": "SNV"}, "không có đơn vị mã «SNV»"),
        ({"thematic": {"TP": [7]}}, "«thematic» của TP"),
        ({"thematic": {"XYZ": [1]}}, "không có đơn vị mã XYZ"),
        ({"recipients": "Lưu: VT."}, "«recipients» phải là danh sách"),
        ({"name": ""}, "«name» không được để trống"),
        ({"nam": "x"}, "Khóa không hợp lệ: nam"),
    ],
)
def test_bad_words_are_refused_in_vietnamese_and_nothing_is_stored(cchc, ankhe, tmp_path, change, message):
    before = cchc("locality", "export").stdout
    result = _import(cchc, tmp_path, dict(OTHER_TOWN, **change), expect=1)
    assert message in result.stderr and "không lưu gì" in result.stderr
    assert "Traceback" not in result.stderr
    assert cchc("locality", "export").stdout == before


def test_a_file_that_is_not_json_or_missing_keys_is_refused(cchc, ankhe, tmp_path):
    bad = tmp_path / "hong.json"
    bad.write_bytes(b"{not json")
    assert "không phải JSON hợp lệ" in cchc("locality", "import", str(bad), expect=2).stderr
    cchc("locality", "import", str(tmp_path / "khong-co.json"), expect=2)
    partial = {k: v for k, v in OTHER_TOWN.items() if k != "thematic"}
    assert "Thiếu khóa: thematic" in _import(cchc, tmp_path, partial, expect=1).stderr


def test_the_period_rule_is_the_localitys_unless_the_setting_overrides_it(cchc, ankhe, tmp_path, settings):
    from cchc.reporting.periods import current_rule

    settings.CCHC_PERIOD_RULE = None
    assert current_rule().name == "an-khe-2021"
    _import(cchc, tmp_path, OTHER_TOWN)
    assert current_rule().name == "bnv"
    periods = cchc("periods", "--year", "2030", "--create", "--format", "json").json()
    assert periods[0]["deadline"] == "2030-03-20" and periods[0]["data_to"] == "2030-03-14"
    settings.CCHC_PERIOD_RULE = "an-khe-2021"
    assert current_rule().name == "an-khe-2021"


def test_documents_and_pages_print_the_words_of_the_data(cchc, ankhe, personas, client_as, tmp_path, unit):
    from cchc.consolidation.documents import consolidated_docx
    from cchc.reporting.actions import save_report
    from cchc.reporting.documents import report_docx
    from cchc.reporting.models import Period

    _import(cchc, tmp_path, OTHER_TOWN)
    q1 = Period.objects.get(code="2021-Q1")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(consolidated_docx(q1))).paragraphs)
    cells = "\n".join(
        c.text for t in docx.Document(io.BytesIO(consolidated_docx(q1))).tables for row in t.rows for c in row.cells
    )
    assert "Sơn Tây, ngày" in cells and "Sở Nội vụ thành phố Hà Nội (b/c);" in cells
    assert "Thường trực Thị ủy (b/c);" in cells and "Thường trực HĐND" not in cells
    assert "UBND thị xã Sơn Tây báo cáo kết quả" in text
    report = save_report(unit("NV"), q1, values={"1.1.1": 3}, by="test")
    cells = "\n".join(
        c.text for t in docx.Document(io.BytesIO(report_docx(report))).tables for row in t.rows for c in row.cells
    )
    assert "Sơn Tây, ngày" in cells and "Phòng Nội vụ thị xã;" in cells
    page = client_as("coordinator").get("/", follow=True).content.decode()
    assert "theo Công văn số 77/UBND-NV ngày 03/01/2022" in page and "158/UBND-NV" not in page


def test_the_coordinator_edits_the_words_in_the_admin_audited(ankhe, personas, client_as):
    from cchc.audit.models import AuditEntry

    client = client_as("coordinator")
    listing = client.get("/quan-tri/locality/locality/")
    assert listing.status_code == 302
    url = listing["Location"]
    page = client.get(url).content.decode()
    assert "UBND thị xã An Khê" in page and "VP: 2, 6" in page
    form = {
        "name": "UBND thị xã An Khê",
        "place": "An Khê",
        "superior": "Sở Nội vụ tỉnh Gia Lai",
        "coordinator": "NV",
        "recipients": "Thường trực Thị ủy (b/c);\nLưu: VT, NV.",
        "signer_title": "CHỦ TỊCH",
        "directive": "Công văn số 12/UBND-NV ngày 05/01/2026",
        "period_rule": "bnv",
        "thematic": "TP: 1\nVP: 2, 6",
    }
    bad = client.post(url, dict(form, thematic="TP một"))
    assert bad.status_code == 200 and "Báo cáo chuyên đề, dòng 1" in bad.content.decode()
    bad = client.post(url, dict(form, coordinator="ZZ"))
    assert "không có đơn vị mã «ZZ»" in bad.content.decode()
    assert Locality.objects.get().period_rule == "an-khe-2021"
    assert client.post(url, form).status_code == 302
    saved = Locality.objects.get()
    assert saved.directive == "Công văn số 12/UBND-NV ngày 05/01/2026" and saved.thematic == {"TP": [1], "VP": [2, 6]}
    assert saved.recipients == ["Thường trực Thị ủy (b/c);", "Lưu: VT, NV."]
    assert AuditEntry.objects.filter(action="admin.change", object_type="Locality").exists()
    # One locality per installation: no second one, no deleting it.
    assert client.get("/quan-tri/locality/locality/add/").status_code == 403
    assert client_as("officer_a").get(url).status_code in (302, 403)


def test_cchc_init_again_keeps_the_words_the_office_edited(cchc, ankhe, tmp_path):
    _import(cchc, tmp_path, OTHER_TOWN)
    cchc("init")
    assert cchc("locality", "export").json()["name"] == "UBND thị xã Sơn Tây"
