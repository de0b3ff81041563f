"""Pages of the plan: its state as of a day (coordinator, viewer; a unit sees its own tasks), entering
and editing tasks and importing the appendix (coordinator), progress on one task (its lead unit)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cchc.office.dates import today_vn
from cchc.orgunits.models import OrgUnit
from cchc.orgunits.roles import membership

from . import actions
from .access import can_edit_plan, can_update_task, can_view_plan
from .models import AREAS, ROMAN, Plan, PlanKind, PlanTask, Status
from .status import states_as_of, summary
from .workbook import Invalid, Unreadable

MAX_UPLOAD = 5 * 1024 * 1024


def read_upload(request, what):
    """(bytes, file name, errors) of the workbook posted as `file`, read through the size cap."""
    upload = request.FILES.get("file")
    if upload is None:
        return None, "", [f"Chưa chọn {what}."]
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return None, upload.name, [f"Tệp {upload.name} quá lớn (tối đa {MAX_UPLOAD // (1024 * 1024)} MB)."]
    return data, upload.name, []


def member_or_403(user):
    m = membership(user)
    if m is None:
        raise PermissionDenied("Tài khoản chưa được gán đơn vị.")
    return m


def as_of_day(request):
    """The day the page is as of (?as_of=dd/mm/yyyy), today in Vietnam when absent; (day, error)."""
    text = request.GET.get("as_of", "").strip()
    if not text:
        return today_vn(), ""
    try:
        return actions.parse_day(text), ""
    except actions.PlanError as exc:
        return today_vn(), exc.message


@login_required
def index(request):
    member_or_403(request.user)
    return redirect("plan", year=today_vn().year)


def resolve_plan(year, key):
    """The plan of `year` at `key` (Plan.key: cchc, tuyen-truyen or khac-ID); None when the year has no
    plan of a known kind yet; 404 for a key that names nothing."""
    if key in (PlanKind.CCHC, PlanKind.COMMUNICATION):
        return Plan.objects.filter(year=year, kind=key).first()
    if key.startswith("khac-") and key[5:].isdigit():
        return get_object_or_404(Plan, year=year, kind=PlanKind.OTHER, pk=int(key[5:]))
    raise Http404("Không có kế hoạch này.")


def plan_tabs(year):
    """The year's plans for the tabs above a plan page: the two named kinds always, then other plans."""
    plans = {p.key: p for p in Plan.objects.filter(year=year).order_by("kind", "id")}
    tabs = [
        {"key": k, "title": label, "plan": plans.pop(k, None)}
        for k, label in ((PlanKind.CCHC, PlanKind.CCHC.label), (PlanKind.COMMUNICATION, PlanKind.COMMUNICATION.label))
    ]
    tabs += [{"key": k, "title": p.title, "plan": p} for k, p in plans.items()]
    return tabs


@login_required
def plan_page(request, year, key=PlanKind.CCHC):
    m = member_or_403(request.user)
    day, date_error = as_of_day(request)
    plan = resolve_plan(year, key)
    whole = can_view_plan(request.user)
    if plan is not None and not whole:
        # An officer or leader of a unit sees its own unit's part of the plan, where it reports progress.
        tasks = plan.tasks.select_related("lead").filter(lead_id=m.unit_id)
        states = states_as_of(tasks, day)
        figures = None
    else:
        figures, states = summary(plan, day)
    rows = [
        {"state": s, "overdue": s.overdue_on(day), "can_update": can_update_task(request.user, s.task)} for s in states
    ]
    if plan is None or plan.by_areas or any(r["state"].task.area for r in rows):
        areas = [
            {
                "number": a,
                "roman": ROMAN[a],
                "name": AREAS[a],
                "rows": [r for r in rows if r["state"].task.area == a],
                "counts": figures["by_area"][str(a)] if figures else None,
            }
            for a in AREAS
        ]
        unplaced = [r for r in rows if r["state"].task.area is None]
        if unplaced:
            areas.append({"number": None, "roman": "", "name": "Nhiệm vụ khác", "rows": unplaced, "counts": None})
    else:  # a plan not laid out by reform area: one list, grouped by its own headings
        areas = [{"number": None, "roman": "", "name": "", "rows": rows, "counts": None}]
    units = []
    if figures:
        names = dict(OrgUnit.objects.filter(code__in=figures["by_unit"]).values_list("code", "name"))
        units = [{"code": c, "name": names.get(c, c), **n} for c, n in figures["by_unit"].items()]
    status = 400 if date_error else 200
    kind = key if key in (PlanKind.CCHC, PlanKind.COMMUNICATION) else PlanKind.OTHER
    return render(
        request,
        "planning/plan.html",
        {
            "key": key,
            "kind_label": PlanKind(kind).label,
            "tabs": plan_tabs(year),
            "kinds": PlanKind.choices,
            "by_areas": plan.by_areas if plan else kind == PlanKind.CCHC,
            "year": year,
            "plan": plan,
            "day": day,
            "date_error": date_error,
            "figures": figures,
            "areas": areas,
            "units": units,
            "whole": whole,
            "has_rows": bool(rows),
            "can_edit": can_edit_plan(request.user),
            "on_time": (figures["completed"] - figures["completed_late"]) if figures else None,
            "unit": m.unit,
            "years": sorted({year, today_vn().year} | set(Plan.objects.values_list("year", flat=True))),
        },
        status=status,
    )


@login_required
def plan_xlsx(request, year, key=PlanKind.CCHC):
    member_or_403(request.user)
    if not can_view_plan(request.user):
        raise PermissionDenied("Chỉ cơ quan điều phối và lãnh đạo được tải cả kế hoạch.")
    plan = resolve_plan(year, key)
    if plan is None:
        raise Http404("Chưa có kế hoạch này.")
    day, error = as_of_day(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    from .xlsx import plan_workbook

    _, states = summary(plan, day)
    response = HttpResponse(
        plan_workbook(plan, states, day),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.key}-{year}-{day:%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def plan_import(request, year):
    member_or_403(request.user)
    if not can_edit_plan(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được nhập kế hoạch.")
    data, name, errors = read_upload(request, "tệp kế hoạch (.xlsx)")
    if not errors:
        try:
            issued_on = request.POST.get("issued_on", "").strip()
            plan, created, updated, removed = actions.import_plan(
                data,
                year,
                kind=request.POST.get("kind") or PlanKind.CCHC,
                title=request.POST.get("title", "").strip() or None,
                number=request.POST.get("number", "").strip() or None,
                issued_on=actions.parse_day(issued_on) if issued_on else None,
                by=request.user,
                name=name,
            )
        except actions.PlanError as exc:
            errors = [exc.message]
        except Unreadable as exc:
            errors = [str(exc)]
        except Invalid as exc:
            errors = exc.messages
    if errors:
        return render(request, "planning/import_errors.html", {"year": year, "errors": errors}, status=400)
    messages.success(
        request,
        f"Đã nhập {plan.title}: {plan.tasks.count()} nhiệm vụ (thêm {created}, cập nhật {updated}, bỏ {removed}).",
    )
    return redirect(plan_url(plan))


def plan_url(plan):
    return reverse("plan_of", args=[plan.year, plan.key])


class TaskForm(forms.Form):
    area = forms.TypedChoiceField(
        label="Lĩnh vực",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "— không theo lĩnh vực —")] + [(a, f"{ROMAN[a]}. {n}") for a, n in AREAS.items()],
    )
    stt = forms.CharField(label="STT", max_length=32, required=False)
    title = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    lead = forms.ModelChoiceField(
        label="Cơ quan chủ trì", queryset=OrgUnit.objects.filter(active=True), empty_label="— chọn đơn vị —"
    )
    partners = forms.CharField(
        label="Cơ quan phối hợp", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline_text = forms.CharField(
        label="Thời gian hoàn thành",
        max_length=255,
        help_text="Ví dụ: Quý II/2021, Tháng 9/2021, 6 tháng đầu năm, Năm 2021, "
        "Trước ngày 15/3/2021, 15/3/2021, Thường xuyên.",
    )
    product = forms.CharField(
        label="Sản phẩm", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _task_form_page(request, year, task=None, key=PlanKind.CCHC):
    member_or_403(request.user)
    if not can_edit_plan(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được nhập, sửa nhiệm vụ của kế hoạch.")
    initial = {}
    if task is not None:
        initial = {f: getattr(task, f) for f in ("area", "stt", "title", "partners", "deadline_text", "product")}
        initial["lead"] = task.lead_id
    form = TaskForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            plan = (
                task.plan
                if task is not None
                else (resolve_plan(year, key) or actions.ensure_plan(year, kind=key, by=request.user))
            )
            saved = actions.save_task(plan, task=task, by=request.user, **form.cleaned_data)
        except actions.PlanError as exc:
            error = exc.message
        else:
            messages.success(request, f"Đã lưu nhiệm vụ «{saved.title[:80]}».")
            return redirect(f"{plan_url(saved.plan)}#nhiem-vu-{saved.pk}")
    status = 400 if request.method == "POST" else 200
    plan = task.plan if task is not None else resolve_plan(year, key)
    return render(
        request,
        "planning/task_form.html",
        {
            "form": form,
            "task": task,
            "year": year,
            "error": error,
            "key": task.plan.key if task else key,
            "plan_title": plan.title if plan else PlanKind(key).label + f" năm {year}",
        },
        status=status,
    )


@login_required
def task_add(request, year, key=PlanKind.CCHC):
    resolve_plan(year, key)  # 404 for a key that names no plan
    return _task_form_page(request, year, key=key)


@login_required
def task_edit(request, pk):
    task = get_object_or_404(PlanTask.objects.select_related("plan", "lead"), pk=pk)
    return _task_form_page(request, task.plan.year, task, key=task.plan.key)


@login_required
@require_POST
def task_delete(request, pk):
    member_or_403(request.user)
    task = get_object_or_404(PlanTask.objects.select_related("plan", "lead"), pk=pk)
    if not can_edit_plan(request.user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được xóa nhiệm vụ của kế hoạch.")
    title = task.title
    actions.delete_task(task, by=request.user)
    messages.success(request, f"Đã xóa nhiệm vụ «{title[:80]}».")
    return redirect(plan_url(task.plan))


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def progress(request, pk):
    """A task's progress history; POST reports its state (its lead unit's officer or leader, the coordinator)."""
    m = member_or_403(request.user)
    task = get_object_or_404(PlanTask.objects.select_related("plan", "lead"), pk=pk)
    allowed = can_update_task(request.user, task)
    if not (allowed or can_view_plan(request.user) or m.unit_id == task.lead_id):
        raise PermissionDenied("Nhiệm vụ này không thuộc đơn vị của bạn.")
    error = ""
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(
                "Chỉ cơ quan chủ trì nhiệm vụ (chuyên viên, lãnh đạo) hoặc Phòng Nội vụ được cập nhật tiến độ."
            )
        status = request.POST.get("status", "")
        try:
            on = actions.parse_day(request.POST["date"]) if request.POST.get("date", "").strip() else None
            actions.record_progress(task, status, on=on, note=request.POST.get("note", ""), by=request.user)
        except actions.PlanError as exc:
            error = exc.message
        else:
            task.refresh_from_db()
            messages.success(
                request,
                f"Đã cập nhật tiến độ: «{task.title[:60]}» — {task.get_status_display()}"
                f"{f' ngày {task.done_on:%d/%m/%Y}' if task.done_on else ''}.",
            )
            back = _safe_next(request, reverse("plan_progress", args=[task.pk]))
            return HttpResponseRedirect(back)
    history = task.progress.select_related("recorded_by").order_by("-recorded_at", "-id")
    return render(
        request,
        "planning/task.html",
        {
            "task": task,
            "history": history,
            "can_update": allowed,
            "error": error,
            "statuses": Status.choices,
            "today": today_vn(),
            "overdue": task.overdue_on(today_vn()),
            "next": _safe_next(request, ""),
            "posted": request.POST if error else None,
        },
        status=400 if error else 200,
    )
