"""Signature tests: a test CA trusted through CCHC_TRUST_ROOTS, the identities signing with it or
not, and PDFs exported by the system itself. LibreOffice takes seconds per conversion, so identical
Word documents are converted once per run (the PDF of the same report content is the same)."""

import hashlib
import io
import shutil
import zipfile

import pytest

from tests.signatures.certs import make_ca, make_person

_PDFS = {}


@pytest.fixture(scope="session")
def pki():
    ca = make_ca()
    other_ca = make_ca("CA lạ")
    return {
        "ca": ca,
        "leader": make_person(ca, "Nguyễn Văn Lãnh Đạo"),
        "stranger": make_person(other_ca, "Người Lạ", org="Công ty ABC"),
        "expired": make_person(ca, "Trần Thị Hết Hạn", days_left=-2, days_since=400),
        "seal": make_person(ca, "Phòng Nội vụ thị xã An Khê", org="UBND thị xã An Khê"),
    }


@pytest.fixture
def trusted(settings, tmp_path, pki):
    """CCHC_TRUST_ROOTS = a PEM file holding the test CA."""
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki["ca"].pem)
    settings.CCHC_TRUST_ROOTS = str(roots)
    return roots


@pytest.fixture(autouse=True)
def converted_once(monkeypatch):
    """LibreOffice's PDF of each distinct Word document, converted once per test run."""
    if not shutil.which("soffice") and not shutil.which("libreoffice"):
        # Never a silent skip: scripts/test installs LibreOffice.
        pytest.fail("LibreOffice (soffice) không có: chạy scripts/test (tự cài bằng apt-get).")
    from cchc.reporting import documents

    real = documents.docx_to_pdf

    def cached(content, *args, **kwargs):
        # The .docx zip stamps each member with the time it was written: key on the members' contents.
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            key = hashlib.sha256(b"".join(z.read(n) for n in sorted(z.namelist()))).hexdigest()
        if key not in _PDFS:
            _PDFS[key] = real(content, *args, **kwargs)
        return _PDFS[key]

    monkeypatch.setattr(documents, "docx_to_pdf", cached)


@pytest.fixture
def draft(ankhe, unit, period):
    """Ngô Mây's 2021-Q1 report saved as a draft (revision 1): figures and narrative."""
    from cchc.reporting.actions import save_report

    return save_report(
        unit("NGO-MAY"),
        period("2021-Q1"),
        values={"1.1.1": 8, "1.1.2": 6, "3.4.1": "97,5"},
        narrative={"organisation": "Đã ban hành kế hoạch CCHC năm 2021."},
    )


@pytest.fixture
def export_pdf():
    """The system's PDF of a report as it is stored now (what «Tải PDF để ký số» gives)."""
    from cchc.reporting.documents import render_report
    from cchc.reporting.models import Report

    def make(report):
        report = Report.objects.select_related("unit", "period").get(pk=report.pk)
        return render_report(report, "pdf")

    return make
