"""The coordinator lays out a year's reporting periods in the web, with the locality's period rule,
and may move a window or a deadline (a holiday). Codes never change (YYYY-Q1…): reports, files and
links name periods by them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.audit.log import record

from . import periods as rules
from .access import is_coordinator
from .models import Period


def _coordinator(user):
    if not is_coordinator(user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được lập và sửa kỳ báo cáo.")


class PeriodForm(forms.Form):
    data_from = forms.DateField(
        label="Số liệu từ ngày",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    data_to = forms.DateField(
        label="Số liệu đến ngày",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    deadline = forms.DateField(
        label="Hạn gửi",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The inputs sit in table cells; each row's <form> is named by their `form` attribute.
        for field in self.fields.values():
            field.widget.attrs["form"] = f"edit-{self.prefix}"

    def clean(self):
        data = super().clean()
        start, end, due = data.get("data_from"), data.get("data_to"), data.get("deadline")
        if start and end and start > end:
            self.add_error("data_to", "Ngày kết thúc chốt số liệu phải sau ngày bắt đầu.")
        if end and due and due < end:
            self.add_error("deadline", "Hạn gửi không được trước ngày chốt số liệu.")
        return data


def _rule():
    try:
        return rules.current_rule(), ""
    except ValueError as exc:
        return None, str(exc)


@login_required
def year_periods(request, year):
    _coordinator(request.user)
    if not 1990 <= year <= 2200:
        raise Http404("Năm không hợp lệ.")
    rule, rule_error = _rule()
    existing = list(Period.objects.filter(year=year).annotate(n=Count("reports")).order_by("deadline"))
    planned = rules.layout(year, rule) if rule else []
    missing = [p for p in planned if p[0] not in {e.code for e in existing}]
    rows = [
        {
            "period": p,
            "form": PeriodForm(
                initial={"data_from": p.data_from, "data_to": p.data_to, "deadline": p.deadline}, prefix=p.code
            ),
        }
        for p in existing
    ]
    return render(
        request,
        "reporting/periods.html",
        {
            "year": year,
            "rows": rows,
            "missing": missing,
            "rule": rule,
            "rule_error": rule_error,
        },
    )


@login_required
@require_POST
def create_periods(request, year):
    _coordinator(request.user)
    rule, rule_error = _rule()
    if rule is None:
        messages.error(request, rule_error)
        return redirect("periods_year", year=year)
    with transaction.atomic():
        created = rules.ensure_periods(year, rule)
        if created:
            record("periods.create", user=request.user, year=year, rule=rule.name, created=created)
    messages.success(
        request,
        f"Đã lập {created} kỳ báo cáo năm {year} theo quy tắc «{rule.name}»."
        if created
        else f"Năm {year} đã đủ các kỳ báo cáo.",
    )
    return redirect("periods_year", year=year)


@login_required
@require_POST
def edit_period(request, period_code):
    _coordinator(request.user)
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    form = PeriodForm(request.POST, prefix=period.code)
    if not form.is_valid():
        rule, rule_error = _rule()
        existing = list(Period.objects.filter(year=period.year).annotate(n=Count("reports")).order_by("deadline"))
        rows = [
            {
                "period": p,
                "form": form
                if p.pk == period.pk
                else PeriodForm(
                    initial={"data_from": p.data_from, "data_to": p.data_to, "deadline": p.deadline}, prefix=p.code
                ),
            }
            for p in existing
        ]
        return render(
            request,
            "reporting/periods.html",
            {
                "year": period.year,
                "rows": rows,
                "missing": [],
                "rule": rule,
                "rule_error": rule_error,
                "error": f"Không lưu được {period.title}: kiểm tra các ngày.",
            },
            status=400,
        )
    before = {k: getattr(period, k).isoformat() for k in ("data_from", "data_to", "deadline")}
    with transaction.atomic():
        for k in ("data_from", "data_to", "deadline"):
            setattr(period, k, form.cleaned_data[k])
        period.save(update_fields=["data_from", "data_to", "deadline"])
        after = {k: getattr(period, k).isoformat() for k in ("data_from", "data_to", "deadline")}
        if after != before:
            record(
                "period.edit",
                user=request.user,
                period=period,
                obj=period,
                changed={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            )
    if after != before:
        messages.success(request, f"Đã lưu {period.title}: hạn gửi {period.deadline:%d/%m/%Y}.")
    return redirect("periods_year", year=period.year)
