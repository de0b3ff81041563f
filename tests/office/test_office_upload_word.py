"""Uploading a unit's Word report, an .xls or an .ods on the report page: the same preview as for
.xlsx — each narrative part beside the stored text, what fits no part listed — and nothing stored
before the officer confirms. The browser test drives the real page in Chromium."""

import io

import pytest
from django.urls import reverse

from cchc.reporting.actions import save_report
from cchc.reporting.models import Report, Value
from tests.browsing import Person

from .helpers import convert, fill, template
from .test_office_word_in import EXPECTED, ROMAN_UPPER, TEXTS, unit_report


def upload(client, path, unit="NGO-MAY", period="2021-Q1"):
    data = io.BytesIO(path.read_bytes())
    data.name = path.name
    return client.post(reverse("report_upload", args=(unit, period)), {"file": data})


def test_a_word_report_is_previewed_part_by_part_then_stored_on_confirm(client_as, ankhe, tmp_path, unit, period):
    save_report(
        unit("NGO-MAY"),
        period("2021-Q1"),
        values={"2.1": 3},
        narrative={"difficulties": "Cũ.", "thematic": "Chuyên đề cũ."},
    )
    client = client_as("officer_a")
    response = upload(client, unit_report(tmp_path / "bao-cao.docx", ROMAN_UPPER))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="preview-narrative"' in page and 'data-part="results.6"' in page
    assert TEXTS["difficulties"][0] in page and "Cũ." in page  # the new text beside the stored one
    assert 'id="preview-unplaced"' in page and "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II" in page
    assert "bảng phụ lục" in page
    report = Report.objects.get()
    assert report.narrative["difficulties"] == "Cũ." and report.value_map() == {"2.1": 3}  # nothing stored yet
    client.post(
        reverse("report_upload", args=("NGO-MAY", "2021-Q1")), {"action": "confirm", "token": response.context["token"]}
    )
    report.refresh_from_db()
    assert report.value_map() == {**EXPECTED, "2.1": 3}  # the figure the file leaves blank is kept
    assert report.narrative["difficulties"] == TEXTS["difficulties"][0]
    assert report.narrative["results"]["2"] == TEXTS["2"][0]
    assert report.narrative["thematic"] == "Chuyên đề cũ."  # a part the file lacks is kept


def test_replace_mode_clears_what_the_word_report_leaves_blank(client_as, ankhe, tmp_path, unit, period):
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"2.1": 3}, narrative={"thematic": "Chuyên đề cũ."})
    client = client_as("officer_a")
    response = upload(client, unit_report(tmp_path / "bao-cao.docx", ROMAN_UPPER))
    client.post(
        reverse("report_upload", args=("NGO-MAY", "2021-Q1")),
        {"action": "confirm", "token": response.context["token"], "mode": "replace"},
    )
    report = Report.objects.get()
    assert report.value_map() == EXPECTED and report.narrative["thematic"] == ""


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_an_xls_or_ods_upload_previews_as_xlsx_does(client_as, cchc, ankhe, tmp_path, fmt):
    path = convert(fill(template(cchc, tmp_path), {"1.1.1": 15, "3.4.2": "95,5"}), fmt)
    client = client_as("officer_a")
    response = upload(client, path)
    page = response.content.decode()
    assert response.status_code == 200 and "95,5" in page and "trang «Phụ lục»" in page
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    "name, body, words",
    [
        ("macro.docm", b"PK\x03\x04", "macro"),
        ("hong.docx", b"PK\x03\x04" + b"\0" * 200, "bị hỏng"),
        (
            "mat-khau.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le"),
            "mật khẩu",
        ),
        ("ghi-chu.txt", b"abc", "chỉ nhận"),
    ],
)
def test_bad_word_uploads_are_refused_in_vietnamese(client_as, ankhe, tmp_path, name, body, words):
    path = tmp_path / name
    path.write_bytes(body)
    response = upload(client_as("officer_a"), path)
    assert response.status_code == 400 and words in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.browser
def test_a_word_report_upload_in_the_browser_shows_the_preview_before_storing(browser, live_server, personas, tmp_path):
    path = unit_report(tmp_path / "bao-cao-ngo-may.docx", ROMAN_UPPER)
    officer = Person(browser, live_server.url, "cv.a")
    page = officer.page
    officer.go("/bao-cao/NGO-MAY/2021-Q1/")
    page.set_input_files("#upload-file", str(path))
    page.click(".upload-form button[type=submit]")
    page.wait_for_selector("#preview-narrative")
    assert "Xem trước báo cáo từ tệp bao-cao-ngo-may.docx" in page.inner_text("h1")
    assert TEXTS["organisation"][0] in page.inner_text("#preview-narrative tr[data-part=organisation]")
    assert "PHƯƠNG HƯỚNG" in page.inner_text("#preview-unplaced")
    assert page.locator("#preview tr[data-code='3.1.3.a']").count() == 1
    assert not officer.overflows()
    officer.shot("upload-word-preview")
    assert not Report.objects.exists()
    page.click("#confirm-upload")
    page.wait_for_load_state()
    assert "Đã lưu 7 số liệu từ tệp bao-cao-ngo-may.docx" in page.content()
    assert page.input_value("#n-organisation").startswith(TEXTS["organisation"][0])
    officer.close()
