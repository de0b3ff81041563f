"""The signed consolidated report (uploaded by Phòng Nội vụ, or sealed by the server with the office's
PKCS#12), and the admin's list of trusted roots."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.signatures.certs import sign


def _consolidated_pdf(period):
    from cchc.consolidation.documents import render_consolidated

    return render_consolidated(period, "pdf")


def test_the_coordinator_attaches_the_signed_consolidated_report(client_as, trusted, pki, period, draft):
    from cchc.signatures.models import SignedPdf
    from cchc.signatures.verify import verification_json

    q1 = period("2021-Q1")
    pdf = _consolidated_pdf(q1)
    signed = sign(pdf, pki["leader"])
    out, status, _ = verification_json(signed)
    assert status == 0 and out["report"] == {"unit": "ANKHE", "period": "2021-Q1", "revision": None}
    assert out["matches"] is True
    upload = reverse("consolidated_signed_upload", args=["2021-Q1"])
    assert client_as("leader_a").post(upload, {"file": SimpleUploadedFile("th.pdf", signed)}).status_code == 403
    assert client_as("viewer").post(upload, {"file": SimpleUploadedFile("th.pdf", signed)}).status_code == 403
    coordinator = client_as("coordinator")
    refused = coordinator.post(upload, {"file": SimpleUploadedFile("th.pdf", sign(pdf, pki["stranger"]))})
    assert refused.status_code == 422 and not SignedPdf.objects.exists()
    assert coordinator.post(upload, {"file": SimpleUploadedFile("th.pdf", signed)}).status_code == 302
    page = coordinator.get(reverse("consolidation", args=["2021-Q1"])).content.decode()
    assert "Đã ký số: <strong>Nguyễn Văn Lãnh Đạo</strong>" in page
    got = client_as("viewer").get(reverse("consolidated_signed", args=["2021-Q1"]))
    assert got.status_code == 200 and got.content == signed
    assert client_as("leader_a").get(reverse("consolidated_signed", args=["2021-Q1"])).status_code == 404


def test_a_consolidated_pdf_no_longer_matches_once_a_unit_submits(trusted, pki, period, draft):
    from cchc.reporting.actions import submit_report
    from cchc.signatures.verify import verification_json

    signed = sign(_consolidated_pdf(period("2021-Q1")), pki["leader"])
    submit_report(draft, signed_by_name="Lãnh đạo")
    out, status, _ = verification_json(signed)
    assert status == 0 and out["matches"] is False


def test_the_server_seals_the_consolidated_report_with_the_offices_certificate(
    client_as, settings, tmp_path, trusted, pki, ankhe
):
    from cchc.signatures.models import SignedPdf
    from cchc.signatures.verify import verification_json

    p12 = tmp_path / "co-quan.p12"
    p12.write_bytes(pki["seal"].p12(b"mat-khau"))
    settings.CCHC_SEAL_P12 = str(p12)
    settings.CCHC_SEAL_PASSWORD = "sai"
    seal = reverse("consolidated_seal", args=["2021-Q1"])
    coordinator = client_as("coordinator")
    assert "btn-seal" in coordinator.get(reverse("consolidation", args=["2021-Q1"])).content.decode()
    r = coordinator.post(seal)
    assert r.status_code == 422 and "CCHC_SEAL_PASSWORD" in r.content.decode() and not SignedPdf.objects.exists()
    settings.CCHC_SEAL_PASSWORD = "mat-khau"
    assert client_as("viewer").post(seal).status_code == 403
    assert client_as("coordinator").post(seal).status_code == 302
    sealed = SignedPdf.objects.get()
    assert sealed.sealed and sealed.signer_name == "Phòng Nội vụ thị xã An Khê"
    out, status, _ = verification_json(bytes(sealed.content))
    assert status == 0 and out["signer"]["organisation"] == "UBND thị xã An Khê" and out["matches"] is True


def test_the_admin_lists_the_trusted_roots_and_warns_without_them(client, settings, personas, trusted):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin)
    page = client.get(reverse("admin:signatures_signedpdf_changelist")).content.decode()
    assert "CA thử nghiệm CCHC" in page and str(trusted) in page
    assert "trust-roots-warning" not in client.get(reverse("admin:index")).content.decode()
    settings.CCHC_TRUST_ROOTS = ""
    assert "Chưa cấu hình CCHC_TRUST_ROOTS" in client.get(reverse("admin:index")).content.decode()
    assert (
        "Chưa cấu hình CCHC_TRUST_ROOTS"
        in client.get(reverse("admin:signatures_signedpdf_changelist")).content.decode()
    )
    settings.CCHC_TRUST_ROOTS = str(trusted.parent / "khong-co.pem")
    assert "không có tệp hoặc thư mục" in client.get(reverse("admin:index")).content.decode()
