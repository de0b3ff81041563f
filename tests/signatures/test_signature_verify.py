"""`cchc signature verify FILE.pdf`: the contract's JSON and exit statuses (0 intact and trusted, 1
not, 2 not a PDF or unsigned) on the system's own PDF signed with pyHanko."""

import pytest

from tests.signatures.certs import flip_byte, sign

KEYS = {"signed", "intact", "trusted", "signer", "signed_at", "covers_whole_file", "report", "matches"}


@pytest.fixture
def verify(cchc, tmp_path):
    def run(data, expect):
        path = tmp_path / "ky-so.pdf"
        path.write_bytes(data)
        return cchc("signature", "verify", str(path), "--format", "json", expect=expect)

    return run


def test_it_accepts_the_leaders_signature_on_the_systems_own_pdf(verify, trusted, pki, draft, export_pdf):
    pdf = export_pdf(draft)
    assert pdf.startswith(b"%PDF")
    out = verify(sign(pdf, pki["leader"]), expect=0).json()
    assert set(out) == KEYS
    assert out["signed"] and out["intact"] and out["trusted"] and out["covers_whole_file"]
    assert out["signer"] == {
        "name": "Nguyễn Văn Lãnh Đạo",
        "organisation": "UBND phường Ngô Mây",
        "serial": format(pki["leader"].cert.serial_number, "X"),
        "issuer": "CA thử nghiệm CCHC",
    }
    assert out["signed_at"].endswith("+07:00")
    assert out["report"] == {"unit": "NGO-MAY", "period": "2021-Q1", "revision": draft.revision}
    assert out["matches"] is True


def test_it_finds_a_byte_changed_after_signing(verify, trusted, pki, draft, export_pdf):
    signed = sign(export_pdf(draft), pki["leader"])
    # The revision number in the signed metadata: changing it must not pass for another revision.
    tampered = flip_byte(signed, b"/CCHCRevision")
    out = verify(tampered, expect=1).json()
    assert out["signed"] is True and out["intact"] is False


def test_it_does_not_trust_a_ca_outside_the_trust_roots(verify, trusted, pki, draft, export_pdf):
    out = verify(sign(export_pdf(draft), pki["stranger"]), expect=1).json()
    assert out["intact"] is True and out["trusted"] is False
    assert out["signer"]["name"] == "Người Lạ" and out["signer"]["issuer"] == "CA lạ"


def test_it_does_not_trust_an_expired_certificate(verify, trusted, pki, draft, export_pdf, cchc, tmp_path):
    signed = sign(export_pdf(draft), pki["expired"])
    out = verify(signed, expect=1).json()
    assert out["intact"] is True and out["trusted"] is False
    path = tmp_path / "het-han.pdf"
    path.write_bytes(signed)
    text = cchc("signature", "verify", str(path), expect=1).stdout
    assert "đã hết hạn" in text and "Trần Thị Hết Hạn" in text


def test_it_trusts_nobody_without_trust_roots(verify, settings, pki, draft, export_pdf):
    settings.CCHC_TRUST_ROOTS = ""
    out = verify(sign(export_pdf(draft), pki["leader"]), expect=1).json()
    assert out["intact"] is True and out["trusted"] is False


def test_it_says_a_pdf_of_an_older_revision_no_longer_matches(verify, trusted, pki, draft, export_pdf):
    from cchc.reporting.actions import save_report

    signed = sign(export_pdf(draft), pki["leader"])
    save_report(draft.unit, draft.period, values={"1.1.1": 9, "1.1.2": 6, "3.4.1": "97,5"})
    out = verify(signed, expect=0).json()
    assert out["report"]["revision"] == 1 and out["matches"] is False


def test_it_reads_a_folder_of_roots(verify, settings, tmp_path, pki, draft, export_pdf):
    folder = tmp_path / "goc"
    folder.mkdir()
    (folder / "ca.crt").write_bytes(pki["ca"].pem)
    (folder / "ghi-chu.txt").write_text("không phải chứng thư")
    settings.CCHC_TRUST_ROOTS = str(folder)
    assert verify(sign(export_pdf(draft), pki["leader"]), expect=0).json()["trusted"] is True


def test_it_exits_2_for_an_unsigned_pdf_or_no_pdf(verify, trusted, draft, export_pdf, cchc, tmp_path):
    out = verify(export_pdf(draft), expect=2).json()
    assert out["signed"] is False and out["report"]["unit"] == "NGO-MAY" and out["matches"] is True
    verify(b"PK\x03\x04 not a pdf", expect=2)
    cchc("signature", "verify", str(tmp_path / "khong-co.pdf"), expect=2)


def test_it_lists_the_trust_roots(cchc, trusted, settings):
    assert "CA thử nghiệm CCHC" in cchc("signature", "roots").stdout
    settings.CCHC_TRUST_ROOTS = ""
    assert "Chưa cấu hình CCHC_TRUST_ROOTS" in cchc("signature", "roots").stdout


def _incremental(signed, change):
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    change(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_it_tells_a_later_signature_from_a_change_to_the_page(verify, trusted, pki, draft, export_pdf):
    """PAdES lets more signatures (the office's seal) follow; pyHanko's modification analysis flags an
    incremental update that changes the page the leader signed."""
    from pyhanko.pdf_utils import generic

    signed = sign(export_pdf(draft), pki["leader"])
    countersigned = sign(signed, pki["seal"], field="Signature2")
    out = verify(countersigned, expect=0).json()
    assert out["intact"] is True and out["covers_whole_file"] is False
    assert out["signer"]["name"] == "Nguyễn Văn Lãnh Đạo"

    def rotate(w):
        page = w.root["/Pages"]["/Kids"][0].get_object()
        page["/Rotate"] = generic.NumberObject(90)
        w.update_container(page)

    out = verify(_incremental(signed, rotate), expect=1).json()
    assert out["signed"] is True and out["intact"] is False and out["trusted"] is True
