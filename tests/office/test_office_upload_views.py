"""The upload on the report page (preview, then confirm) and the download buttons, through the
Django test client, for every persona."""

import io

import openpyxl
import pytest
from django.urls import reverse

from cchc.audit.models import AuditEntry
from cchc.reporting.actions import save_report
from cchc.reporting.models import Report, Value

from .helpers import fill


@pytest.fixture
def filled(cchc, ankhe, tmp_path):
    path = tmp_path / "ngo-may.xlsx"
    cchc("template", "--unit", "NGO-MAY", "--period", "2021-Q1", "-o", str(path))
    return fill(path, {"1.1.1": 15, "1.1.2": "4", "3.4.2": "95,5", "1.4.2": "2 - Kết hợp"})


def upload(client, path, unit="NGO-MAY", period="2021-Q1", name=None):
    with open(path, "rb") as fh:
        data = io.BytesIO(fh.read())
    data.name = name or path.name
    return client.post(reverse("report_upload", args=(unit, period)), {"file": data})


def confirm(client, response, unit="NGO-MAY", period="2021-Q1"):
    return client.post(
        reverse("report_upload", args=(unit, period)), {"action": "confirm", "token": response.context["token"]}
    )


def test_it_previews_then_stores_an_upload(client_as, filled, unit, period):
    client = client_as("officer_a")
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 12, "2.1": 3})
    response = upload(client, filled)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Xem trước số liệu từ tệp ngo-may.xlsx" in page
        and "trang «Phụ lục»" in page
        and "95,5" in page
        and "2 - Kết hợp" in page
    )
    rows = {r["ind"].code: (r["new"], r["old"]) for r in response.context["rows"]}
    assert rows["1.1.1"] == ("15", "12") and rows["2.1"] == ("", "3") and rows["3.4.2"] == ("95,5", "")
    assert Report.objects.get().value_map() == {"1.1.1": 12, "2.1": 3}  # nothing stored by the preview
    done = confirm(client, response)
    assert done.status_code == 302 and done["Location"] == reverse("report", args=("NGO-MAY", "2021-Q1"))
    # 2.1 is blank in the file: by default the stored figure stays (merge).
    assert Report.objects.get().value_map() == {"1.1.1": 15, "1.1.2": 4, "3.4.2": 95.5, "1.4.2": 2, "2.1": 3}
    entry = AuditEntry.objects.filter(action="upload").get()
    assert entry.username == "cv.a" and entry.unit == "NGO-MAY"
    # The pending upload is spent: confirming twice stores nothing new.
    again = confirm(client, response)
    assert again.status_code == 302 and AuditEntry.objects.filter(action="upload").count() == 1


def test_it_refuses_a_confirm_whose_token_does_not_match(client_as, filled):
    client = client_as("officer_a")
    upload(client, filled)
    response = client.post(
        reverse("report_upload", args=("NGO-MAY", "2021-Q1")),
        {"action": "confirm", "token": "doan-bua", "values": '{"1.1.1": 999}'},
    )
    assert response.status_code == 302
    assert not Value.objects.exists()


def test_it_does_not_overwrite_a_report_saved_after_the_preview(client_as, filled, unit, period):
    client = client_as("officer_a")
    response = upload(client, filled)
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 30})  # a colleague saves meanwhile
    done = confirm(client, response)
    assert done.status_code == 302
    follow = client.get(done["Location"])
    assert "tải tệp lên lại" in follow.content.decode()
    assert Report.objects.get().value_map() == {"1.1.1": 30}


@pytest.mark.parametrize("persona, status", [("officer_b", 404), ("leader_b", 404), ("viewer", 403)])
def test_it_refuses_uploads_by_those_who_may_not_edit_the_report(client_as, filled, persona, status):
    client = client_as(persona)
    assert client.get(reverse("report_upload", args=("NGO-MAY", "2021-Q1"))).status_code == status
    assert upload(client, filled).status_code == status
    assert not Report.objects.exists()


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "coordinator"])
def test_it_lets_the_units_people_and_the_coordinator_upload(client_as, filled, persona):
    client = client_as(persona)
    response = upload(client, filled)
    assert response.status_code == 200
    assert confirm(client, response).status_code == 302
    assert Report.objects.get().value_map()["1.1.1"] == 15


def test_it_shows_why_a_file_is_refused_and_stores_nothing(client_as, filled, tmp_path):
    client = client_as("officer_a")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"khong phai excel" * 20)
    response = upload(client, junk)
    assert response.status_code == 400 and "không phải là tệp Excel" in response.content.decode()
    wb = openpyxl.load_workbook(filled)
    ws = wb["Phụ lục"]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "1.1.3.")
    ws.cell(row, 4).value = "nhiều"
    wb.save(filled)
    response = upload(client, filled)
    assert response.status_code == 422
    assert f"Dòng {row}: STT 1.1.3" in response.content.decode()
    assert not Value.objects.exists()


def test_it_refuses_a_file_above_the_upload_limit(client_as, filled, settings):
    settings.CCHC_UPLOAD_MAX_BYTES = 1000
    response = upload(client_as("officer_a"), filled)
    assert response.status_code == 413 and "quá lớn" in response.content.decode()
    assert not Report.objects.exists()


def test_it_formats_the_sizes_not_the_file_name(client_as, tmp_path, settings):
    """Vietnamese decimals in the figures only: the name "big50.xlsx" once came out "big50,xlsx"."""
    settings.CCHC_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    big = tmp_path / "big50.xlsx"
    big.write_bytes(b"PK" + b"\0" * (5 * 1024 * 1024 + 200_000))
    response = upload(client_as("officer_a"), big)
    assert response.status_code == 413
    assert "Tệp big50.xlsx quá lớn (5,2 MB); tối đa 5 MB." in response.content.decode()


def test_it_serves_downloads_only_to_those_who_may_see_them(client_as, filled, unit, period):
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 15})
    officer = client_as("officer_a")
    template = officer.get(reverse("report_template", args=("NGO-MAY", "2021-Q1")))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bieu-mau-NGO-MAY-2021-Q1.xlsx"' in template["Content-Disposition"]
    for fmt in ("xlsx", "docx", "json"):
        assert officer.get(reverse("report_export", args=("NGO-MAY", "2021-Q1", fmt))).status_code == 200
    assert officer.get(reverse("report_export", args=("NGO-MAY", "2021-Q1", "exe"))).status_code == 404
    assert officer.get(reverse("report_export", args=("AN-BINH", "2021-Q1", "xlsx"))).status_code == 404
    assert officer.get(reverse("consolidated_export", args=("2021-Q1", "xlsx"))).status_code == 403
    other = client_as("officer_b")
    assert other.get(reverse("report_template", args=("NGO-MAY", "2021-Q1"))).status_code == 404
    assert other.get(reverse("report_export", args=("NGO-MAY", "2021-Q1", "docx"))).status_code == 404
    for persona in ("coordinator", "viewer"):
        c = client_as(persona)
        assert c.get(reverse("report_export", args=("NGO-MAY", "2021-Q1", "docx"))).status_code == 200
        response = c.get(reverse("consolidated_export", args=("2021-Q1", "xlsx")))
        assert response.status_code == 200 and 'filename="tong-hop-2021-Q1.xlsx"' in response["Content-Disposition"]


def test_it_puts_the_file_buttons_on_the_report_page_as_allowed(client_as, ankhe, unit, period):
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 15})
    page = client_as("officer_a").get(reverse("report", args=("NGO-MAY", "2021-Q1"))).content.decode()
    assert reverse("report_template", args=("NGO-MAY", "2021-Q1")) in page
    assert reverse("report_export", args=("NGO-MAY", "2021-Q1", "docx")) in page
    assert reverse("report_upload", args=("NGO-MAY", "2021-Q1")) in page
    assert reverse("consolidated_export", args=("2021-Q1", "xlsx")) not in page
    page = client_as("viewer").get(reverse("report", args=("NGO-MAY", "2021-Q1"))).content.decode()
    assert reverse("report_export", args=("NGO-MAY", "2021-Q1", "docx")) in page
    assert reverse("report_upload", args=("NGO-MAY", "2021-Q1")) not in page
    assert reverse("consolidated_export", args=("2021-Q1", "xlsx")) in page
