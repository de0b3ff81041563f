"""The PDF button where LibreOffice Writer cannot convert: greyed out with the reason and the .docx
offered instead (it was shown and led to a bare 503); a conversion that fails anyway says so, links
the .docx, and LibreOffice's own output goes to the server log."""

import io
import logging
import os
import shutil
import zipfile

import pytest

from cchc.office.docx import ConversionFailed, docx_to_pdf, find_soffice
from cchc.reporting.actions import save_report

REAL_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def draft(unit, period):
    return save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 3})


def test_without_libreoffice_the_button_is_greyed_with_the_reason_and_the_docx_offered(draft, client_as, settings):
    settings.CCHC_SOFFICE = "/khong/co/soffice"
    client = client_as("officer_a")
    page = client.get("/bao-cao/NGO-MAY/2021-Q1/").content.decode()
    assert 'href="/bao-cao/NGO-MAY/2021-Q1/tai-ve/pdf/"' not in page
    assert 'id="pdf-unavailable" disabled' in page
    why = page[page.index('id="pdf-why"') :]
    assert "Không chạy được LibreOffice tại «/khong/co/soffice»" in why
    assert 'href="/bao-cao/NGO-MAY/2021-Q1/tai-ve/docx/"' in why[: why.index("</p>")]
    # Typed by hand, the PDF address says why and links the Word file, which downloads.
    response = client.get("/bao-cao/NGO-MAY/2021-Q1/tai-ve/pdf/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "/khong/co/soffice" in body and 'href="/bao-cao/NGO-MAY/2021-Q1/tai-ve/docx/"' in body
    docx = client.get("/bao-cao/NGO-MAY/2021-Q1/tai-ve/docx/")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_the_consolidated_pdf_offers_the_consolidated_docx(ankhe, client_as, settings):
    settings.CCHC_SOFFICE = "/khong/co/soffice"
    response = client_as("coordinator").get("/tong-hop/ky/2021-Q1/tai-ve/pdf/")
    assert response.status_code == 503 and 'href="/tong-hop/ky/2021-Q1/tai-ve/docx/"' in response.content.decode()


def test_the_cli_exits_2_with_the_reason(draft, cchc, settings, tmp_path):
    settings.CCHC_SOFFICE = "/khong/co/soffice"
    result = cchc(
        "export", "--unit", "NGO-MAY", "--period", "2021-Q1", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), expect=2
    )
    assert "/khong/co/soffice" in result.stderr


@pytest.mark.skipif(not REAL_SOFFICE, reason="LibreOffice is not installed: its layout cannot be copied")
def test_it_tells_libreoffice_without_writer_from_libreoffice_with_it(tmp_path):
    """Debian's libreoffice-core gives soffice without Writer: every .docx conversion would fail."""
    program = os.path.dirname(os.path.realpath(REAL_SOFFICE))
    assert find_soffice(REAL_SOFFICE) == (REAL_SOFFICE, None)
    copy = tmp_path / "program"
    copy.mkdir()
    for name in os.listdir(program):
        if not name.startswith(("libswlo", "swlo")):
            os.symlink(os.path.join(program, name), copy / name)
    (copy / "soffice").unlink()
    shutil.copy(os.path.join(program, "soffice"), copy / "soffice")  # a real file, so realpath stays here
    exe, why = find_soffice(str(copy / "soffice"))
    assert exe is None and "thiếu LibreOffice Writer" in why


def test_a_failed_conversion_logs_what_the_converter_printed(draft, client_as, settings, caplog):
    """Any program that exits in error stands for LibreOffice here: the page offers the .docx and the
    log carries the exit status."""
    settings.CCHC_SOFFICE = shutil.which("false")
    with caplog.at_level(logging.ERROR, logger="cchc.office.docx"):
        response = client_as("officer_a").get("/bao-cao/NGO-MAY/2021-Q1/tai-ve/pdf/")
    assert response.status_code == 503
    assert "Không chuyển được sang PDF." in response.content.decode()
    assert 'href="/bao-cao/NGO-MAY/2021-Q1/tai-ve/docx/"' in response.content.decode()
    assert any("exit status 1" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
@pytest.mark.skipif(not REAL_SOFFICE, reason="LibreOffice is not installed: no PDF export on this machine")
def test_libreoffices_own_error_reaches_the_log(caplog, tmp_path):
    """A damaged document: LibreOffice exits 0, makes no PDF and prints why — that text is logged."""
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as zf:
        zf.writestr("[Content_Types].xml", "<hỏng")
    with caplog.at_level(logging.ERROR, logger="cchc.office.docx"), pytest.raises(ConversionFailed):
        docx_to_pdf(damaged.getvalue())
    assert any("source file could not be loaded" in r.getMessage() for r in caplog.records)
