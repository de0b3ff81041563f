"""Review and follow-up in a real headless Chromium: the diff after a return, a notification read
by the unit, the urging letter downloaded and read back, the board printed to PDF with every column,
the sticky action bar at an office screen and a phone."""

import io
import subprocess

import pytest
from docx import Document

from tests.browsing import OFFICE, Person
from tests.conftest import vn

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


def in_window(person, selector):
    """The element is visible inside the window as loaded, without scrolling."""
    box = person.page.locator(selector).bounding_box()
    size = person.page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def page_size(pdf):
    """(width, height) of the first page in whole points, as pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    return round(width), round(height)


def _returned_and_resubmitted(personas):
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.actions import return_report, save_report, submit_report
    from cchc.reporting.models import Period

    unit, period = OrgUnit.objects.get(code="NGO-MAY"), Period.objects.get(code="2021-Q1")
    values = {"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20}
    report = save_report(unit, period, values=values, narrative={"organisation": "Đã ban hành kế hoạch."})
    report = submit_report(report, by=personas["leader_a"], at=vn(2021, 3, 4, 10, 0))
    return_report(report, by=personas["coordinator"], reason="Đề nghị bổ sung số liệu kiểm tra (mục 1.2).")
    return unit, period, values


def test_it_shows_the_coordinator_the_diff_after_a_return(browser, live_server, personas):
    _returned_and_resubmitted(personas)
    report = "/bao-cao/NGO-MAY/2021-Q1/"
    officer = Person(browser, live_server.url, "cv.a")
    officer.go(report)
    officer.page.fill("#v-1\\.2\\.1", "3")
    officer.page.fill("#v-1\\.2\\.2", "3")
    officer.page.fill("#n-difficulties", "Thiếu cán bộ chuyên trách CCHC.")
    officer.page.click("#btn-save")
    assert "Đã lưu bản nháp." in officer.page.content()
    officer.close()
    leader = Person(browser, live_server.url, "ld.a", PHONE_390)
    leader.go(report)
    # Ký ban hành is reachable on a phone without scrolling.
    assert in_window(leader, "#btn-submit")
    leader.shot("followup-phone-leader-bar")
    leader.page.click("#btn-submit")
    assert "lần gửi thứ 2" in leader.page.content()
    leader.close()

    coordinator = Person(browser, live_server.url, "noivu.test")
    coordinator.go(report)
    box = coordinator.page.locator("#review-changes")
    assert "Đề nghị bổ sung số liệu kiểm tra (mục 1.2)." in box.inner_text()
    assert box.locator("tr[data-changed]").count() == 2
    assert "changed" in coordinator.page.locator("#row-1\\.2\\.1").get_attribute("class")
    assert "changed" not in coordinator.page.locator("#row-1\\.1\\.1").get_attribute("class")
    assert "trước: (để trống)" in coordinator.page.locator("#row-1\\.2\\.1").inner_text()
    assert "narrative-changed" in coordinator.page.locator("#part-difficulties").get_attribute("class")
    assert "narrative-changed" not in coordinator.page.locator("#part-proposals").get_attribute("class")
    assert "lần gửi đầu tiên" in coordinator.page.inner_text("#timeliness-rule")
    coordinator.shot("followup-review-diff")
    # The accept/return bar stays in the window at 1366×768, scrolled to the bottom of the form too.
    assert in_window(coordinator, "#bar-accept") and in_window(coordinator, "#bar-return")
    coordinator.page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    assert in_window(coordinator, "#bar-accept")
    coordinator.page.click("#bar-return")
    assert coordinator.page.locator("#id_reason").is_visible()
    coordinator.close()

    phone = Person(browser, live_server.url, "noivu.test", PHONE_390)
    phone.go(report)
    assert in_window(phone, "#bar-accept") and in_window(phone, "#bar-return")
    assert not phone.overflows()
    phone.shot("followup-phone-review-bar")
    phone.page.click("#bar-accept")
    assert "Đã tiếp nhận báo cáo" in phone.page.content()
    phone.close()


def test_it_lets_the_unit_read_its_notification(browser, live_server, personas):
    _returned_and_resubmitted(personas)
    officer = Person(browser, live_server.url, "cv.a")
    assert officer.page.inner_text("#bell-count") == "1"
    officer.page.click("#bell")
    item = officer.page.locator("#notifications li[data-kind=returned]")
    assert item.get_attribute("data-read") == "0"
    assert "Đề nghị bổ sung số liệu kiểm tra (mục 1.2)." in item.inner_text()
    officer.shot("followup-notifications")
    item.locator(".notice-open").click()
    assert officer.page.url.endswith("/bao-cao/NGO-MAY/2021-Q1/")
    assert officer.page.locator("#bell-count").count() == 0
    officer.go("/thong-bao/")
    assert officer.page.locator("#notifications li[data-kind=returned]").get_attribute("data-read") == "1"
    officer.close()


def test_it_downloads_the_urging_letter_and_prints_the_board(browser, live_server, personas, tmp_path):
    _returned_and_resubmitted(personas)
    coordinator = Person(browser, live_server.url, "noivu.test")
    coordinator.go("/theo-doi/2021-Q1/")
    with coordinator.page.expect_download() as info:
        coordinator.page.click("#board-letter")
    download = info.value
    assert download.suggested_filename == "cong-van-don-doc-2021-Q1.docx"
    path = tmp_path / "letter.docx"
    download.save_as(path)
    doc = Document(io.BytesIO(path.read_bytes()))
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "V/v đôn đốc gửi báo cáo cải cách hành chính quý I năm 2021" in cells
    assert "UBND phường Ngô Mây" in cells and "Bị trả lại, chưa gửi lại" in cells

    pdf = tmp_path / "board.pdf"
    coordinator.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert page_size(pdf) == (842, 595)  # A4 landscape, in points
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    header = next(line for line in text.splitlines() if "Đơn vị" in line and "Trạng thái" in line)
    for column in ("Đơn vị", "Loại", "Trạng thái", "Gửi lần đầu", "Gửi gần nhất"):
        assert column in header, (column, header)
    assert "UBND phường Ngô Mây" in text and "Tải Excel" not in text

    # The compliance table prints on A4 landscape with its score column.
    coordinator.go("/tong-hop/thi-dua/2021/")
    pdf = tmp_path / "compliance.pdf"
    coordinator.page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert page_size(pdf) == (842, 595)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    header = next(line for line in text.splitlines() if "Hạng" in line)
    assert "Điểm" in header and "Đơn vị" in header, header
    coordinator.close()
    # On a phone the score comes right after the unit, before the periods.
    phone = Person(browser, live_server.url, "noivu.test", PHONE_390)
    phone.go("/tong-hop/thi-dua/2021/")
    heads = phone.page.locator("#compliance-table thead th").all_inner_texts()
    assert heads[:3] == ["Hạng", "Đơn vị", "Điểm"]
    assert not phone.overflows()
    phone.close()


def test_it_keeps_the_leaders_sign_button_in_the_window_at_the_office(browser, live_server, personas):
    leader = Person(browser, live_server.url, "ld.a", OFFICE)
    leader.go("/bao-cao/NGO-MAY/2021-Q1/")
    assert in_window(leader, "#btn-submit") and in_window(leader, "#btn-save")
    leader.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert in_window(leader, "#btn-submit")
    leader.close()
