"""The signed report over the API (INTERFACES.md, "Digital signatures"): the leader posts the PDF
signed with their certificate, which is their signing ("Ký ban hành"); anyone who may read the report
gets the latest signed copy back. The rules and the write are cchc.signatures'."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from cchc.reporting import access
from cchc.signatures import actions
from cchc.signatures.models import SignedPdf

from . import schemas as s
from .views import ERRORS, WRITE_ERRORS, _codes, _for_write, api, ok, problem
from .writers import one_writer


def signed_json(signed, report):
    return {
        "unit": signed.unit.code,
        "period": signed.period.code,
        "status": report.status,
        "revision": report.revision,
        "signed_revision": signed.revision,
        "version": signed.version,
        "signer": {
            "name": signed.signer_name,
            "organisation": signed.signer_organisation,
            "serial": signed.signer_serial,
            "issuer": signed.signer_issuer,
        },
        "signed_at": timezone.localtime(signed.signed_at).isoformat() if signed.signed_at else None,
        "submitted_at": timezone.localtime(report.submitted_at).isoformat(),
        "late_days": report.late_days(),
        "size": signed.size,
        "sha256": signed.sha256,
    }


@api.post(
    "/reports/{unit}/{period}/signed",
    response={200: dict, **WRITE_ERRORS, 413: s.Problem, 415: s.Problem},
    summary="Gửi báo cáo đã ký số (PDF)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def post_signed(request, unit: str, period: str):
    """Lãnh đạo đơn vị gửi tệp PDF của báo cáo (tải từ hệ thống) đã ký số bằng chứng thư số của mình, nội dung
    `application/pdf`. Tệp được kiểm tra: chữ ký nguyên vẹn, chứng thư số do tổ chức chứng thực tin cậy cấp và còn
    hạn, đúng đơn vị, kỳ, phiên bản và số liệu đang lưu; không đạt → 422 kèm lý do, không lưu gì. Đạt → báo cáo được
    gửi như «Ký ban hành» và bản ký số được lưu."""
    # Signing is sending (access.SUBMIT): the one decision, as on the report page.
    the_unit, the_period, report = _for_write(request, unit, period, access.SUBMIT)
    kind = (request.content_type or "").lower()
    if kind != "application/pdf":
        return problem(415, "Nội dung gửi lên phải là tệp PDF (Content-Type: application/pdf).")
    data = request.body  # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413)
    if len(data) > actions.max_bytes():
        return problem(413, "Tệp PDF quá lớn.")
    check = actions.verified(data)  # seconds' worth of crypto at most, outside the writers' queue
    with one_writer():
        done, signed = actions.attach_signed_report(the_unit, the_period, data, by=request.user, check=check)
    return ok(signed_json(signed, done))


@api.get(
    "/reports/{unit}/{period}/signed",
    response={200: None, **ERRORS},
    summary="Tải báo cáo đã ký số (PDF)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Tệp PDF đã ký số mới nhất",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_signed(request, unit: str, period: str):
    """Bản PDF đã ký số mới nhất của báo cáo (như đã tải lên, từng byte)."""
    _codes(unit, period)
    _, _, report = access.report_for_user(request.user, unit, period, access.VIEW)
    signed = (
        SignedPdf.objects.filter(report=report, kind=SignedPdf.Kind.REPORT).order_by("-uploaded_at", "-pk").first()
        if report is not None
        else None
    )
    if signed is None:
        raise Http404("Báo cáo chưa có bản ký số.")
    response = HttpResponse(bytes(signed.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{signed.filename}"'
    return response
