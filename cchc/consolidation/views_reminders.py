"""The reminder log of a period for Phòng Nội vụ (who was written to, when, delivered or failed),
and "gửi nhắc ngay": a preview of who would be written to, then the sending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.reporting import access
from cchc.reporting.models import Period, Report

from . import reminders
from .models import ReminderLog

KIND_TEXT = {"before": "Trước hạn {n} ngày", "after": "Quá hạn {n} ngày"}


def kind_text(kind):
    if kind.startswith("manual-"):
        return "Phòng Nội vụ gửi ngay"
    head, _, n = kind.partition("-")
    return KIND_TEXT.get(head, kind).format(n=n)


def _period(request, period_code):
    if not access.is_coordinator(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ xem nhật ký và gửi nhắc hạn.")
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


# A province's or a nation's reminders run to thousands a period: the log is read a page at a time
# (newest first, paged in SQL) and the preview lists its first units, its counts covering them all.
LOG_PAGE_SIZE = 100
PREVIEW_SHOWN = 100


@login_required
def reminder_log(request, period_code):
    period = _period(request, period_code)
    logs = ReminderLog.objects.filter(period=period).select_related("unit").order_by("-sent_at", "unit__position", "pk")
    page = Paginator(logs, LOG_PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [{"row": r, "kind": kind_text(r.kind)} for r in page.object_list]
    counts = logs.aggregate(delivered=Count("pk", filter=Q(error="")), failed=Count("pk", filter=~Q(error="")))
    preview = reminders.manual_preview(period) if request.GET.get("xem-truoc") else None
    labels = dict(Report.Status.choices)
    shown = preview[:PREVIEW_SHOWN] if preview is not None else None
    for item in shown or ():
        item["status_label"] = labels[item["status"]]
    return render(
        request,
        "consolidation/reminders.html",
        {
            "period": period,
            "rows": rows,
            "page": page,
            "counts": counts,
            "preview": shown,
            "preview_more": len(preview) - len(shown) if preview is not None else 0,
            "to_send": sum(1 for p in preview or () if not p["sent"]),
            "no_address": sum(1 for p in preview or () if not p["recipients"] and not p["sent"]),
        },
    )


@login_required
@require_POST
def reminder_send(request, period_code):
    period = _period(request, period_code)
    results = reminders.send_manual(period, by=request.user)
    sent = sum(r["sent"] for r in results)
    failed = [r for r in results if r["error"]]
    if failed:
        messages.warning(request, f"Đã gửi {sent} thư nhắc; {len(failed)} đơn vị không gửi được (xem cột lỗi).")
    else:
        messages.success(request, f"Đã gửi {sent} thư nhắc.")
    return redirect("reminder_log", period_code=period.code)
