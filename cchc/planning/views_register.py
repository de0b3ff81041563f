"""Pages of the register of tasks assigned by the superior: the year's tasks and their state as of a
day (the coordinator and viewers see all; an advising unit its own), importing the register workbook,
and adding, editing, recording done and removing tasks (the coordinator and the unit that keeps it)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.orgunits.models import OrgUnit

from . import actions
from .access import can_edit_register, can_view_plan, register_keeper
from .models import AssignedTask
from .register import RegisterError, delete_assigned_task, import_register, register_status, save_assigned_task
from .views import as_of_day, member_or_403, plan_tabs, read_upload
from .workbook import Invalid, Unreadable


@login_required
def register_page(request, year):
    m = member_or_403(request.user)
    day, date_error = as_of_day(request)
    whole = can_view_plan(request.user) or can_edit_register(request.user, year)
    tasks = AssignedTask.objects.filter(year=year).select_related("advisor").order_by("position", "id")
    if not whole:
        tasks = tasks.filter(advisor_id=m.unit_id)
    rows = [
        {
            "task": t,
            "assigned": t.assigned_by(day),
            "done": t.done_by(day),
            "late": t.done_by(day) and t.late(),
            "overdue": t.overdue_on(day),
        }
        for t in tasks
    ]
    return render(
        request,
        "planning/register.html",
        {
            "year": year,
            "day": day,
            "date_error": date_error,
            "rows": rows,
            "whole": whole,
            "unit": m.unit,
            "figures": register_status(year, day) if whole else None,
            "keeper": register_keeper(year),
            "can_edit": can_edit_register(request.user, year),
            "tabs": plan_tabs(year),
        },
        status=400 if date_error else 200,
    )


@login_required
@require_POST
def register_import(request, year):
    member_or_403(request.user)
    if not can_edit_register(request.user, year):
        raise PermissionDenied("Chỉ cơ quan điều phối và đơn vị giữ sổ theo dõi được nhập sổ.")
    data, name, errors = read_upload(request, "tệp sổ theo dõi (.xlsx)")
    if not errors:
        try:
            created, updated, removed = import_register(data, year, by=request.user, name=name)
        except Unreadable as exc:
            errors = [str(exc)]
        except Invalid as exc:
            errors = exc.messages
    if errors:
        return render(
            request,
            "planning/import_errors.html",
            {
                "year": year,
                "errors": errors,
                "what": "sổ theo dõi nhiệm vụ được giao",
                "back": reverse("register", args=[year]),
            },
            status=400,
        )
    messages.success(
        request, f"Đã nhập sổ theo dõi nhiệm vụ được giao năm {year}: thêm {created}, cập nhật {updated}, bỏ {removed}."
    )
    return redirect("register", year=year)


class AssignedTaskForm(forms.Form):
    stt = forms.CharField(label="STT", max_length=32, required=False)
    title = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    document = forms.CharField(
        label="Văn bản giao",
        max_length=500,
        required=False,
        help_text="Ví dụ: Công văn số 15/UBND-TH ngày 12/01/2021 của UBND tỉnh.",
    )
    assigned_on = forms.CharField(
        label="Ngày giao",
        max_length=10,
        required=False,
        help_text="dd/mm/yyyy; để trống thì lấy ngày ghi trong văn bản giao.",
    )
    advisor = forms.ModelChoiceField(
        label="Cơ quan tham mưu", queryset=OrgUnit.objects.filter(active=True), empty_label="— chọn đơn vị —"
    )
    deadline_text = forms.CharField(
        label="Thời hạn",
        max_length=255,
        required=False,
        help_text="Ví dụ: 15/3/2021, Trước ngày 30/6/2021, Quý II/2021; để trống nếu văn bản không giao thời hạn.",
    )
    done_on = forms.CharField(
        label="Ngày hoàn thành", max_length=10, required=False, help_text="dd/mm/yyyy; để trống nếu chưa hoàn thành."
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


def _day_or_none(text):
    text = (text or "").strip()
    return actions.parse_day(text) if text else None


def _task_page(request, year, task=None):
    member_or_403(request.user)
    if not can_edit_register(request.user, year):
        raise PermissionDenied("Chỉ cơ quan điều phối và đơn vị giữ sổ theo dõi được sửa sổ.")
    initial = {}
    if task is not None:
        initial = {f: getattr(task, f) for f in ("stt", "title", "document", "deadline_text", "note")}
        initial.update(
            advisor=task.advisor_id,
            assigned_on=f"{task.assigned_on:%d/%m/%Y}" if task.assigned_on else "",
            done_on=f"{task.done_on:%d/%m/%Y}" if task.done_on else "",
        )
    form = AssignedTaskForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["assigned_on"] = _day_or_none(data["assigned_on"])
            data["done_on"] = _day_or_none(data["done_on"])
            saved = save_assigned_task(year, task=task, by=request.user, **data)
        except (RegisterError, actions.PlanError) as exc:
            error = exc.message
        else:
            messages.success(request, f"Đã lưu nhiệm vụ «{saved.title[:80]}».")
            return redirect(f"{reverse('register', args=[year])}#nhiem-vu-giao-{saved.pk}")
    return render(
        request,
        "planning/register_task.html",
        {"form": form, "task": task, "year": year, "error": error},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def register_task_add(request, year):
    return _task_page(request, year)


@login_required
def register_task_edit(request, pk):
    task = get_object_or_404(AssignedTask.objects.select_related("advisor"), pk=pk)
    return _task_page(request, task.year, task)


@login_required
@require_POST
def register_task_delete(request, pk):
    member_or_403(request.user)
    task = get_object_or_404(AssignedTask.objects.select_related("advisor"), pk=pk)
    if not can_edit_register(request.user, task.year):
        raise PermissionDenied("Chỉ cơ quan điều phối và đơn vị giữ sổ theo dõi được xóa nhiệm vụ.")
    year, title = task.year, task.title
    delete_assigned_task(task, by=request.user)
    messages.success(request, f"Đã xóa nhiệm vụ «{title[:80]}».")
    return redirect("register", year=year)
