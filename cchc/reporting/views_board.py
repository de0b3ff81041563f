"""Where each role lands: a unit's reports of the year, and the status board of a period."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cchc.orgunits.models import OrgUnit
from cchc.reporting.timeliness import BOARD_CATEGORIES, LABELS, board_units, period_counts, period_status

from . import access
from .models import Period, Report
from .periods_ui import current_period
from .views_common import _no_membership, _timing

BOARD_PAGE_SIZE = 50


@login_required
def home(request):
    """Each role lands where its work is: a unit's users on their reports of the year, Phòng Nội vụ
    and the town's leaders on the board of the period being collected."""
    m = access.membership(request.user)
    if m is None:
        return _no_membership(request)
    today = timezone.localdate()
    period = current_period(today)
    if access.sees_all_units(request.user):
        if period is None:
            raise Http404("Chưa có kỳ báo cáo nào.")
        return redirect("board", period_code=period.code)
    year = period.year if period else today.year
    return redirect("unit_reports", unit_code=m.unit.code, year=year)


# --- A unit's reports of a year ----------------------------------------------------------------


@login_required
def unit_reports(request, unit_code, year):
    if access.membership(request.user) is None:
        return _no_membership(request)
    unit = access.visible_units(request.user).filter(code=unit_code).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    today = timezone.localdate()
    periods = list(Period.objects.filter(year=year).order_by("deadline"))
    reports = {r.period_id: r for r in Report.objects.filter(unit=unit, period__year=year)}
    rows = []
    for period in periods:
        report = reports.get(period.pk)
        rows.append({"period": period, "report": report, **_timing(period, report, today)})
    years = sorted(set(Period.objects.values_list("year", flat=True)))
    return render(
        request,
        "reporting/unit_reports.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "rows": rows,
            "today": today,
            "can_edit": access.can(request.user, access.EDIT, unit),
        },
    )


# --- Status board ---------------------------------------------------------------------------


@login_required
def board_current(request):
    if not access.sees_all_units(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ và lãnh đạo UBND xem bảng theo dõi.")
    # The period picker of the board posts here (?ky=CODE), so it works without JavaScript too.
    chosen = request.GET.get("ky", "")
    period = (Period.objects.filter(code=chosen).first() if chosen else None) or current_period(timezone.localdate())
    if period is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    return redirect("board", period_code=period.code)


@login_required
def board(request, period_code):
    """Every reporting unit × its report's status for a period, a page at a time."""
    if access.membership(request.user) is None:
        return _no_membership(request)
    if not access.sees_all_units(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ và lãnh đạo UBND xem bảng theo dõi.")
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    # Counted, filtered and paged in SQL: a page costs the same at ten units and ten thousand.
    counts = period_counts(period)
    category = request.GET.get("trang-thai", "")
    kind = request.GET.get("loai", "")
    query = " ".join(request.GET.get("q", "").split())
    units = board_units(
        period,
        category=category if category in BOARD_CATEGORIES else "",
        kind=kind if kind in OrgUnit.Kind.values else "",
        query=query,
    )
    page = Paginator(units, BOARD_PAGE_SIZE).get_page(request.GET.get("trang"))
    page.object_list = period_status(period, list(page.object_list))
    params = {k: v for k, v in (("trang-thai", category), ("loai", kind), ("q", query)) if v}
    from urllib.parse import urlencode

    return render(
        request,
        "reporting/board.html",
        {
            "period": period,
            "periods": Period.objects.filter(year__in=[period.year - 1, period.year, period.year + 1]).order_by(
                "deadline"
            ),
            "page": page,
            "total": counts["total"],
            "counts": [(k, LABELS[k], counts[k]) for k in BOARD_CATEGORIES],
            "category": category,
            "kind": kind,
            "q": query,
            "kinds": OrgUnit.Kind.choices,
            "query_string": urlencode(params),
            "is_coordinator": access.is_coordinator(request.user),
            "today": timezone.localdate(),
            "days_left": period.days_left(timezone.localdate()),
            "base_url": reverse("board", args=[period.code]),
        },
    )
