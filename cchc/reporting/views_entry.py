"""One report's page: data entry, saving the draft, pre-filling, and Phòng Nội vụ typing in a report
received through the document system.

Every page and post asks cchc.reporting.access once and does nothing else about permissions. Writes go
through cchc.reporting.actions, which keep them transactional and audited.
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.catalog import narrative as outline
from cchc.catalog.models import Indicator
from cchc.catalog.validation import check_values
from cchc.office.dates import ddmmyyyy
from cchc.office.numbers import NotANumber, format_number, parse_number

from . import access, actions, prefill, thematic
from .forms import ReceiveForm, ReturnForm
from .models import Report, to_number
from .timeliness import sent_label
from .views_common import PageAnswer, _timing

PREFILL_SOURCES = {
    "previous": "kỳ trước",
    "plan": "tính từ kế hoạch",
    "tasks": "tính từ sổ theo dõi nhiệm vụ được giao",
}


# --- One report: data entry, sign-off, review ----------------------------------------------------


def _narrative_hashes(narrative):
    def h(text):
        return hashlib.sha1((text or "").encode("utf-8")).hexdigest()[:12]

    narrative = narrative or {}
    out = {k: h(narrative.get(k)) for k in outline.TEXT_PARTS}
    for area in outline.AREAS:
        out[f"results.{area}"] = h((narrative.get("results") or {}).get(area))
    return out


def _posted_values(request, spec):
    return {
        code: request.POST.get(f"v-{code}", "").strip()
        for code, ind in spec.indicators.items()
        if ind.kind != Indicator.Kind.HEADING
    }


def _posted_narrative(request, unit):
    narrative = {
        key: request.POST.get(f"n-{key}", "") for key in (outline.ORGANISATION, outline.DIFFICULTIES, outline.PROPOSALS)
    }
    narrative["results"] = {area: request.POST.get(f"n-results-{area}", "") for area in outline.AREAS}
    # Only a unit the locality charges with a thematic report writes one (cchc/reporting/thematic.py).
    narrative["thematic"] = request.POST.get("n-thematic", "") if thematic.assignment(unit.code) else ""
    return narrative


def _int(raw, default=None):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def _loaded(request):
    """What the user's page showed when it was opened (hidden fields), for telling them what changed."""
    try:
        values = json.loads(request.POST.get("loaded-values") or "{}")
        hashes = json.loads(request.POST.get("loaded-narrative") or "{}")
    except ValueError:
        values, hashes = {}, {}
    return (values if isinstance(values, dict) else {}), (hashes if isinstance(hashes, dict) else {})


def _changes_since(spec, loaded_values, loaded_hashes, report, typed):
    """Rows and narrative parts that differ between what the user loaded and what is stored now."""
    current = report.value_map() if report else {}
    changes = []
    for code, ind in spec.indicators.items():
        before, now = loaded_values.get(code), current.get(code)
        if before is not None:
            try:
                before = to_number(parse_number(before), ind.kind)
            except (NotANumber, ArithmeticError):
                before = None  # the hidden field was tampered with; show the row as changed
        if before != now:
            changes.append(
                {
                    "label": ind.label,
                    "before": _shown(ind, before),
                    "now": _shown(ind, now),
                    "typed": typed.get(code, ""),
                }
            )
    now_hashes = _narrative_hashes(report.narrative if report else {})
    for key, digest in now_hashes.items():
        if key in loaded_hashes and loaded_hashes[key] != digest:
            changes.append({"label": outline.heading(key), "narrative": True})
    return changes


def _shown(ind, value):
    if value is None:
        return "(để trống)"
    if ind.kind == Indicator.Kind.CHOICE:
        return f"{value} — {(ind.choices or {}).get(str(value), '')}"
    return format_number(value)


def _entry_sections(spec, shown, issues, prefilled):
    """The form's rows grouped by the appendix's 7 parts, each with what to show in its input."""
    sections = []
    for code, ind in spec.indicators.items():
        row = {
            "code": code,
            "stt": ind.stt if not ind.part_of_parent else "",
            "name": ind.name,
            "measure": ind.display_measure,
            "kind": ind.kind,
            "depth": ind.depth,
            "part": ind.part_of_parent,
            "value": shown.get(code, ""),
            "issues": issues.get(code, ()),
            "prefilled": PREFILL_SOURCES.get(prefilled.get(code, "")),
            "choices": sorted((ind.choices or {}).items(), key=lambda kv: int(kv[0])) if ind.choices else (),
        }
        row["has_error"] = any(i.severity == "error" for i in row["issues"])
        row["has_warning"] = bool(row["issues"]) and not row["has_error"]
        if ind.kind == Indicator.Kind.CHOICE and row["value"] != "":
            row["choice_label"] = (ind.choices or {}).get(str(row["value"]), "")
        if ind.depth == 0 and ind.kind == Indicator.Kind.HEADING or not sections:
            sections.append({"number": ind.section, "title": ind.name, "stt": ind.stt, "rows": []})
            if ind.depth == 0 and ind.kind == Indicator.Kind.HEADING:
                continue
        sections[-1]["rows"].append(row)
    return sections


def _display_values(spec, values):
    """Stored numbers as a Vietnamese person types them: 1.234 and 95,5; choices as their code."""
    out = {}
    for code, value in values.items():
        ind = spec.indicators.get(code)
        if ind is None or value is None:
            continue
        out[code] = str(value) if ind.kind == Indicator.Kind.CHOICE else format_number(value)
    return out


def _render_report(
    request,
    unit,
    period,
    report,
    *,
    shown=None,
    narrative=None,
    result=None,
    changes=None,
    revision=None,
    loaded_values=None,
    status=200,
    receive_form=None,
    return_form=None,
):
    """The report page. `shown`/`narrative` given: the user's own input is kept (after an error)."""
    spec = actions.spec_for(period)
    user = request.user
    stored = report.value_map() if report else {}
    if shown is None:
        shown = _display_values(spec, stored)
    if narrative is None:
        narrative = (report.narrative if report else None) or actions.clean_narrative({})
    if result is None and report is not None and stored:
        # Cross-row errors and warnings of the stored draft, beside their rows until fixed.
        result = actions.check(unit, period, stored)
    issues = result.by_code() if result else {}
    editable = access.can(user, access.EDIT, unit, report)
    can_accept = access.can(user, access.ACCEPT, unit, report)
    can_return = access.can(user, access.RETURN, unit, report)
    status_code = report.status if report else Report.Status.NOT_STARTED
    context = {
        "unit": unit,
        "period": period,
        "report": report,
        "user": user,
        "status": status_code,
        "status_label": Report.Status(status_code).label,
        "sections": _entry_sections(spec, shown, issues, (report.prefilled or {}) if report else {}),
        "narrative": narrative,
        "narrative_areas": [
            (area, outline.area_heading(area), (narrative.get("results") or {}).get(area, "")) for area in outline.AREAS
        ],
        "labels": outline.HEADINGS,
        "thematic": (thematic.assignment(unit.code) or ((), None))[1],
        "result": result,
        "general_errors": [i for i in (result.errors if result else []) if i.code not in spec.indicators],
        "changes": changes,
        "editable": editable,
        # The page saves before it signs, so a report not started yet may be signed from it.
        "can_submit": editable and access.can(user, access.SUBMIT, unit, report or Report(status=Report.Status.DRAFT)),
        "can_review": can_accept or can_return,
        "can_accept": can_accept,
        "can_return": can_return,
        "can_receive": access.can(user, access.RECEIVE, unit, report),
        "revision": revision if revision is not None else (report.revision if report else 0),
        "loaded_values": json.dumps(loaded_values if loaded_values is not None else stored),
        "loaded_narrative": json.dumps(_narrative_hashes(report.narrative if report else {})),
        "timing": _timing(period, report, timezone.localdate()),
        "receive_form": receive_form or ReceiveForm(initial={"received_at": ReceiveForm.initial_now()}),
        "return_form": return_form or ReturnForm(),
        "first_error": next((i.code for i in (result.errors if result else []) if i.code in spec.indicators), None),
        "error_count": len(result.errors) if result else 0,
        "warning_count": len(result.warnings) if result else 0,
    }
    return render(request, "reporting/report.html", context, status=status)


@login_required
def report_page(request, unit_code, period_code):
    if request.method == "POST":
        saved = _save(request, unit_code, period_code)
        if request.POST.get("action") == "prefill":
            if saved.filled:
                messages.success(
                    request,
                    f"Đã điền sẵn {len(saved.filled)} chỉ tiêu còn trống và lưu bản nháp; "
                    "hãy kiểm tra lại các dòng được đánh dấu «điền sẵn».",
                )
            else:
                messages.info(request, "Không có số liệu nào để điền sẵn vào các ô còn trống.")
        else:
            n = len(saved.report.validation.errors)
            if n:
                messages.warning(request, f"Đã lưu bản nháp. Còn {n} lỗi phải sửa trước khi ký ban hành.")
            else:
                messages.success(request, "Đã lưu bản nháp.")
        return redirect("report", unit_code=unit_code, period_code=period_code)
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    return _render_report(request, unit, period, report)


@dataclass
class Saved:
    report: Report
    filled: list[str]  # codes the pre-fill put into blank fields


def _save(request, unit_code, period_code) -> Saved:
    """Save the draft from the posted page. A refused save raises PageAnswer with the page shown
    again (the user's input kept, the rows at fault marked)."""
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.EDIT)
    spec = actions.spec_for(period)
    typed = _posted_values(request, spec)
    narrative = _posted_narrative(request, unit)
    revision = _int(request.POST.get("revision"), 0)
    kwargs = {}
    filled = []
    if request.POST.get("action") == "prefill":
        typed, kwargs["prefilled"], filled = _prefill(spec, unit, period, report, typed)
        kwargs["action"] = "prefill"
    try:
        saved = actions.save_report(
            unit, period, values=typed, narrative=narrative, by=request.user, expected_revision=revision, **kwargs
        )
    except actions.StaleReport as exc:
        current = (
            Report.objects.filter(pk=report.pk).first()
            if report
            else Report.objects.filter(unit=unit, period=period).first()
        )
        loaded_values, loaded_hashes = _loaded(request)
        changes = _changes_since(spec, loaded_values, loaded_hashes, current, typed)
        messages.error(request, exc.message)
        if current is not None and not access.can(request.user, access.EDIT, unit, current):
            raise PageAnswer(_render_report(request, unit, period, current, changes=changes, status=409)) from exc
        # Keep the user's input; the page now carries the new revision, so saving again
        # overwrites knowingly.
        raise PageAnswer(
            _render_report(
                request,
                unit,
                period,
                current,
                shown=typed,
                narrative=narrative,
                changes=changes,
                revision=current.revision if current else 0,
                status=409,
            )
        ) from exc
    except actions.ValidationFailed as exc:
        messages.error(request, "Số liệu chưa hợp lệ nên chưa được lưu. Hãy sửa các dòng được đánh dấu.")
        raise PageAnswer(
            _render_report(
                request,
                unit,
                period,
                report,
                shown=typed,
                narrative=narrative,
                result=exc.result,
                revision=revision,
                loaded_values=_loaded(request)[0],
                status=422,
            )
        ) from exc
    except actions.ReportError as exc:
        messages.error(request, exc.message)
        raise PageAnswer(
            _render_report(
                request,
                unit,
                period,
                report,
                shown=typed,
                narrative=narrative,
                revision=revision,
                loaded_values=_loaded(request)[0],
                status=exc.status,
            )
        ) from exc
    return Saved(saved, filled)


def _prefill(spec, unit, period, report, typed):
    """Fill the blank fields only with the figures offered (the unit's previous report, the plan);
    what the user typed is never overwritten. Returns (values, prefilled map, codes filled)."""
    offered = prefill.offered_values(unit, period)
    parsed = check_values(spec, typed).values
    stored = report.value_map() if report else {}
    # A figure pre-filled before and left as it was stays marked.
    keep = {
        c: src
        for c, src in ((report.prefilled or {}) if report else {}).items()
        if c in parsed and c in stored and parsed[c] == Decimal(str(stored[c]))
    }
    filled = []
    values = dict(typed)
    for code, (number, source) in offered.items():
        ind = spec.indicators.get(code)
        if ind is None or ind.kind == Indicator.Kind.HEADING or number is None:
            continue
        if str(values.get(code, "")).strip() == "":
            values[code] = number
            keep[code] = source
            filled.append(code)
    return values, keep, filled


@login_required
@require_POST
def report_receive(request, unit_code, period_code):
    """A report that reached Phòng Nội vụ through the document system, typed in on the unit's
    behalf: stored and recorded as submitted at the time it was received (công văn 158 §2.2)."""
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.RECEIVE)
    spec = actions.spec_for(period)
    typed = _posted_values(request, spec)
    narrative = _posted_narrative(request, unit)
    form = ReceiveForm(request.POST)
    keep = {
        "shown": typed,
        "narrative": narrative,
        "revision": _int(request.POST.get("revision"), 0),
        "loaded_values": _loaded(request)[0],
    }
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _render_report(request, unit, period, report, receive_form=form, status=400, **keep)
    try:
        # Its own savepoint: when the submission is refused (errors), the save before it is undone
        # too — a received report is stored whole or not at all.
        with transaction.atomic():
            report = actions.receive_report(
                unit,
                period,
                values=typed,
                narrative=narrative,
                by=request.user,
                submit=True,
                submitted_at=form.cleaned_data["received_at"],
                signed_by_name=form.cleaned_data["signed_by_name"] or None,
                action="receive",
            )
    except actions.ReportError as exc:
        messages.error(request, exc.message)
        return _render_report(
            request, unit, period, report, receive_form=form, result=exc.result, status=exc.status, **keep
        )
    messages.success(
        request,
        f"Đã ghi nhận báo cáo của {unit.name} nhận lúc {ddmmyyyy(report.submitted_at)}, "
        f"{sent_label(report.late_days()).lower()}.",
    )
    return redirect("report", unit_code=unit.code, period_code=period.code)
