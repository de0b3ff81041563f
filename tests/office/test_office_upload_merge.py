"""An upload must not silently wipe figures: the report page offers the form pre-filled with what is
stored, and a file that leaves stored rows blank is shown as such, merged by default, replaced on request."""

import io

import openpyxl
import pytest
from django.urls import reverse

from cchc.reporting.actions import save_report
from cchc.reporting.models import Report

from .helpers import fill
from .test_office_upload_views import confirm, upload

STORED = {"1.1.1": 12, "2.1": 3, "3.4.2": 90, "1.4.2": 1}


@pytest.fixture
def stored(ankhe, unit, period):
    return save_report(unit("NGO-MAY"), period("2021-Q1"), values=STORED)


@pytest.fixture
def partial(cchc, ankhe, tmp_path):
    """The blank form with two cells typed: 1.1.1 corrected, 1.1.2 added; 2.1, 3.4.2, 1.4.2 left blank."""
    path = tmp_path / "mot-phan.xlsx"
    cchc("template", "--unit", "NGO-MAY", "--period", "2021-Q1", "-o", str(path))
    return fill(path, {"1.1.1": 15, "1.1.2": 4})


def value_cells(content):
    """{STT: value} of the Số liệu column of a downloaded form (non-empty cells only)."""
    ws = openpyxl.load_workbook(io.BytesIO(content))["Phụ lục"]
    return {
        str(r[0].value).rstrip("."): r[3].value
        for r in ws.iter_rows()
        if r[0].value and r[3].value is not None and r[0].value not in ("STT",)
    }


def test_it_offers_the_form_prefilled_with_the_stored_figures(client_as, stored, tmp_path):
    client = client_as("officer_a")
    page = client.get(reverse("report", args=("NGO-MAY", "2021-Q1"))).content.decode()
    url = reverse("report_template", args=("NGO-MAY", "2021-Q1"))
    assert f'href="{url}?co-so-lieu=1"' in page and "Tải biểu mẫu Excel có sẵn số liệu" in page
    assert f'href="{url}"' in page and "Tải biểu mẫu Excel trống" in page
    filled = client.get(url + "?co-so-lieu=1")
    assert (
        filled.status_code == 200
        and 'filename="bieu-mau-NGO-MAY-2021-Q1-co-so-lieu.xlsx"' in filled["Content-Disposition"]
    )
    cells = value_cells(filled.content)
    assert cells["1.1.1"] == 12 and cells["2.1"] == 3 and cells["3.4.2"] == 90 and cells["1.4.2"].startswith("1 - ")
    assert value_cells(client.get(url).content) == {}  # the blank one stays blank
    # Same marker as the blank form: uploading it back unchanged clears nothing and changes nothing.
    path = tmp_path / "co-so-lieu.xlsx"
    path.write_bytes(filled.content)
    response = upload(client, path)
    assert response.status_code == 200
    assert response.context["cleared"] == [] and response.context["changed_count"] == 0
    assert "sẽ bị xóa" not in response.content.decode()


def test_it_offers_no_prefilled_form_before_there_are_figures(client_as, ankhe):
    page = client_as("officer_a").get(reverse("report", args=("NGO-MAY", "2021-Q1"))).content.decode()
    assert "co-so-lieu=1" not in page and "Tải biểu mẫu Excel trống" in page


def test_it_refuses_the_prefilled_form_to_another_unit(client_as, stored):
    url = reverse("report_template", args=("NGO-MAY", "2021-Q1")) + "?co-so-lieu=1"
    assert client_as("officer_b").get(url).status_code == 404


def test_it_counts_and_lists_the_stored_figures_a_file_leaves_blank(client_as, stored, partial):
    response = upload(client_as("officer_a"), partial)
    page = response.content.decode()
    assert [i.code for i in response.context["cleared"]] == ["1.4.2", "2.1", "3.4.2"]
    assert "3 chỉ tiêu đang có số liệu sẽ bị xóa (ô để trống trong tệp)" in page
    assert "Chỉ cập nhật các ô có số liệu" in page and "Thay toàn bộ theo tệp" in page
    assert 'name="mode" value="merge" checked' in page and 'value="replace" checked' not in page
    # 1.1.1 changed, 1.1.2 is new; the blank ones are not counted as changes.
    assert response.context["changed_count"] == 2
    assert Report.objects.get().value_map() == STORED  # nothing stored by the preview


def test_it_keeps_the_stored_figures_of_blank_cells_by_default(client_as, stored, partial):
    client = client_as("officer_a")
    done = confirm(client, upload(client, partial))
    assert done.status_code == 302
    assert Report.objects.get().value_map() == {**STORED, "1.1.1": 15, "1.1.2": 4}
    follow = client.get(done["Location"]).content.decode()
    assert "giữ nguyên 3 chỉ tiêu để trống trong tệp" in follow


@pytest.mark.parametrize("mode", ["merge", "", "xoa-het"])
def test_it_merges_whatever_the_mode_field_says_unless_it_says_replace(client_as, stored, partial, mode):
    client = client_as("officer_a")
    response = upload(client, partial)
    client.post(
        reverse("report_upload", args=("NGO-MAY", "2021-Q1")),
        {"action": "confirm", "token": response.context["token"], "mode": mode},
    )
    assert Report.objects.get().value_map()["2.1"] == 3


def test_it_clears_the_blank_cells_when_told_to_replace_everything(client_as, stored, partial):
    client = client_as("officer_a")
    response = upload(client, partial)
    done = client.post(
        reverse("report_upload", args=("NGO-MAY", "2021-Q1")),
        {"action": "confirm", "token": response.context["token"], "mode": "replace"},
    )
    assert done.status_code == 302
    assert Report.objects.get().value_map() == {"1.1.1": 15, "1.1.2": 4}
    assert "đã xóa số liệu của 3 chỉ tiêu" in client.get(done["Location"]).content.decode()


def test_it_still_refuses_a_merge_when_the_report_moved_on_after_the_preview(client_as, stored, partial, unit, period):
    client = client_as("officer_a")
    response = upload(client, partial)
    save_report(unit("NGO-MAY"), period("2021-Q1"), values={"2.1": 8})  # a colleague saves meanwhile
    confirm(client, response)
    assert Report.objects.get().value_map() == {"2.1": 8}


def test_cchc_template_is_blank_unless_asked_to_fill_it(cchc, stored, tmp_path):
    blank, filled = tmp_path / "trong.xlsx", tmp_path / "day.xlsx"
    cchc("template", "--unit", "NGO-MAY", "--period", "2021-Q1", "-o", str(blank))
    cchc("template", "--unit", "NGO-MAY", "--period", "2021-Q1", "--filled", "-o", str(filled))
    assert value_cells(blank.read_bytes()) == {}
    assert value_cells(filled.read_bytes())["2.1"] == 3
    # It imports back as the same report.
    cchc("import", str(filled), "--period", "2021-Q1")
    assert Report.objects.get().value_map() == STORED


def test_cchc_template_filled_without_a_report_says_it_is_blank(cchc, ankhe, tmp_path):
    out = tmp_path / "x.xlsx"
    result = cchc("template", "--unit", "AN-BINH", "--period", "2021-Q1", "--filled", "-o", str(out))
    assert "chưa có số liệu" in result.stderr and value_cells(out.read_bytes()) == {}


def test_cchc_import_keeps_figures_the_file_leaves_blank_as_the_web_does(cchc, stored, partial):
    # INTERFACES.md "Office files in": a blank cell keeps the stored figure; --replace clears it.
    before = Report.objects.get().value_map()
    result = cchc("import", str(partial), "--period", "2021-Q1")
    assert Report.objects.get().value_map() == {**before, "1.1.1": 15, "1.1.2": 4}
    assert "giữ nguyên 3 chỉ tiêu để trống" in result.stdout
    assert cchc("import", str(partial), "--period", "2021-Q1", "--replace").status == 0
    assert Report.objects.get().value_map() == {"1.1.1": 15, "1.1.2": 4}


def test_cchc_import_of_a_blank_template_changes_nothing_and_says_so(cchc, stored, tmp_path):
    before = Report.objects.get().value_map()
    blank = tmp_path / "trong.xlsx"
    cchc("template", "--unit", "NGO-MAY", "--period", "2021-Q1", "-o", str(blank))
    result = cchc("import", str(blank), "--period", "2021-Q1")
    assert Report.objects.get().value_map() == before
    assert "0 thay đổi" in result.stdout and "giữ nguyên 4 chỉ tiêu" in result.stdout


def test_cchc_import_prints_each_figure_it_changes(cchc, stored, partial):
    result = cchc("import", str(partial), "--period", "2021-Q1")
    assert "1.1.1: 12 → 15" in result.stdout and "1.1.2: trống → 4" in result.stdout
    assert "1 thay đổi" not in result.stdout and "2 thay đổi" in result.stdout
    data = cchc("import", str(partial), "--period", "2021-Q1", "--replace", "--format", "json").json()[0]
    assert {(c["code"], c["before"], c["after"]) for c in data["changes"]} == {
        ("2.1", 3, None),
        ("3.4.2", 90, None),
        ("1.4.2", 1, None),
    }
