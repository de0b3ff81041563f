"""The leader's signed PDF as their signing (web page and API): accepted when intact, trusted and of
the report as stored; refused with the reason in Vietnamese otherwise, with nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.signatures.certs import flip_byte, sign

URL = "/api/v1/reports/NGO-MAY/2021-Q1/signed"


@pytest.fixture
def bearer(client, personas):
    """Headers of a fresh API token of the persona."""
    import json

    def make(key):
        username = {"leader_a": "ld.a", "officer_a": "cv.a", "leader_b": "ld.b", "coordinator": "noivu.test"}[key]
        from tests.conftest import PASSWORD

        r = client.post(
            "/api/v1/token",
            data=json.dumps({"username": username, "password": PASSWORD}),
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
        return {"HTTP_AUTHORIZATION": f"Bearer {r.json()['token']}"}

    return make


def _post_pdf(client, headers, data, content_type="application/pdf"):
    return client.generic("POST", URL, data=data, content_type=content_type, **headers)


def _nothing_stored(report):
    from cchc.reporting.models import Report
    from cchc.signatures.models import SignedPdf

    report = Report.objects.get(pk=report.pk)
    assert report.status == Report.Status.DRAFT and report.first_submitted_at is None and not report.digital_signer
    assert not SignedPdf.objects.exists()


def test_it_takes_the_leaders_signed_pdf_as_the_signing(client, bearer, personas, trusted, pki, draft, export_pdf):
    from cchc.audit.models import AuditEntry
    from cchc.reporting.models import Report

    signed = sign(export_pdf(draft), pki["leader"])
    r = _post_pdf(client, bearer("leader_a"), signed)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "submitted" and body["signed_revision"] == draft.revision
    assert body["signer"]["name"] == "Nguyễn Văn Lãnh Đạo"
    report = Report.objects.get(pk=draft.pk)
    # The same submission as "Ký ban hành": submitted now, a version, counted, timeliness from it.
    assert report.status == Report.Status.SUBMITTED and report.first_submitted_at is not None
    assert report.versions.count() == 1 and report.values.filter(counted=True).count() == 3
    assert report.signed_by_name == report.digital_signer == "Nguyễn Văn Lãnh Đạo"
    assert report.late_days() > 0  # 2021-Q1 was due on 05/03/2021
    assert AuditEntry.objects.filter(action="sign_pdf", object_id=str(report.pk)).count() == 1
    assert AuditEntry.objects.filter(action="submit", object_id=str(report.pk)).count() == 1
    got = client.get(URL, **bearer("coordinator"))
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf" and got.content == signed
    # The stored copy still verifies against the report, now one revision further on.
    from cchc.signatures.verify import verification_json

    out, status, _ = verification_json(got.content)
    assert status == 0 and out["matches"] is True


@pytest.mark.parametrize("case", ["tampered", "stranger", "expired", "unsigned", "not_pdf"])
def test_it_refuses_a_pdf_that_is_not_a_valid_trusted_signature(case, client, bearer, trusted, pki, draft, export_pdf):
    pdf = export_pdf(draft)
    data = {
        "tampered": lambda: flip_byte(sign(pdf, pki["leader"]), b"/CCHCDigest"),
        "stranger": lambda: sign(pdf, pki["stranger"]),
        "expired": lambda: sign(pdf, pki["expired"]),
        "unsigned": lambda: pdf,
        "not_pdf": lambda: b"%PDF-1.7 rubbish",
    }[case]()
    r = _post_pdf(client, bearer("leader_a"), data)
    assert r.status_code == 422, r.content
    detail = r.json()["detail"]
    assert {
        "tampered": "bị sửa sau khi ký",
        "stranger": "không thuộc tổ chức chứng thực",
        "expired": "đã hết hạn",
        "unsigned": "chưa được ký số",
        "not_pdf": "PDF",
    }[case] in detail
    _nothing_stored(draft)


def test_it_refuses_a_pdf_signed_over_an_earlier_revision(client, bearer, trusted, pki, draft, export_pdf):
    from cchc.reporting.actions import save_report

    report = save_report(draft.unit, draft.period, values={"1.1.1": 9, "1.1.2": 6, "3.4.1": "97,5"})
    signed_2 = sign(export_pdf(report), pki["leader"])
    report = save_report(draft.unit, draft.period, values={"1.1.1": 10, "1.1.2": 6, "3.4.1": "97,5"})
    assert report.revision == 3
    r = _post_pdf(client, bearer("leader_a"), signed_2)
    assert r.status_code == 422
    assert "phiên bản 2" in r.json()["detail"] and "phiên bản 3" in r.json()["detail"]
    _nothing_stored(report)


def test_only_the_units_leader_may_sign(client, bearer, trusted, pki, draft, export_pdf):
    signed = sign(export_pdf(draft), pki["leader"])
    assert _post_pdf(client, bearer("officer_a"), signed).status_code == 403
    assert _post_pdf(client, bearer("coordinator"), signed).status_code == 403
    assert _post_pdf(client, bearer("leader_b"), signed).status_code == 404
    assert _post_pdf(client, bearer("leader_a"), signed, content_type="application/json").status_code == 415
    assert client.get(URL, **bearer("leader_b")).status_code == 404
    assert client.get(URL, **bearer("leader_a")).status_code == 404  # nothing signed yet
    _nothing_stored(draft)
    # Once submitted, a second signing is a state conflict.
    assert _post_pdf(client, bearer("leader_a"), signed).status_code == 200
    assert _post_pdf(client, bearer("leader_a"), signed).status_code == 409


def test_the_web_page_offers_signing_and_shows_it_to_the_coordinator(client_as, trusted, pki, draft, export_pdf):
    from cchc.reporting.models import Report

    page = reverse("report", args=["NGO-MAY", "2021-Q1"])
    leader = client_as("leader_a")
    html = leader.get(page).content.decode()
    assert "Tải PDF để ký số" in html and "Tải lên bản đã ký số" in html
    assert "Tải lên bản đã ký số" not in client_as("officer_a").get(page).content.decode()
    leader = client_as("leader_a")
    upload = reverse("report_signed_upload", args=["NGO-MAY", "2021-Q1"])
    # A refusal names the reason and stores nothing.
    r = leader.post(
        upload, {"file": SimpleUploadedFile("bao-cao.pdf", sign(export_pdf(draft), pki["stranger"]), "application/pdf")}
    )
    assert r.status_code == 422 and "không thuộc tổ chức chứng thực" in r.content.decode()
    _nothing_stored(draft)
    signed = sign(export_pdf(draft), pki["leader"])
    r = leader.post(upload, {"file": SimpleUploadedFile("bao-cao-da-ky.pdf", signed, "application/pdf")})
    assert r.status_code == 302
    html = leader.get(page).content.decode()
    assert "Đã nhận bản ký số của Nguyễn Văn Lãnh Đạo" in html
    assert Report.objects.get(pk=draft.pk).status == Report.Status.SUBMITTED

    coordinator = client_as("coordinator")
    board = coordinator.get(reverse("board", args=["2021-Q1"])).content.decode()
    assert "Đã ký số: Nguyễn Văn Lãnh Đạo" in board
    review = coordinator.get(page).content.decode()
    assert "Đã ký số: <strong>Nguyễn Văn Lãnh Đạo</strong>" in review
    history = coordinator.get(reverse("report_history", args=["NGO-MAY", "2021-Q1"])).content.decode()
    assert "Bản đã ký số" in history and "Ký số: tải lên bản PDF đã ký số" in history
    got = coordinator.get(reverse("report_signed", args=["NGO-MAY", "2021-Q1"]))
    assert got.status_code == 200 and got.content == signed
    assert client_as("leader_b").get(reverse("report_signed", args=["NGO-MAY", "2021-Q1"])).status_code == 404

    # Returned, the mark goes: the signature was of the submission returned.
    coordinator.post(reverse("report_return", args=["NGO-MAY", "2021-Q1"]), {"reason": "Bổ sung mục 1.2."})
    assert "Đã ký số:" not in coordinator.get(reverse("board", args=["2021-Q1"])).content.decode()


def test_an_upload_over_the_size_cap_is_refused(client_as, settings, trusted, draft):
    settings.CCHC_UPLOAD_MAX_BYTES = 1000
    r = client_as("leader_a").post(
        reverse("report_signed_upload", args=["NGO-MAY", "2021-Q1"]),
        {"file": SimpleUploadedFile("to.pdf", b"%PDF-1.7 " + b"x" * 2000, "application/pdf")},
    )
    assert r.status_code == 413 and "quá lớn" in r.content.decode()
    _nothing_stored(draft)
