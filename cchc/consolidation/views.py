"""Phòng Nội vụ's pages: the consolidated report, the drill-down of one indicator, the yearly
compliance table (thi đua) and the leaders' dashboard. Coordinator and viewer only; the narrative
is edited by the coordinator only. Access goes through cchc.reporting.access."""

import math
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.catalog import narrative as outline
from cchc.catalog.models import Indicator
from cchc.office.dates import today_vn
from cchc.office.numbers import format_number
from cchc.orgunits.models import OrgUnit
from cchc.reporting import access, totals
from cchc.reporting.actions import ReportError
from cchc.reporting.downloads import EXPORT_FORMATS, attachment, download
from cchc.reporting.models import Period, Report, Value
from cchc.reporting.periods_ui import current_period
from cchc.reporting.timeliness import LABELS, LATE, NOT_SENT, ON_TIME, RETURNED, period_counts_bulk

from . import compliance as comp
from .documents import render_consolidated
from .figures import consolidate, consolidation_table, indicator_breakdown, missing_units_of, town_series
from .narrative import (
    AREAS,
    READING_PARTS,
    UNITS_PER_PAGE,
    discard_narrative,
    save_narrative,
    town_narrative,
    unit_texts,
)

DRILL_PAGE_SIZE = 100
MISSING_SHOWN = 100
MAX_CHOSEN_UNITS = 8
PICKER_UNITS = 60
PICKER_FOUND = 30


def _require_overview(user):
    if not access.sees_all_units(user):
        raise PermissionDenied("Chỉ cơ quan tổng hợp (Phòng/Sở Nội vụ) và lãnh đạo UBND xem trang này.")


def _period(code):
    period = Period.objects.filter(code=code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


def report_url(unit_code, period_code):
    """The unit's report page, whichever name the reporting pages give it."""
    for name in ("report_detail", "report"):
        try:
            return reverse(name, args=(unit_code, period_code))
        except NoReverseMatch:
            continue
    return ""


def _board_url(period):
    try:
        return reverse("board", args=[period.code])
    except NoReverseMatch:
        return ""


def _export_links(period):
    out = []
    for fmt, label in (("xlsx", "Xuất Excel"), ("docx", "Xuất Word")):
        try:
            out.append((reverse("consolidated_export", args=(period.code, fmt)), label))
        except NoReverseMatch:
            pass
    return out


@login_required
def consolidation(request, period_code):
    _require_overview(request.user)
    chosen = request.GET.get("ky")
    if chosen and chosen != period_code and Period.objects.filter(code=chosen).exists():
        # The period picker works without JavaScript too: its form submits ?ky=CODE here.
        return redirect("consolidation", period_code=chosen)
    period = _period(period_code)
    rows, figures, flags = consolidation_table(period)
    for row in rows:
        if row["figure"] and row["figure"]["rollup"] is not None:
            row["rollup_display"] = format_number(row["figure"]["rollup"], 2)
    # The first units missing by name; at a province's or a nation's scale the rest are counted and
    # listed by the status board, paged (a page naming thousands of units helps nobody).
    missing_qs = missing_units_of(period)
    missing = list(missing_qs.only("code", "name")[:MISSING_SHOWN])
    missing_total = len(missing) if len(missing) < MISSING_SHOWN else missing_qs.count()
    from .models import ConsolidatedReport

    saved = ConsolidatedReport.objects.filter(period=period).select_related("updated_by").first()
    text = town_narrative(period, saved)
    narrative = text["narrative"]
    return render(
        request,
        "consolidation/consolidation.html",
        {
            "period": period,
            "rows": rows,
            "flag_count": len(flags),
            "missing": missing,
            "missing_total": missing_total,
            "board_url": _board_url(period),
            "units_total": OrgUnit.objects.reporting().count(),
            "narrative": narrative,
            "headings": outline.HEADINGS,
            "areas": [(a, outline.heading(f"{outline.RESULTS}.{a}"), narrative["results"][a]) for a in AREAS],
            "saved": saved,
            "is_coordinator": access.is_coordinator(request.user),
            "draft_too_long": text["too_long"],
            "draft_units": text["units"],
            "draft_chars": text["chars"],
            "reading": _reading_links(period),
            "units_per_page": UNITS_PER_PAGE,
            "exports": _export_links(period),
            "periods": Period.objects.filter(year__in=[period.year - 1, period.year]).order_by("deadline"),
        },
    )


def _reading_links(period):
    """(address, heading) of each part of the units' texts (narrative_part)."""
    return [
        (reverse("consolidation_narrative_part", args=(period.code, slug)), _part_heading(path))
        for slug, path in READING_PARTS
    ]


def _part_heading(path):
    return outline.heading(".".join(path))


@login_required
@require_GET
def narrative_part(request, period_code, part):
    """One part of the narrative as the units wrote it, a page of units at a time: what the
    coordinator reads to write the town's text when the units' texts are too long for one page."""
    _require_overview(request.user)
    period = _period(period_code)
    paths = dict(READING_PARTS)
    if part not in paths:
        raise Http404("Không có phần nội dung này.")
    thematic, page = unit_texts(period, part, request.GET.get("trang"))
    rows = [
        {"code": code, "name": name, "text": text, "cut": cut, "link": report_url(code, period.code)}
        for code, name, text, cut in page.object_list
    ]
    return render(
        request,
        "consolidation/narrative_part.html",
        {
            "period": period,
            "heading": _part_heading(paths[part]),
            "thematic": thematic,
            "page": page,
            "rows": rows,
            "parts": _reading_links(period),
            "current": reverse("consolidation_narrative_part", args=(period.code, part)),
        },
    )


@login_required
@require_POST
def narrative_save(request, period_code):
    if not access.is_coordinator(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được sửa nội dung báo cáo tổng hợp.")
    period = _period(period_code)
    from django.contrib import messages

    if request.POST.get("action") == "discard":
        discard_narrative(period, by=request.user)
        messages.success(request, "Đã bỏ bản sửa; nội dung được tổng hợp lại từ báo cáo của các đơn vị.")
        return redirect(reverse("consolidation", args=[period.code]) + "#noi-dung")
    narrative = {
        "organisation": request.POST.get("organisation", ""),
        "results": {a: request.POST.get(f"results_{a}", "") for a in AREAS},
        "difficulties": request.POST.get("difficulties", ""),
        "proposals": request.POST.get("proposals", ""),
    }
    try:
        save_narrative(period, narrative, by=request.user)
    except ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu nội dung báo cáo tổng hợp.")
    return redirect(reverse("consolidation", args=[period.code]) + "#noi-dung")


@login_required
def indicator_detail(request, period_code, code):
    """Drill-down: every unit's figure for one indicator, with links to the reports."""
    _require_overview(request.user)
    period = _period(period_code)
    form = period.form()
    indicator = form.indicators.select_related("responsible").filter(code=code).first() if form else None
    if indicator is None or not indicator.has_value:
        raise Http404("Không có chỉ tiêu này trong biểu mẫu của kỳ.")
    units = OrgUnit.objects.reporting()
    kind = request.GET.get("loai", "")
    only = request.GET.get("chi", "")
    values = Value.objects.filter(period=period, indicator=indicator)
    if kind in OrgUnit.Kind.values:
        units = units.filter(kind=kind)
        values = values.filter(unit__kind=kind)
    if only == "co-so-lieu":
        units = units.filter(pk__in=values.values("unit_id"))
    # Paged in SQL: only the page's units are read with their figures.
    page = Paginator(units.only("code", "name", "kind"), DRILL_PAGE_SIZE).get_page(request.GET.get("trang"))
    page.object_list = indicator_breakdown(period, indicator, list(page.object_list))
    for r in page.object_list:
        r["link"] = report_url(r["unit"].code, period.code)
    # How many reporting units' figures count: from the kept figures, not a count of the values.
    counted_n = sum(
        n
        for (ind, k), (n, _total) in totals.kept(period).items()
        if ind == indicator.pk and k and (k == kind or kind not in OrgUnit.Kind.values)
    )
    params = urlencode({k: v for k, v in (("loai", kind), ("chi", only)) if v})
    return render(
        request,
        "consolidation/indicator.html",
        {
            "period": period,
            "indicator": indicator,
            "page": page,
            "counted_n": counted_n,
            "kinds": OrgUnit.Kind.choices,
            "kind": kind,
            "only": only,
            "query_string": params,
            "status_labels": dict(Report.Status.choices),
        },
    )


def _year(year):
    if not Period.objects.filter(year=year).exists():
        raise Http404("Không có kỳ báo cáo nào của năm này.")
    return year


@login_required
def compliance(request, year):
    _require_overview(request.user)
    _year(year)
    # Ranked and paged by the database: only the page's units are read with their cells.
    periods, page, total = comp.compliance_page(year, request.GET.get("trang"), per_page=100)
    try:
        xlsx_url = reverse("compliance_xlsx", args=[year])
    except NoReverseMatch:
        xlsx_url = ""
    years = sorted(set(Period.objects.values_list("year", flat=True)))
    return render(
        request,
        "consolidation/compliance.html",
        {
            "year": year,
            "periods": periods,
            "page": page,
            "formula": comp.formula_text(),
            "xlsx_url": xlsx_url,
            "years": years,
            "total": total,
            "labels": LABELS,
        },
    )


@login_required
def compliance_xlsx(request, year):
    _require_overview(request.user)
    _year(year)
    return attachment(comp.compliance_xlsx(year), f"thi-dua-bao-cao-cchc-{year}.xlsx", "xlsx")


@login_required
def dashboard(request):
    _require_overview(request.user)
    today = today_vn()
    current = current_period(today)
    if current is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    periods = list(Period.objects.order_by("deadline"))
    # The counts of every period due and of the current one, in one pass over the reports' index.
    due = [p for p in periods if p.deadline < today or p.pk == current.pk]
    counted = dict(zip([p.pk for p in due], period_counts_bulk(due), strict=True))
    # Progress of the current period: on time, late, not yet counted (missing / still in draft).
    counts = counted[current.pk]
    progress = {
        "labels": [LABELS[ON_TIME], LABELS[LATE], LABELS[RETURNED], NOT_SENT],
        "values": [
            counts["on_time_total"],
            counts["late_total"],
            counts["returned"],
            counts["not_started"] + counts["draft"],
        ],
    }
    # On-time rate of every period whose deadline has passed (or the current one).
    rates = {
        "labels": [],
        "on_time": [],
        "late": [],
        "missing": [],
        "names": [LABELS[ON_TIME], LABELS[LATE], f"{NOT_SENT} hoặc bị trả lại"],
    }
    for p in due:
        c = counted[p.pk]
        total = c["total"] or 1
        rates["labels"].append(p.title)
        rates["on_time"].append(round(100 * c["on_time_total"] / total, 1))
        rates["late"].append(round(100 * c["late_total"] / total, 1))
        rates["missing"].append(round(100 * (c["total"] - c["on_time_total"] - c["late_total"]) / total, 1))
    # An indicator's town figure across periods and years, with chosen units beside it.
    form = current.form()
    indicators = (
        list(
            form.indicators.exclude(kind__in=[Indicator.Kind.HEADING, Indicator.Kind.CHOICE])
            .order_by("position")
            .values_list("code", "name", "kind")
        )
        if form
        else []
    )
    choosable = [(c, n) for c, n, _ in indicators]
    kinds = {c: k for c, _, k in indicators}
    codes = {c for c, _ in choosable}
    code = request.GET.get("chi-tieu") or ("3.1.3" if "3.1.3" in codes else (choosable[0][0] if choosable else ""))
    if code not in codes:
        code = choosable[0][0] if choosable else ""
    chosen = [c for c in request.GET.getlist("don-vi") if c][:MAX_CHOSEN_UNITS]
    series = town_series(code, periods, chosen, year=current.year) if code else {"labels": [], "town": [], "units": {}}
    name = dict(choosable).get(code, "")
    axis = series_axis(series, kinds.get(code) == Indicator.Kind.PERCENT)
    # The chosen units first, then the first units of the list; beyond PICKER_UNITS the picker
    # searches the server (unit_search) instead of the page carrying every unit of a province.
    reporting = OrgUnit.objects.reporting().only("code", "name")
    units = list(reporting.filter(code__in=chosen)) + list(reporting.exclude(code__in=chosen)[:PICKER_UNITS])
    partial = len(units) - len(chosen) >= PICKER_UNITS
    return render(
        request,
        "consolidation/dashboard.html",
        {
            "current": current,
            "counts": counts,
            "today": today,
            "progress": list(zip(progress["labels"], progress["values"], strict=True)),
            "chart_data": {
                "progress": progress,
                "rates": rates,
                "series": dict(series, title=f"{code} {name}", town_label="Thị xã", axis=axis),
                "max_units": MAX_CHOSEN_UNITS,
            },
            "choosable": choosable,
            "code": code,
            "chosen": chosen,
            "max_units": MAX_CHOSEN_UNITS,
            "units": units,
            "partial": partial,
        },
    )


@login_required
@require_GET
def unit_search(request):
    """The dashboard's unit picker asks here as one types: [{code, name}] of the reporting units
    whose name or code contains the words, case and diacritics ignored."""
    _require_overview(request.user)
    query = request.GET.get("q", "")[:100]
    found = OrgUnit.objects.reporting().search(query).values_list("code", "name")[:PICKER_FOUND]
    return JsonResponse({"units": [{"code": c, "name": n} for c, n in found]})


def series_axis(series, percent):
    """The y axis of the series chart. Counts start at 0. Percentages of a town's units sit between
    90 and 100 as a rule: drawn from 0 the lines lie on top of each other, so the axis starts a
    little below the lowest figure (never below 0) and ends near the highest (100 at most), and
    the ticks say "%"."""
    if not percent:
        return {"percent": False, "begin_at_zero": True}
    values = [v for v in series["town"] if v is not None]
    values += [v for u in series["units"].values() for v in u["values"] if v is not None]
    if not values:
        return {"percent": True, "begin_at_zero": True, "suggested_max": 100}
    lo, hi = float(min(values)), float(max(values))
    pad = max(2.0, (hi - lo) * 0.25)
    return {
        "percent": True,
        "begin_at_zero": False,
        "suggested_min": max(0, math.floor(lo - pad)),
        "suggested_max": min(100, math.ceil(hi + pad)),
    }


@login_required
@require_GET
def consolidated_export(request, period_code, fmt):
    if not access.sees_all_units(request.user):
        raise PermissionDenied("Chỉ cơ quan tổng hợp (Phòng/Sở Nội vụ) và lãnh đạo UBND được tải báo cáo tổng hợp.")
    if fmt not in EXPORT_FORMATS:
        raise Http404("Không có định dạng này.")
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return download(
        request,
        fmt,
        f"tong-hop-{period.code}",
        data=lambda: consolidate(period),
        render=lambda: render_consolidated(period, fmt),
    )
