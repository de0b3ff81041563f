"""Files on the report page: the blank Excel form, downloads of a report (xlsx, docx, pdf, json),
and the upload of a filled workbook with a preview before storing.

Between preview and confirm the parsed figures wait in the session, never in the page: a re-posted
list of values could be anything. Confirming stores them through save_report with the revision the
preview was made against, so a report someone saved meanwhile is not overwritten unseen.

A cell left blank in the file where the report has a figure is listed on the preview; by default
the stored figure stays ("Chỉ cập nhật các ô có số liệu"), and only "Thay toàn bộ theo tệp" clears
it — the rule of files.merge_import, which `cchc import` follows too (`--replace` there).

The file may be a workbook (.xlsx, .xls, .ods) or the unit's own Word report (.docx): then the
narrative parts found under its headings are previewed beside the stored text, and whatever fits
no part is listed, before anything is stored.
"""

import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cchc.office.numbers import format_megabytes

from . import access
from .actions import ReportError, StaleReport, check, report_json, save_report, spec_for
from .documents import render_report
from .downloads import EXPORT_FORMATS, attachment, download, message_page, report_page_url
from .files import Invalid, Payload, Unreadable, merge_import, read_report_bytes

SESSION_KEY = "cchc-upload"
FILLED_PARAM = "co-so-lieu"
# How confirming an upload treats an indicator the file leaves blank but the report has a figure for.
MERGE, REPLACE = "merge", "replace"
# What the upload takes: the workbooks and a Word report; the macro-enabled twins reach the reader
# so that it refuses them with its own message ("có macro…").
UPLOAD_SUFFIXES = (".xlsx", ".xls", ".ods", ".docx", ".xlsm", ".docm")
UPLOAD_TEXT = "tệp Excel (.xlsx, .xls), bảng tính .ods hoặc báo cáo Word (.docx)"


@login_required
@require_GET
def report_template(request, unit_code, period_code):
    """The Excel form of the report: blank, or with ?co-so-lieu=1 pre-filled with the figures stored
    now (what the report page offers first, so that a file sent back carries the whole report)."""
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    from .xlsx import template_bytes

    filled = request.GET.get(FILLED_PARAM) == "1" and report is not None
    try:
        content = template_bytes(unit, period, report.value_map() if filled else None)
    except ReportError as exc:
        return message_page(request, "Không tạo được biểu mẫu", [exc.message], 404)
    suffix = "-co-so-lieu" if filled else ""
    return attachment(content, f"bieu-mau-{unit.code}-{period.code}{suffix}.xlsx", "xlsx")


@login_required
@require_GET
def report_export(request, unit_code, period_code, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404("Không có định dạng này.")
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    if report is None:
        raise Http404("Đơn vị chưa có báo cáo kỳ này.")
    return download(
        request,
        fmt,
        f"bao-cao-{unit.code}-{period.code}",
        data=lambda: report_json(report),
        render=lambda: render_report(report, fmt),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_upload(request, unit_code, period_code):
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.EDIT)
    context = {
        "unit": unit,
        "period": period,
        "report": report,
        "max_mb": settings.CCHC_UPLOAD_MAX_BYTES / 1048576,
        "back": report_page_url(unit.code, period.code),
    }
    if request.method == "GET":
        return render(request, "reporting/upload_form.html", context)
    if request.POST.get("action") == "confirm":
        return _confirm(request, unit, period, context)
    return _preview(request, unit, period, report, context)


def _refuse(request, context, lines, status):
    return render(request, "reporting/upload_form.html", dict(context, errors=lines), status=status)


def _preview(request, unit, period, report, context):
    upload = request.FILES.get("file")
    if upload is None:
        return _refuse(request, context, [f"Chọn {UPLOAD_TEXT} cần tải lên."], 400)
    limit = settings.CCHC_UPLOAD_MAX_BYTES
    if upload.size > limit:
        return _refuse(
            request,
            context,
            [f"Tệp {upload.name} quá lớn ({format_megabytes(upload.size)} MB); tối đa {format_megabytes(limit)} MB."],
            413,
        )
    name = Path(upload.name or "tep.xlsx").name
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        return _refuse(request, context, [f"Tệp {name}: chỉ nhận {UPLOAD_TEXT}."], 400)
    data = upload.read(limit + 1)
    try:
        payload = read_report_bytes(data, name, unit=unit.code, period=period.code)
    except Unreadable as exc:
        return _refuse(request, context, [str(exc)], 400)
    except Invalid as exc:
        return _refuse(request, context, exc.messages, 422)
    try:
        result = check(unit, period, payload.values)
        spec = spec_for(period)
    except ReportError as exc:
        return _refuse(request, context, [exc.message], 422)
    from .xlsx import values_preview

    current = report.value_map() if report else {}
    # Figures stored now whose cell the file leaves blank. A blank cell is ambiguous: "not within
    # this unit's competence" (a figure to clear) or merely "not typed in this copy" (a figure to
    # keep). The officer decides; keeping them is the default, since losing figures is the worse mistake.
    cleared = [
        c
        for c, ind in spec.indicators.items()
        if ind.has_value and current.get(c) is not None and c not in result.values
    ]
    merged = result
    if cleared:
        merged = check(unit, period, {**{c: current[c] for c in cleared}, **result.values})
    token = secrets.token_urlsafe(16)
    revision = report.revision if report else 0
    request.session[SESSION_KEY] = {
        "unit": unit.code,
        "period": period.code,
        "token": token,
        "name": name,
        "revision": revision,
        "values": {c: str(v) for c, v in result.values.items()},
        "kept": {c: str(current[c]) for c in cleared},
        "narrative": payload.narrative,
    }
    rows = values_preview(spec, result.values, current)
    by_code = merged.by_code()
    cleared_set = set(cleared)
    errors = [i.message for i in merged.errors]
    replace_only = [m for m in (i.message for i in result.errors) if m not in errors]
    context.update(
        name=name,
        token=token,
        revision=revision,
        errors=errors,
        replace_errors=replace_only,
        warnings=[i.message for i in merged.warnings] + list(payload.warnings),
        rows=[
            {
                "ind": ind,
                "new": new,
                "old": old,
                "changed": changed and ind.code not in cleared_set,
                "cleared": ind.code in cleared_set,
                "issues": [i.message for i in by_code.get(ind.code, [])],
            }
            for ind, new, old, changed in rows
        ],
        changed_count=sum(1 for ind, *_, changed in rows if changed and ind.code not in cleared_set),
        filled_count=len(result.values),
        cleared=[spec.indicators[c] for c in cleared],
        modes=(MERGE, REPLACE),
        where=payload.where(),
        unplaced=payload.unplaced,
        narrative_rows=_narrative_preview(payload.narrative, report.narrative if report else None),
        can_store=not result.value_errors,
    )
    return render(request, "reporting/upload_preview.html", context)


def _confirm(request, unit, period, context):
    pending = request.session.get(SESSION_KEY)
    if (
        not pending
        or pending.get("unit") != unit.code
        or pending.get("period") != period.code
        or not secrets.compare_digest(str(pending.get("token", "")), request.POST.get("token", ""))
    ):
        messages.error(request, "Không còn tệp đang chờ lưu (phiên đã hết hoặc đã lưu rồi); hãy tải tệp lên lại.")
        return redirect("report_upload", unit.code, period.code)
    values = {code: Decimal(v) for code, v in pending["values"].items()}
    kept = {code: Decimal(v) for code, v in (pending.get("kept") or {}).items()}
    # Anything but an explicit "replace" keeps the stored figures: the safe reading of a form
    # posted without the choice (an old page, a tampered field).
    mode = REPLACE if request.POST.get("mode") == REPLACE else MERGE
    from .models import Report

    current = Report.objects.filter(unit=unit, period=period).first()
    merged = merge_import(
        Payload(unit=unit.code, period=period.code, values=values, narrative=pending.get("narrative")),
        kept,
        current.narrative if current else None,
        replace=mode == REPLACE,
    )
    try:
        save_report(
            unit,
            period,
            values=merged.values,
            narrative=merged.narrative,
            by=request.user,
            expected_revision=pending["revision"],
            action="upload",
        )
    except StaleReport as exc:
        request.session.pop(SESSION_KEY, None)
        messages.error(
            request, f"{exc.message} Chưa lưu số liệu từ tệp; hãy tải tệp lên lại để xem trước với số liệu hiện tại."
        )
        return redirect("report_upload", unit.code, period.code)
    except ReportError as exc:
        lines = [exc.message] + ([i.message for i in exc.result.errors] if exc.result else [])
        return _refuse(request, context, lines, exc.status)
    request.session.pop(SESSION_KEY, None)
    note = ""
    if kept:
        note = (
            f"; giữ nguyên {len(kept)} chỉ tiêu để trống trong tệp"
            if mode == MERGE
            else f"; đã xóa số liệu của {len(kept)} chỉ tiêu để trống trong tệp"
        )
    if merged.narrative_changed:
        note += f"; cập nhật {len(merged.narrative_changed)} phần nội dung báo cáo"
    messages.success(request, f"Đã lưu {len(values)} số liệu từ tệp {pending['name']} vào bản nháp{note}.")
    return redirect(report_page_url(unit.code, period.code))


def _narrative_preview(found, stored):
    """Rows for the preview of a Word report's narrative: each part the file holds, beside the
    text stored now. Parts the file does not have are kept and not listed."""
    from cchc.catalog import narrative as outline

    if not found:
        return []
    stored = stored or {}
    rows = []
    for key in outline.KEYS:
        if key == outline.RESULTS:
            for area in outline.AREAS:
                text = (found.get(key) or {}).get(area)
                if text:
                    old = (stored.get(key) or {}).get(area, "")
                    rows.append(
                        {
                            "key": f"{key}.{area}",
                            "title": f"{outline.HEADINGS[key]} — {outline.area_heading(area)}",
                            "new": text,
                            "old": old,
                            "changed": text != old,
                        }
                    )
            continue
        text = found.get(key)
        if text:
            old = stored.get(key, "")
            rows.append({"key": key, "title": outline.HEADINGS[key], "new": text, "old": old, "changed": text != old})
    return rows
