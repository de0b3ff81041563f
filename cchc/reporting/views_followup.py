"""Pages of review and follow-up that are not the report page itself: a report compared with a
version or with the unit's previous period; the status board as xlsx and the urging letter (công
văn đôn đốc) as .docx. Permissions through cchc.reporting.access, as everywhere."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import access
from .actions import ReportError
from .downloads import attachment
from .models import Period
from .templatetags.review import comparison


@login_required
def report_compare(request, unit_code, period_code):
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    against = request.GET.get("so-voi") or "previous-period"
    try:
        diff = comparison(report, unit, period, against)
    except ReportError as exc:
        return render(
            request,
            "reporting/message.html",
            {"title": "Không so sánh được", "message": exc.message},
            status=exc.status,
        )
    versions = list(report.versions.order_by("number").values_list("number", "submitted_at")) if report else []
    return render(
        request,
        "reporting/compare.html",
        {
            "unit": unit,
            "period": period,
            "report": report,
            "diff": diff,
            "versions": versions,
            "against": diff["against"],
        },
    )


def _board_period(request, period_code):
    if access.membership(request.user) is None or not access.sees_all_units(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ và lãnh đạo UBND xem bảng theo dõi.")
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


@login_required
def board_xlsx(request, period_code):
    from .board_files import board_workbook

    period = _board_period(request, period_code)
    return attachment(board_workbook(period, timezone.now()), f"theo-doi-{period.code}.xlsx", "xlsx")


@login_required
def board_letter(request, period_code):
    """Soạn công văn đôn đốc: only Phòng Nội vụ drafts the town's letters."""
    from .board_files import urging_letter

    period = _board_period(request, period_code)
    if not access.is_coordinator(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ soạn công văn đôn đốc.")
    return attachment(urging_letter(period, timezone.now()), f"cong-van-don-doc-{period.code}.docx", "docx")
