"""Attaching a signed PDF: verified, matched to what is stored, kept whole, audited — all in one
transaction, or nothing at all. A unit's signed report is the leader's signing itself: the same
submission as "Ký ban hành" (cchc.reporting.actions.submit_report), so timeliness, versions and the
consolidation follow as they do for the button."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cchc.audit.log import record
from cchc.office import pdf
from cchc.office.numbers import format_megabytes
from cchc.reporting.actions import ReportError, WrongState, submit_report
from cchc.reporting.models import Report

from . import verify
from .models import SignedPdf

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.models import Period


class SignatureRefused(ReportError):
    """The PDF is not accepted: not a PDF, unsigned, tampered with, untrusted, expired, or not of the
    report as stored now. Nothing is stored."""

    status = 422


class SignatureTooLarge(SignatureRefused):
    status = 413


def max_bytes() -> int:
    return settings.CCHC_UPLOAD_MAX_BYTES


def verified(data: bytes) -> pdf.SignatureCheck:
    """The pdf.SignatureCheck of `data`, refused with the reasons unless it is intact and trusted.
    No database work: callers verify before taking the report's lock (SQLite has one writer)."""
    if len(data) > max_bytes():
        raise SignatureTooLarge(
            f"Tệp PDF quá lớn ({format_megabytes(len(data))} MB; tối đa {format_megabytes(max_bytes())} MB)."
        )
    try:
        check = verify.inspect(data)
    except verify.NotPdf as exc:
        raise SignatureRefused(str(exc)) from None
    except verify.Unsigned:
        raise SignatureRefused("Tệp PDF chưa được ký số: hãy ký số tệp đã tải về rồi tải lên lại.") from None
    if check.problems:
        raise SignatureRefused("Không nhận tệp PDF đã ký số: " + " ".join(check.problems))
    return check


def _require_match(check, *, unit, period):
    """Refused unless the signed entries are of `unit`'s report for `period` as stored now (under lock)."""
    wrong = verify.mismatch(check.fields, unit=unit, period=period)
    if wrong:
        raise SignatureRefused("Không nhận tệp PDF đã ký số: " + wrong)


def _store(check, data, *, kind, unit, period, by, at, report=None, version=None, sealed=False):
    return SignedPdf.objects.create(
        kind=kind,
        unit=unit,
        period=period,
        report=report,
        revision=verify._int(check.fields.get("revision")),
        version=version,
        digest=check.fields.get("digest", ""),
        content=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        signer_name=check.signer.name[:255],
        signer_organisation=check.signer.organisation[:255],
        signer_serial=check.signer.serial[:80],
        signer_issuer=check.signer.issuer[:255],
        signed_at=check.signed_at,
        sealed=sealed,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        uploaded_at=at,
    )


def attach_signed_report(
    unit: OrgUnit,
    period: Period,
    data: bytes,
    *,
    by: User,
    at: dt.datetime | None = None,
    check: pdf.SignatureCheck | None = None,
) -> tuple[Report, SignedPdf]:
    """The leader's report signed as a PDF: verified, then submitted exactly as "Ký ban hành" does,
    with the certificate's holder as the signer. Returns (report, SignedPdf). `check` is
    verified(data) when the caller has already made it."""
    check = check or verified(data)
    with transaction.atomic():
        return _attach_report(unit, period, data, check, by=by, at=at)


def _attach_report(unit, period, data, check, *, by, at):
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("unit", "period")
        .filter(unit=unit, period=period)
        .first()
    )
    if report is None:
        raise WrongState("Đơn vị chưa có báo cáo kỳ này: hãy lưu bản nháp, tải PDF để ký số rồi tải lên.")
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise WrongState(f"Báo cáo đang ở trạng thái «{report.get_status_display()}», không ký số được nữa.")
    _require_match(check, unit=unit, period=period)
    at = at or timezone.now()
    report = submit_report(report, by=by, at=at, signed_by_name=check.signer.name)
    report.digital_signer = check.signer.name[:255]
    report.digitally_signed_at = check.signed_at or at
    report.save(update_fields=["digital_signer", "digitally_signed_at"])
    version = report.versions.count()
    signed = _store(
        check, data, kind=SignedPdf.Kind.REPORT, unit=unit, period=period, by=by, at=at, report=report, version=version
    )
    record(
        "sign_pdf",
        user=by,
        unit=unit,
        period=period,
        obj=report,
        at=at,
        version=version,
        signed_by=check.signer.name,
        signed_at=check.signed_at.isoformat() if check.signed_at else None,
        serial=check.signer.serial,
        issuer=check.signer.issuer,
        sha256=signed.sha256,
        size=signed.size,
    )
    return report, signed


@transaction.atomic
def attach_signed_consolidated(period: Period, data: bytes, *, by: User, at: dt.datetime | None = None) -> SignedPdf:
    """The town's consolidated report for `period`, signed as a PDF by its leader (or sealed)."""
    from cchc.consolidation.documents import the_town

    town = the_town()
    check = verified(data)
    _require_match(check, unit=town, period=period)
    at = at or timezone.now()
    signed = _store(check, data, kind=SignedPdf.Kind.CONSOLIDATED, unit=town, period=period, by=by, at=at)
    record(
        "sign_pdf_consolidated",
        user=by,
        unit=town,
        period=period,
        obj=signed,
        at=at,
        signed_by=check.signer.name,
        serial=check.signer.serial,
        sha256=signed.sha256,
        size=signed.size,
    )
    return signed


def seal_available() -> bool:
    return bool(settings.CCHC_SEAL_P12)


def seal_consolidated(period: Period, *, by: User, at: dt.datetime | None = None) -> SignedPdf:
    """The consolidated PDF signed by the server with the office's certificate (CCHC_SEAL_P12, its
    password in CCHC_SEAL_PASSWORD), verified like any upload and stored."""
    from cchc.consolidation.documents import render_consolidated

    if not seal_available():
        raise SignatureRefused("Máy chủ chưa cấu hình chứng thư số của cơ quan (CCHC_SEAL_P12).")
    try:
        with open(settings.CCHC_SEAL_P12, "rb") as fh:
            p12 = fh.read()
    except OSError as exc:
        raise SignatureRefused(f"Không đọc được CCHC_SEAL_P12 ({exc.strerror}).") from None
    content = render_consolidated(period, "pdf")
    password = settings.CCHC_SEAL_PASSWORD.encode("utf-8") if settings.CCHC_SEAL_PASSWORD else None
    try:
        sealed = pdf.seal(content, p12, password, reason=f"Báo cáo tổng hợp CCHC {period.summary_title}")
    except ValueError:
        raise SignatureRefused(
            "Không mở được CCHC_SEAL_P12 (sai mật khẩu CCHC_SEAL_PASSWORD hoặc không phải tệp PKCS#12)."
        ) from None
    with transaction.atomic():
        signed = attach_signed_consolidated(period, sealed, by=by, at=at)
        signed.sealed = True
        signed.save(update_fields=["sealed"])
    return signed
