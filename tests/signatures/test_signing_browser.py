"""In a real headless Chromium: the leader downloads the report's PDF from the page, signs it (with
pyHanko, as their USB-token tool would), uploads it, and the report is sent; Phòng Nội vụ sees
"Đã ký số" on the board."""

import pytest

from tests.browsing import Person
from tests.signatures.certs import sign

pytestmark = pytest.mark.browser


def test_the_leader_signs_the_report_by_uploading_a_signed_pdf(
    browser, live_server, personas, trusted, pki, draft, tmp_path
):
    base, report = live_server.url, "/bao-cao/NGO-MAY/2021-Q1/"
    leader = Person(browser, base, "ld.a")
    leader.go(report)
    page = leader.page
    with page.expect_download(timeout=90_000) as download:  # LibreOffice converts it: seconds
        page.click("#btn-sign-pdf")
    with open(download.value.path(), "rb") as fh:
        exported = fh.read()
    assert exported.startswith(b"%PDF")
    signed = tmp_path / "bao-cao-da-ky-so.pdf"
    signed.write_bytes(sign(exported, pki["leader"]))
    page.set_input_files("#signed-file", str(signed))
    page.click("#btn-signed-upload")
    page.wait_for_load_state()
    assert "Đã nhận bản ký số của Nguyễn Văn Lãnh Đạo" in page.content()
    assert page.locator("[data-status=submitted]").count() == 1
    assert "Đã ký số:" in page.locator("#digital-signed").inner_text()
    leader.shot("ky-so-01-leader-signed")
    leader.close()

    coordinator = Person(browser, base, "noivu.test")
    coordinator.go("/theo-doi/2021-Q1/")
    row = coordinator.page.locator("tr[data-unit=NGO-MAY]")
    assert "Đã ký số: Nguyễn Văn Lãnh Đạo" in row.inner_text()
    coordinator.shot("ky-so-02-board")
    coordinator.close()
