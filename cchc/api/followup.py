"""Review and follow-up routes of the API (INTERFACES.md, "Review and follow-up"): what changed in a
report, and the user's own notifications. Registered on the one NinjaAPI of views.py; permissions
are cchc.reporting.access's, as everywhere."""

from django.db import transaction
from django.http import Http404
from ninja import Query

from cchc.notifications import notify
from cchc.reporting import access
from cchc.reporting.diff import diff_json, report_diff

from . import schemas as s
from .views import ERRORS, _attach, _codes, api, ok


@api.get(
    "/reports/{unit}/{period}/diff",
    response={200: s.ReportDiff, **ERRORS, 422: s.Problem},
    summary="Thay đổi của báo cáo",
)
def diff(request, unit: str, period: str, against: str = Query(None, max_length=40)):
    """Số liệu và phần nội dung đã đổi: so với lần gửi bị trả lại gần nhất (mặc định), với một lần gửi
    (`against=version:N`) hoặc với kỳ trước của đơn vị (`against=previous-period`). `big`: thay đổi
    lớn hơn hệ số đột biến của biểu mẫu (×3). Quyền như khi đọc báo cáo."""
    _codes(unit, period)
    the_unit, the_period, report = access.report_for_user(request.user, unit, period, access.VIEW)
    return ok(diff_json(report_diff(_attach(report, the_unit, the_period), the_unit, the_period, against)))


@api.get(
    "/notifications", response={200: list[s.NotificationOut], **ERRORS, 422: s.Problem}, summary="Thông báo của tôi"
)
def notifications(request, unread: bool = False):
    """Thông báo của người dùng (mới nhất trước, tối đa 200): báo cáo bị trả lại, được tiếp nhận, đơn vị đã gửi,
    sắp đến hạn, quá hạn. `unread=true`: chỉ những thông báo chưa đọc."""
    if access.membership(request.user) is None:
        raise Http404("Tài khoản chưa được gán đơn vị.")
    qs = notify.for_user(request.user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return ok([notify.as_json(n) for n in qs[:200]])


@api.post(
    "/notifications/{notification_id}/read",
    response={200: s.NotificationOut, **ERRORS, 422: s.Problem},
    summary="Đánh dấu đã đọc",
)
def notification_read(request, notification_id: int):
    """Đánh dấu một thông báo của mình là đã đọc. Thông báo của người khác: 404."""
    if not 0 < notification_id < 2**62:
        raise Http404("Không có thông báo này.")
    with transaction.atomic():
        notify.mark_read(request.user, [notification_id])
        found = notify.for_user(request.user).filter(pk=notification_id).first()
    if found is None:
        raise Http404("Không có thông báo này.")
    return ok(notify.as_json(found))
