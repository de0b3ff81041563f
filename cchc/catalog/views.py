"""The coordinator's pages for the forms of the years: the list, "copy last year's form" in one
click, editing rows and rules, uploading a form file with a preview of what changes, publishing.

Every change goes through cchc.catalog.editing.apply — the same checks and audit as `cchc form
import` — so the web refuses exactly what the command line refuses (an indicator holding figures
cannot be removed nor change kind), with the same Vietnamese messages.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.office.dates import today_vn
from cchc.orgunits.models import OrgUnit
from cchc.orgunits.roles import is_coordinator

from . import editing
from .editing import FormInvalid, Row
from .formfile import MAX_BYTES, Unreadable, export_workbook, read_form_file
from .models import Indicator, ReportForm

SESSION_KEY = "cchc_form_upload"


def _coordinator(user):
    if not is_coordinator(user):
        raise PermissionDenied("Chỉ Phòng Nội vụ được quản lý biểu mẫu.")


def _form_or_404(year):
    form = ReportForm.objects.filter(year=year).first()
    if form is None:
        raise Http404(f"Chưa có biểu mẫu năm {year}.")
    return form


@login_required
def forms_index(request):
    _coordinator(request.user)
    rows = editing.form_list()
    latest = rows[-1]["year"] if rows else None
    return render(
        request,
        "catalog/forms.html",
        {
            "forms": rows,
            "latest": latest,
            "next_year": (latest + 1) if latest else today_vn().year,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
    )


@login_required
@require_POST
def form_copy(request):
    _coordinator(request.user)
    try:
        from_year, to_year = int(request.POST.get("from", "")), int(request.POST.get("to", ""))
    except ValueError:
        return _refused(request, None, ["Năm không hợp lệ."], status=400)
    try:
        editing.copy_form(from_year, to_year, by=request.user, published=False)
    except FormInvalid as exc:
        return _refused(request, None, exc.messages, status=409)
    messages.success(request, f"Đã sao chép biểu mẫu năm {from_year} sang năm {to_year} (bản nháp: sửa rồi công bố).")
    return redirect("form_page", year=to_year)


@login_required
def form_page(request, year):
    _coordinator(request.user)
    form = _form_or_404(year)
    return _render_form(request, form)


def _render_form(request, form, errors=(), status=200):
    indicators = list(form.indicators.select_related("responsible").order_by("position"))
    valued = editing.valued_codes(form)
    return render(
        request,
        "catalog/form.html",
        {
            "form": form,
            "indicators": indicators,
            "valued": valued,
            "rules": editing.rules_of(form),
            "errors": errors,
            "year": form.year,
        },
        status=status,
    )


def _refused(request, form, errors, status=400):
    if form is None:
        return render(request, "catalog/refused.html", {"errors": errors}, status=status)
    return _render_form(request, form, errors, status)


def _store(request, form, draft, success):
    """Apply a whole new draft of the form; on refusal the form page shows why, nothing stored."""
    try:
        editing.apply(form.year, draft, by=request.user, action="form.edit")
    except FormInvalid as exc:
        locked = any("đã có số liệu" in m for m in exc.messages)
        return _refused(request, form, exc.messages, status=409 if locked else 400)
    messages.success(request, success)
    return redirect("form_page", year=form.year)


@login_required
@require_POST
def form_publish(request, year):
    _coordinator(request.user)
    form = _form_or_404(year)
    if editing.publish(form, by=request.user):
        messages.success(request, f"Đã công bố biểu mẫu năm {year}: các đơn vị báo cáo theo biểu mẫu này.")
    return redirect("form_page", year=year)


@login_required
def form_excel(request, year):
    _coordinator(request.user)
    form = _form_or_404(year)
    response = HttpResponse(
        export_workbook(form), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bieu-mau-{year}.xlsx"'
    return response


# --- Rows --------------------------------------------------------------------------------------


class RowForm(forms.Form):
    code = forms.CharField(
        label="STT (mã)", max_length=32, help_text="Ví dụ 1.1.4; dòng «Trong đó»: mã dòng tổng thêm .a, .b (3.1.3.c)."
    )
    name = forms.CharField(label="Chỉ tiêu", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="Đơn vị tính", max_length=255, required=False)
    kind = forms.ChoiceField(label="Loại", choices=Indicator.Kind.choices)
    responsible = forms.ModelChoiceField(
        label="Đơn vị chủ trì",
        required=False,
        to_field_name="code",
        queryset=OrgUnit.objects.filter(active=True).order_by("position", "code"),
        empty_label="— không có —",
    )
    stock = forms.BooleanField(label="Lũy kế (số liệu tồn, được điền sẵn từ kỳ trước)", required=False)
    choices = forms.CharField(
        label="Mã lựa chọn",
        max_length=1000,
        required=False,
        help_text="Chỉ với loại Lựa chọn, ví dụ «0: Chưa; 1: Hoàn thành».",
    )
    previous_code = forms.CharField(
        label="Mã năm trước",
        max_length=32,
        required=False,
        help_text="Khi chỉ tiêu được đánh số lại: mã của nó trong biểu mẫu năm trước; "
        "«-» nếu là chỉ tiêu mới dù trùng mã năm trước.",
    )
    after = forms.ChoiceField(label="Đặt sau dòng", required=False)

    def __init__(self, *args, rows=(), new=True, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            self.fields["after"].choices = [("", "— cuối biểu mẫu —")] + [
                (r.code, f"{r.code} {r.name[:70]}") for r in rows
            ]
        else:
            del self.fields["after"]
            self.fields["code"].disabled = True

    def clean_code(self):
        return self.cleaned_data["code"].strip().replace(" ", "").rstrip(".")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Indicator.Kind.CHOICE:
            parsed = editing.parse_choices(data.get("choices"))
            if not parsed:
                self.add_error("choices", "Ghi các mã như «0: Chưa; 1: Hoàn thành».")
            data["choices_parsed"] = parsed
        return data


def _row_from(data, stt):
    return Row(
        code=data["code"],
        stt=stt,
        name=data["name"].strip(),
        measure=data.get("measure", "").strip(),
        kind=data["kind"],
        responsible=data["responsible"].code if data.get("responsible") else None,
        stock=data.get("stock", False),
        choices=data.get("choices_parsed"),
        previous_code=data.get("previous_code", "").strip().rstrip("."),
    )


@login_required
def row_add(request, year):
    _coordinator(request.user)
    form = _form_or_404(year)
    draft = editing.draft_of(form)
    row_form = RowForm(request.POST or None, rows=draft.rows, new=True)
    if request.method == "POST" and row_form.is_valid():
        data = row_form.cleaned_data
        row = _row_from(data, "" if editing.PART.match(data["code"]) else data["code"] + ".")
        at = editing.insertion_point(draft.rows, row.code, data.get("after") or None)
        draft.rows.insert(at, row)
        return _store(request, form, draft, f"Đã thêm dòng {row.code}.")
    return render(
        request,
        "catalog/row_form.html",
        {"form": form, "row_form": row_form, "year": year, "row": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def row_edit(request, year, code):
    _coordinator(request.user)
    form = _form_or_404(year)
    draft = editing.draft_of(form)
    row = next((r for r in draft.rows if r.code == code), None)
    if row is None:
        raise Http404(f"Không có dòng {code} trong biểu mẫu năm {year}.")
    initial = {
        "code": row.code,
        "name": row.name,
        "measure": row.measure,
        "kind": row.kind,
        "responsible": row.responsible,
        "stock": row.stock,
        "choices": editing.choices_text(row.choices),
        "previous_code": row.previous_code,
    }
    row_form = RowForm(request.POST or None, initial=initial, new=False)
    if request.method == "POST" and row_form.is_valid():
        data = dict(row_form.cleaned_data, code=row.code)
        edited = _row_from(data, row.stt)
        draft.rows[draft.rows.index(row)] = edited
        return _store(request, form, draft, f"Đã sửa dòng {row.code}.")
    return render(
        request,
        "catalog/row_form.html",
        {
            "form": form,
            "row_form": row_form,
            "year": year,
            "row": row,
            "valued": row.code in editing.valued_codes(form),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def row_delete(request, year, code):
    _coordinator(request.user)
    form = _form_or_404(year)
    draft = editing.draft_of(form)
    codes = [r.code for r in draft.rows]
    if code not in codes:
        raise Http404(f"Không có dòng {code} trong biểu mẫu năm {year}.")
    start = codes.index(code)
    # A heading goes with the rows under it.
    del draft.rows[start : editing.block_end(draft.rows, start)]
    return _store(request, form, draft, f"Đã bỏ dòng {code}.")


@login_required
@require_POST
def row_move(request, year, code, direction):
    _coordinator(request.user)
    if direction not in ("len", "xuong"):
        raise Http404("Không có thao tác này.")
    form = _form_or_404(year)
    draft = editing.draft_of(form)
    if code not in {r.code for r in draft.rows}:
        raise Http404(f"Không có dòng {code} trong biểu mẫu năm {year}.")
    if not editing.move(draft.rows, code, -1 if direction == "len" else 1):
        messages.info(request, f"Dòng {code} đã ở đầu hoặc cuối nhóm của nó.")
        return redirect("form_page", year=year)
    return _store(request, form, draft, f"Đã chuyển dòng {code}.")


# --- Rules -------------------------------------------------------------------------------------


class RuleForm(forms.Form):
    code = forms.SlugField(
        label="Mã quy tắc", max_length=64, help_text="Chữ thường, số, gạch nối: «hoan-thanh-le-de-ra»."
    )
    kind = forms.ChoiceField(
        label="Loại", choices=[("compare", "So sánh hai vế"), ("jump", "Tăng giảm đột biến so với kỳ trước")]
    )
    left = forms.CharField(label="Vế trái (mã chỉ tiêu, cách nhau bởi dấu phẩy; được cộng lại)", max_length=1000)
    op = forms.ChoiceField(label="Phép so sánh", choices=[(o, o) for o in editing.OPS], required=False)
    right = forms.CharField(label="Vế phải (mã chỉ tiêu, hoặc một số)", max_length=1000, required=False)
    factor = forms.DecimalField(
        label="Hệ số (với loại tăng giảm đột biến)", required=False, min_value=1, max_digits=8, decimal_places=2
    )
    severity = forms.ChoiceField(label="Mức độ", choices=[("error", "Lỗi (chặn ký ban hành)"), ("warning", "Cảnh báo")])
    message = forms.CharField(
        label="Thông báo (để trống: hệ thống tự viết)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, existing=False, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = set(codes)
        if existing:
            self.fields["code"].disabled = True

    def rule(self):
        from .formfile import _codes, _number

        d = self.cleaned_data
        rule = {
            "code": d["code"],
            "kind": d["kind"],
            "left": _codes(d["left"]),
            "op": d.get("op") or "<=",
            "severity": d["severity"],
        }
        right = (d.get("right") or "").strip()
        if right:
            # A code of the form ("2.1") reads like a decimal: it is a code when the form has it.
            codes = _codes(right)
            if all(c in self.codes for c in codes) or _number(right) is None:
                rule["right"] = codes
            else:
                rule["constant"] = _number(right)
        if d.get("factor") is not None:
            rule["factor"] = float(d["factor"])
        if d.get("message"):
            rule["message"] = d["message"].strip()
        return rule


@login_required
def rule_edit(request, year, rule=None):
    code = rule
    _coordinator(request.user)
    form = _form_or_404(year)
    draft = editing.draft_of(form)
    current = next((r for r in draft.rules if r["code"] == code), None) if code else None
    if code and current is None:
        raise Http404(f"Không có quy tắc {code}.")
    initial = {}
    if current:
        initial = dict(
            current,
            left=", ".join(current["left"]),
            right=", ".join(current.get("right", [])) or current.get("constant", ""),
        )
    rule_form = RuleForm(
        request.POST or None, initial=initial, existing=bool(current), codes=[r.code for r in draft.rows]
    )
    if request.method == "POST" and rule_form.is_valid():
        rule = rule_form.rule()
        if current:
            rule["code"] = current["code"]
            draft.rules[draft.rules.index(current)] = rule
        else:
            draft.rules.append(rule)
        return _store(request, form, draft, f"Đã lưu quy tắc {rule['code']}.")
    return render(
        request,
        "catalog/rule_form.html",
        {"form": form, "rule_form": rule_form, "year": year, "rule": current},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def rule_delete(request, year, rule):
    code = rule
    _coordinator(request.user)
    form = _form_or_404(year)
    draft = editing.draft_of(form)
    kept = [r for r in draft.rules if r["code"] != code]
    if len(kept) == len(draft.rules):
        raise Http404(f"Không có quy tắc {code}.")
    draft.rules = kept
    return _store(request, form, draft, f"Đã bỏ quy tắc {code}.")


# --- Upload with a preview ---------------------------------------------------------------------


def _draft_to_session(draft):
    return {
        "rows": [vars(r) for r in draft.rows],
        "rules": draft.rules,
        "title": draft.title,
        "source": draft.source,
        "warnings": draft.warnings,
    }


def _draft_from_session(data):
    return editing.Draft(
        rows=[Row(**r) for r in data["rows"]],
        rules=data["rules"],
        title=data["title"],
        source=data["source"],
        warnings=data["warnings"],
    )


@login_required
@require_POST
def form_upload(request):
    """Read the file and show what would change; nothing is stored until the coordinator confirms."""
    _coordinator(request.user)
    upload = request.FILES.get("file")
    try:
        year = int(request.POST.get("year", ""))
        if not 1990 <= year <= 2200:
            raise ValueError
    except ValueError:
        return _refused(request, None, ["Năm không hợp lệ."], status=400)
    if upload is None:
        return _refused(request, None, ["Chưa chọn tệp biểu mẫu (.xlsx hoặc .docx)."], status=400)
    if upload.size > MAX_BYTES:
        return _refused(
            request, None, [f"Tệp {upload.name} quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB)."], status=413
        )
    try:
        draft = read_form_file(upload.read(MAX_BYTES + 1), upload.name, year)
        changes = editing.apply(year, draft, by=request.user, dry_run=True)
    except Unreadable as exc:
        return _refused(request, None, [str(exc)], status=400)
    except FormInvalid as exc:
        return _refused(request, None, exc.messages, status=400)
    request.session[SESSION_KEY] = {"year": year, "name": upload.name, "draft": _draft_to_session(draft)}
    names = {r.code: r.name for r in draft.rows}
    form = ReportForm.objects.filter(year=year).first()
    old_names = dict(form.indicators.values_list("code", "name")) if form else {}
    return render(
        request,
        "catalog/upload_preview.html",
        {
            "year": year,
            "name": upload.name,
            "changes": changes,
            "exists": form is not None,
            "added": [(c, names[c]) for c in changes.added],
            "changed": [(c, names[c]) for c in changes.changed],
            "removed": [(c, old_names.get(c, "")) for c in changes.removed],
            "rows": len(draft.rows),
        },
    )


@login_required
@require_POST
def form_upload_confirm(request):
    _coordinator(request.user)
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return _refused(request, None, ["Không còn tệp đang chờ lưu; tải tệp lên lại."], status=400)
    year = pending["year"]
    try:
        changes = editing.apply(year, _draft_from_session(pending["draft"]), by=request.user, published=False)
    except FormInvalid as exc:
        return _refused(request, None, exc.messages, status=409)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        f"Đã lưu biểu mẫu năm {year} từ tệp {pending['name']}: thêm {len(changes.added)}, "
        f"sửa {len(changes.changed)}, bỏ {len(changes.removed)} mã.",
    )
    return redirect("form_page", year=year)
