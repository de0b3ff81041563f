"""Sign-off and review of one report: the leader signs and sends, Phòng Nội vụ accepts or returns,
and everyone who sees the report reads its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.audit.labels import action_label
from cchc.audit.models import AuditEntry
from cchc.office.dates import ddmmyyyy
from cchc.office.names import person_name

from . import access, actions
from .forms import ReturnForm
from .models import Report
from .timeliness import sent_label
from .views_entry import _render_report, _save, _shown


@login_required
@require_POST
def report_submit(request, unit_code, period_code):
    """Ký ban hành: the leader saves what is on the page, then signs and sends it."""
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    # Before anything is saved: only the unit's leader signs (403), and only a draft or a returned
    # report (409; one not started yet becomes a draft by the save below).
    access.decide(request.user, access.SUBMIT, unit, report or Report(status=Report.Status.DRAFT)).enforce()
    _save(request, unit_code, period_code)
    # The draft exists now; ask again on what is stored (the whole request, save included, is
    # rolled back if refused).
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.SUBMIT)
    try:
        # The signer's name as Vietnamese writes it: family name first.
        report = actions.submit_report(report, by=request.user, signed_by_name=person_name(request.user))
    except actions.ValidationFailed as exc:
        messages.error(
            request, "Báo cáo còn lỗi, chưa thể ký ban hành. Bản nháp đã được lưu; hãy sửa các dòng được đánh dấu."
        )
        return _render_report(request, unit, period, report, result=exc.result, status=422)
    except actions.ReportError as exc:
        messages.error(request, exc.message)
        return redirect("report", unit_code=unit.code, period_code=period.code)
    late = report.late_days()
    when = ddmmyyyy(report.submitted_at)
    if report.versions.count() > 1:
        messages.success(
            request, f"Đã ký ban hành và gửi lại báo cáo lúc {when} (lần gửi thứ {report.versions.count()})."
        )
    else:
        notice = messages.warning if late else messages.success
        notice(request, f"Đã ký ban hành và gửi báo cáo lúc {when}, {sent_label(late).lower()}.")
    return redirect("report", unit_code=unit.code, period_code=period.code)


@login_required
@require_POST
def report_accept(request, unit_code, period_code):
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.ACCEPT)
    try:
        actions.accept_report(report, by=request.user)
    except actions.ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã tiếp nhận báo cáo {period.title} của {unit.name}.")
    return redirect("report", unit_code=unit.code, period_code=period.code)


@login_required
@require_POST
def report_return(request, unit_code, period_code):
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.RETURN)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Phải ghi lý do trả lại báo cáo.")
        return _render_report(request, unit, period, report, return_form=form, status=400)
    try:
        actions.return_report(report, by=request.user, reason=form.cleaned_data["reason"])
    except actions.ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã trả lại báo cáo của {unit.name} kèm lý do.")
    return redirect("report", unit_code=unit.code, period_code=period.code)


@login_required
def report_history(request, unit_code, period_code):
    unit, period, report = access.report_for_user(request.user, unit_code, period_code, access.VIEW)
    versions, entries = [], []
    if report is not None:
        spec = actions.spec_for(period)
        for version in report.versions.order_by("number"):
            rows = [
                (spec.indicators[c].label, _shown(spec.indicators[c], v))
                for c, v in sorted(
                    version.values.items(),
                    key=lambda kv: spec.indicators[kv[0]].position if kv[0] in spec.indicators else 0,
                )
                if c in spec.indicators
            ]
            versions.append({"version": version, "rows": rows})
        for entry in (
            AuditEntry.objects.filter(object_type="Report", object_id=str(report.pk))
            .select_related("user")
            .order_by("at", "id")
        ):
            name = person_name(entry.user) if entry.user is not None else ""
            entries.append(
                {
                    "entry": entry,
                    "label": action_label(entry.action),
                    "name": name if name != entry.username else "",
                    "details": _audit_details(entry, spec),
                }
            )
    return render(
        request,
        "reporting/history.html",
        {"unit": unit, "period": period, "report": report, "versions": versions, "entries": entries},
    )


def _audit_details(entry, spec):
    d = entry.detail or {}
    out = []
    if d.get("reason"):
        out.append(f"Lý do: {d['reason']}")
    if d.get("changed"):
        names = [spec.indicators[c].stt or c if c in spec.indicators else c for c in d["changed"]]
        out.append(
            f"Đổi {len(names)} chỉ tiêu: {', '.join(c for c in d['changed'][:20])}" + ("…" if len(names) > 20 else "")
        )
    if d.get("version"):
        out.append(f"Lần gửi thứ {d['version']}")
    if d.get("signed_by"):
        out.append(f"Người ký: {d['signed_by']}")
    if d.get("on_behalf"):
        out.append("Phòng Nội vụ nhập thay (nhận qua hệ thống văn bản)")
    return out
