"""Pages of the digital signature: the leader uploads the report signed with their own tool (it is
their "Ký ban hành"), anyone who reads the report downloads the signed copies, and Phòng Nội vụ
attaches — or has the server seal — the signed consolidated report of a period."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.office.dates import ddmmyyyy
from cchc.office.numbers import format_megabytes
from cchc.reporting import access
from cchc.reporting.actions import ReportError, ValidationFailed
from cchc.reporting.documents import Unavailable
from cchc.reporting.downloads import message_page, report_page_url
from cchc.reporting.models import Period
from cchc.reporting.timeliness import sent_label

from . import actions, rules
from .models import SignedPdf


def _read_upload(request):
    """The uploaded file's bytes, read through the size cap; SignatureRefused otherwise."""
    upload = request.FILES.get("file")
    if upload is None:
        raise actions.SignatureRefused("Chọn tệp PDF đã ký số cần tải lên.")
    limit = actions.max_bytes()
    if upload.size > limit:
        raise actions.SignatureTooLarge(
            f"Tệp {upload.name} quá lớn ({format_megabytes(upload.size)} MB); tối đa {format_megabytes(limit)} MB."
        )
    return upload.read(limit + 1)


def _chosen(request, found):
    """The copy named by ?ban=ID among `found`, else the latest."""
    chosen = request.GET.get("ban", "")
    if chosen:
        return found.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 12 else None
    return found.order_by("-uploaded_at", "-pk").first()


def pdf_response(signed):
    response = HttpResponse(bytes(signed.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{signed.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_signed_upload(request, unit_code, period_code):
    """«Tải lên bản đã ký số»: the leader's signing, or a refusal naming why (nothing stored)."""
    unit, period, _ = rules.require_report_signer(request.user, unit_code, period_code)
    back = report_page_url(unit.code, period.code)
    try:
        data = _read_upload(request)
        report, signed = actions.attach_signed_report(unit, period, data, by=request.user)
    except ValidationFailed as exc:
        lines = [exc.message] + ([i.message for i in exc.result.errors] if exc.result else [])
        return message_page(request, "Chưa ký số được báo cáo", lines, exc.status)
    except ReportError as exc:
        return message_page(request, "Không nhận tệp PDF đã ký số", [exc.message], exc.status)
    messages.success(
        request,
        f"Đã nhận bản ký số của {signed.signer_name} và gửi báo cáo lúc "
        f"{ddmmyyyy(report.submitted_at)}, {sent_label(report.late_days()).lower()}.",
    )
    return redirect(back)


@login_required
@require_GET
def report_signed_download(request, unit_code, period_code):
    """A signed copy of the report (the latest, or ?ban=ID), for whoever may read the report."""
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    found = SignedPdf.objects.filter(report=report, kind=SignedPdf.Kind.REPORT) if report else SignedPdf.objects.none()
    signed = _chosen(request, found)
    if signed is None:
        raise Http404("Báo cáo chưa có bản ký số.")
    return pdf_response(signed)


def _consolidation_url(period):
    return reverse("consolidation", args=[period.code])


def _period(code):
    period = Period.objects.filter(code=code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


@login_required
@require_POST
def consolidated_signed_upload(request, period_code):
    rules.require_consolidated_signer(request.user)
    period = _period(period_code)
    try:
        signed = actions.attach_signed_consolidated(period, _read_upload(request), by=request.user)
    except ReportError as exc:
        return message_page(request, "Không nhận tệp PDF đã ký số", [exc.message], exc.status)
    messages.success(request, f"Đã lưu báo cáo tổng hợp {period.title} ký số bởi {signed.signer_name}.")
    return redirect(_consolidation_url(period))


@login_required
@require_POST
def consolidated_seal(request, period_code):
    """The server signs the consolidated PDF with the office's certificate (CCHC_SEAL_P12)."""
    rules.require_consolidated_signer(request.user)
    period = _period(period_code)
    try:
        signed = actions.seal_consolidated(period, by=request.user)
    except (ReportError, Unavailable) as exc:
        return message_page(request, "Không ký số được báo cáo tổng hợp", [exc.message], getattr(exc, "status", 503))
    messages.success(
        request, f"Máy chủ đã ký số báo cáo tổng hợp {period.title} bằng chứng thư số của {signed.signer_name}."
    )
    return redirect(_consolidation_url(period))


@login_required
@require_GET
def consolidated_signed_download(request, period_code):
    if not access.sees_all_units(request.user):
        raise Http404("Không có bản ký số này.")
    period = _period(period_code)
    found = SignedPdf.objects.filter(period=period, kind=SignedPdf.Kind.CONSOLIDATED)
    signed = _chosen(request, found)
    if signed is None:
        raise Http404("Báo cáo tổng hợp chưa có bản ký số.")
    return pdf_response(signed)
