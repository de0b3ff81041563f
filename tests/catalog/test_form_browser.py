"""In a real headless Chromium: Phòng Nội vụ copies last year's form, adds a row, lays out the
year's periods and publishes; a ward's officer then fills the new row."""

import pytest

from tests.browsing import Person

pytestmark = pytest.mark.browser


def test_coordinator_copies_adds_a_row_publishes_and_an_officer_fills_it(browser, live_server, personas):
    from cchc.reporting.models import Report

    base = live_server.url
    coordinator = Person(browser, base, "noivu.test")
    page = coordinator.page
    coordinator.go("/bieu-mau/")
    page.click("#btn-copy")
    assert page.url.endswith("/bieu-mau/2022/") and page.locator("#draft-badge").is_visible()
    page.click("#add-row")
    page.fill("#id_code", "7.8")
    page.fill("#id_name", "Số cuộc họp trực tuyến đã tổ chức")
    page.fill("#id_measure", "Cuộc họp")
    page.select_option("#id_kind", "count")
    page.select_option("#id_responsible", "NGO-MAY")
    page.click("#btn-save-row")
    assert "Đã thêm dòng 7.8." in page.content()
    assert page.locator("#row-7\\.8").inner_text().startswith("7.8")
    coordinator.shot("form-01-row-added")
    page.click("#btn-publish")
    assert "Đã công bố biểu mẫu năm 2022" in page.content()
    coordinator.go("/ky-bao-cao/2022/")
    page.click("#btn-create-periods")
    assert page.locator("tr[data-period='2022-Q1']").count() == 1
    coordinator.shot("form-02-periods")
    coordinator.close()

    officer = Person(browser, base, "cv.a")
    officer.go("/bao-cao/NGO-MAY/2022-Q1/")
    officer.page.fill("#v-7\\.8", "6")
    officer.page.click("#btn-save")
    assert "Đã lưu bản nháp." in officer.page.content()
    assert officer.page.input_value("#v-7\\.8") == "6"
    officer.shot("form-03-officer-fills-new-row")
    officer.close()
    report = Report.objects.get(unit__code="NGO-MAY", period__code="2022-Q1")
    assert report.value_map() == {"7.8": 6}
