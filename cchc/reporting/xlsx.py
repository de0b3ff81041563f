"""Excel in and out for reports: the blank form of a unit, a unit's filled report, and reading a
workbook someone filled in (ours, or one laid out like the directive's own appendix).

Reading goes by STT, never by row number: offices insert blank rows, repeat the header after page
breaks, delete rows, merge cells and type numbers as text, and the file must still read the same.
"""
import datetime as dt
import io
import re

from django.utils import timezone

from cchc.catalog.models import Indicator
from cchc.catalog.validation import FormSpec, check_values
from cchc.office.dates import ddmmyyyy
from cchc.office.numbers import format_number
from cchc.office.xlsx import (
    MARKER_MAGIC,
    MARKER_SHEET,
    BadWorkbook,
    SheetRow,
    build_appendix,
    check_package,
    float_decimal,
    has_formulas,
    is_percent_format,
    norm_stt,
    norm_text,
    workbook_bytes,
)

from .files import Invalid, Payload, Unreadable

NOTE_LINE = ("Ghi chú: Đây là mẫu chung, đối với những nội dung không thuộc thẩm quyền báo cáo, các đơn vị để trống "
             "(để trống khác với ghi số 0)./.")
MAX_ROWS = 20_000  # rows walked, empty ones included
MAX_FILLED_ROWS = 2_000  # rows holding anything: the form has ~110
MAX_COLS = 30
HEADER_SCAN = 40
_CODE = re.compile(r"^\d+(\.\d+)*(\.[a-z])?$")


# --- Writing ----------------------------------------------------------------------------------

def source_line(form):
    """"(Kèm theo văn bản số 158/UBND-NV ngày 08/02/2021 của UBND thị xã An Khê)", as under the
    directive's appendix title."""
    text = (form.source or "").strip()
    lower = text.lower()
    if lower.startswith("phụ lục kèm theo"):
        text = "Kèm theo" + text[len("phụ lục kèm theo"):]
    return f"({text})" if text else ""


def title_lines(form, unit_line, period):
    lines = [("Phụ lục", "bold"), (form.title.upper(), "title")]
    if source_line(form):
        lines.append((source_line(form), "italic"))
    lines.append((unit_line, "bold"))
    lines.append((f"Kỳ báo cáo: {period.title} — số liệu tính từ ngày {ddmmyyyy(period.data_from)} "
                  f"đến ngày {ddmmyyyy(period.data_to)}", "italic"))
    return lines


def display_stt(ind, previous):
    """STT as the directive prints it: "Trong đó" on the first part row, blank on the next ones."""
    if ind.part_of_parent:
        return "" if previous is not None and previous.part_of_parent else "Trong đó"
    return ind.stt or ind.code


def sheet_rows(spec, values=None, extras=None):
    """SheetRows of the form in order; `values` {code: number}; `extras` {code: [cells]}."""
    values = values or {}
    rows, previous, last_responsible = [], None, None
    for ind in spec.indicators.values():
        note = ""
        if ind.responsible_id and ind.responsible_id != last_responsible:
            # Ghi chú names the responsible unit where a block starts, as on paper.
            note = ind.responsible.name
        last_responsible = ind.responsible_id
        rows.append(SheetRow(stt=display_stt(ind, previous), name=ind.name, measure=ind.display_measure,
                             kind=ind.kind, choices=ind.choices, note=note, value=values.get(ind.code),
                             extras=(extras or {}).get(ind.code, [])))
        previous = ind
    return rows


def marker(spec, unit_code, period, kind):
    return {"form_year": spec.form.year, "form_version": spec.form.version, "unit": unit_code,
            "period": period.code, "kind": kind, "created_at": timezone.localtime().isoformat(timespec="seconds")}


def _spec(period):
    from .actions import spec_for

    return spec_for(period)


def template_bytes(unit, period, values=None):
    """The appendix for a unit to fill: only Số liệu is editable. With `values` ({code: number}, the
    report's stored figures) it comes pre-filled: an officer who corrects a few cells and uploads it
    back then sends the whole report, not a few cells that would blank the rest. Same marker either
    way, so both import alike."""
    spec = _spec(period)
    wb, _ = build_appendix(titles=title_lines(spec.form, f"Đơn vị báo cáo: {unit.name}", period),
                           rows=sheet_rows(spec, values), marker=marker(spec, unit.code, period, "template"),
                           note_line=NOTE_LINE)
    return workbook_bytes(wb)


def report_bytes(report):
    """A unit's report in the same layout, filled: it can be corrected and imported again."""
    spec = _spec(report.period)
    status = report.get_status_display()
    wb, _ = build_appendix(
        titles=title_lines(spec.form, f"Đơn vị báo cáo: {report.unit.name} (trạng thái: {status})", report.period),
        rows=sheet_rows(spec, report.value_map()), marker=marker(spec, report.unit.code, report.period, "report"),
        note_line=NOTE_LINE)
    return workbook_bytes(wb)


# --- Reading ----------------------------------------------------------------------------------

def read_report_workbook(data, name, *, unit=None, period=None):
    """A Payload (unit, period, values {code: raw}) from a filled workbook, or Unreadable (the file
    cannot be opened) or Invalid (it opens but says something wrong; each message names the sheet
    row and its STT)."""
    try:
        zf = check_package(data, name)
    except BadWorkbook as exc:
        raise Unreadable(str(exc)) from None
    table = _load_table(data, name, formulas=has_formulas(zf))
    file_marker = table["marker"]
    messages = []
    if file_marker:
        if file_marker.get("kind") == "consolidated":
            raise Invalid(f"Tệp {name} là báo cáo tổng hợp của thị xã, không nhập như báo cáo của một đơn vị.")
        if unit and file_marker.get("unit") and unit != file_marker["unit"]:
            raise Invalid(f"Tệp {name} là biểu mẫu của đơn vị {file_marker['unit']}, không phải của đơn vị {unit}.")
        if period and file_marker.get("period") and period != file_marker["period"]:
            raise Invalid(f"Tệp {name} là biểu mẫu kỳ {file_marker['period']}, không phải kỳ {period}.")
        unit = unit or file_marker.get("unit") or None
        period = period or file_marker.get("period") or None
    if not period or not unit:
        missing = " và ".join(w for w, v in (("đơn vị (--unit)", unit), ("kỳ báo cáo (--period)", period)) if not v)
        raise Invalid(f"Tệp {name} không mang thông tin đơn vị và kỳ báo cáo (không phải biểu mẫu tải từ hệ thống): "
                      f"hãy chỉ rõ {missing}.")
    from .models import Period

    the_period = Period.objects.filter(code=period).first()
    if the_period is None:
        raise Invalid(f"Không có kỳ báo cáo mã «{period}».")
    spec = FormSpec.for_year(the_period.year)
    if spec is None:
        raise Invalid(f"Chưa có biểu mẫu báo cáo của năm {the_period.year}.")
    rows, walk_errors, unknown = _walk(table, spec)
    warnings = []
    if file_marker:
        other_year = str(file_marker.get("form_year", spec.form.year)) != str(spec.form.year)
        other_version = file_marker.get("form_version") and file_marker["form_version"] != spec.form.version
        if other_year or (other_version and unknown):
            raise Invalid(f"Tệp {name} được tạo từ biểu mẫu khác (năm {file_marker.get('form_year')}, phiên bản "
                          f"{str(file_marker.get('form_version'))[:12]}) với biểu mẫu hiện hành của năm "
                          f"{spec.form.year}; hãy tải biểu mẫu mới và điền lại.")
        if other_version:
            # An older template whose rows still carry the same STT codes reads the same: refusing it
            # would only make offices retype figures after a wording fix in the form.
            warnings.append(f"Tệp {name} được tạo từ phiên bản biểu mẫu trước; các mã STT vẫn khớp nên vẫn được nhận.")
    messages.extend(walk_errors)
    raw = {code: row["value"] for code, row in rows.items() if row["value"] is not None}
    checked = check_values(spec, raw)
    for issue in checked.errors:
        row = rows.get(issue.code)
        where = f"Dòng {row['row']}: " if row else ""
        messages.append(where + issue.message)
    if messages:
        raise Invalid(messages)
    if not rows:
        raise Invalid(f"Tệp {name}: không tìm thấy dòng chỉ tiêu nào (cột STT theo biểu mẫu).")
    return Payload(unit=unit, period=period, values=checked.values, narrative=None, source=name, warnings=warnings)


def _load_table(data, name, *, formulas):
    """The marker and the rows of the table as plain tuples, read in openpyxl's read-only mode.

    Any failure of openpyxl here means the package is damaged inside (bad XML, missing parts):
    every such exception is the same "unreadable" for the person who sent it."""
    from openpyxl import load_workbook

    broken = f"Tệp {name} bị hỏng hoặc không phải tệp Excel hợp lệ; hãy mở bằng Excel, lưu lại rồi gửi lại."
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise Unreadable(broken) from None
    try:
        file_marker = _read_marker(wb)
        sheet, layout, rows = _read_sheet(wb, name)
    except Unreadable:
        raise
    except Exception:
        raise Unreadable(broken) from None
    finally:
        wb.close()
    formula_rows = set()
    if formulas:
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                ws = wb[sheet]
                for r, cells in enumerate(ws.iter_rows(min_col=layout["value"], max_col=layout["value"],
                                                       max_row=len(rows)), start=1):
                    value = cells[0].value if cells else None
                    if isinstance(value, str) and value.startswith("="):
                        formula_rows.add(r)
            finally:
                wb.close()
        except Exception:
            raise Unreadable(broken) from None
    return {"marker": file_marker, "rows": rows, "layout": layout, "formula_rows": formula_rows}


def _read_marker(wb):
    if MARKER_SHEET not in wb.sheetnames:
        return None
    ws = wb[MARKER_SHEET]
    pairs = {}
    for i, row in enumerate(ws.iter_rows(max_col=2, max_row=20, values_only=True)):
        if i == 0:
            if not row or row[0] != MARKER_MAGIC:
                return None
            continue
        if row and row[0]:
            pairs[str(row[0])] = "" if row[1] is None else str(row[1])
    return pairs


def _header_columns(values):
    found = {}
    for col, value in enumerate(values, start=1):
        text = norm_text(value)
        if not text:
            continue
        if text == "stt":
            found.setdefault("stt", col)
        elif text.startswith("chỉ tiêu"):
            found.setdefault("name", col)
        elif text == "số liệu":
            found.setdefault("value", col)
        elif text.startswith("đơn vị tính"):
            found.setdefault("measure", col)
    return found


def _read_sheet(wb, name):
    """(sheet title, columns, rows) of the first sheet with the appendix's header; rows are
    (stt, name, value, number_format, is_date) per sheet row, 1-based, gaps included."""
    candidates = [ws for ws in wb.worksheets if ws.title != MARKER_SHEET and getattr(ws, "sheet_state", "visible")
                  == "visible"] or [ws for ws in wb.worksheets if ws.title != MARKER_SHEET]
    if not candidates:
        raise Unreadable(f"Tệp {name} không có trang tính nào.")
    chosen, layout = None, None
    for ws in candidates:
        found = {}
        for _i, values in enumerate(ws.iter_rows(max_row=HEADER_SCAN, max_col=MAX_COLS, values_only=True), start=1):
            cols = _header_columns(values)
            if "stt" in cols or found:
                for k, v in cols.items():
                    found.setdefault(k, v)
            if "stt" in found and "value" in found:
                break
        if "stt" in found and "value" in found:
            chosen, layout = ws, found
            break
    if chosen is None:
        # No header row: the directive's column order (STT, Chỉ tiêu, Đơn vị tính, Số liệu).
        chosen, layout = candidates[0], {"stt": 1, "name": 2, "measure": 3, "value": 4}
    layout.setdefault("name", layout["stt"] + 1)
    width = min(MAX_COLS, max(layout.values()))
    rows, filled = [], 0
    for cells in chosen.iter_rows(max_col=width):
        if len(rows) >= MAX_ROWS:
            raise Unreadable(f"Tệp {name} có quá nhiều dòng (hơn {MAX_ROWS:,}), không phải biểu mẫu báo cáo."
                             .replace(",", "."))
        def get(c, cells=cells):
            return cells[c - 1] if c - 1 < len(cells) else None
        stt, nm, val = get(layout["stt"]), get(layout["name"]), get(layout["value"])
        measure = get(layout["measure"]) if "measure" in layout else None
        row = (_v(stt), _v(nm), _v(val), getattr(val, "number_format", None) or "General",
               bool(getattr(val, "is_date", False)), _v(measure))
        if any(x not in (None, "") for x in (row[0], row[1], row[2])):
            filled += 1
            if filled > MAX_FILLED_ROWS:
                raise Unreadable(f"Tệp {name} có quá nhiều dòng số liệu (hơn {MAX_FILLED_ROWS:,}), không phải biểu "
                                 f"mẫu báo cáo.".replace(",", "."))
        rows.append(row)
    return chosen.title, layout, rows


def _v(cell):
    return None if cell is None else cell.value


_HEADER_TEXTS = {"stt", "số liệu", "đơn vị tính", "kết quả thống kê", "ghi chú"}


def _is_header(stt, name, value, measure):
    texts = {norm_text(x) for x in (stt, name, value, measure) if isinstance(x, str)}
    return bool(texts & _HEADER_TEXTS) or norm_text(name).startswith("chỉ tiêu thống kê")


def _walk(table, spec):
    """Match sheet rows to indicators. Returns ({code: {"row", "stt", "value"}}, errors, unknown
    STT codes seen)."""
    parts_of = {}
    for ind in spec.indicators.values():
        if ind.part_of_parent:
            parts_of.setdefault(ind.parent_code, []).append(ind)
    layout_start = 1
    out, errors, unknown = {}, [], []
    parent, next_part = None, 0
    formula_rows = table["formula_rows"]
    for row_no, (stt_raw, name_raw, value, fmt, is_date, measure) in enumerate(table["rows"], start=layout_start):
        stt = norm_stt(stt_raw)
        if _is_header(stt_raw, name_raw, value, measure):
            continue
        blank_value = value is None or (isinstance(value, str) and not value.strip())
        part_label = norm_text(stt_raw) in ("trong đó", "trong do", "trong đó có")
        if stt and not part_label:
            ind = spec.indicators.get(stt)
            if ind is None:
                if _CODE.match(stt):
                    unknown.append(stt)
                    if not blank_value:
                        errors.append(f"Dòng {row_no}: STT «{stt_raw}» không có trong biểu mẫu năm {spec.form.year}.")
                # Other unnumbered text (titles, notes, "(1) (2) (3)" column numbers) is not data.
                continue
            if not ind.part_of_parent:
                parent, next_part = ind.code, 0
            else:
                parent, next_part = ind.parent_code, parts_of[ind.parent_code].index(ind) + 1
        else:
            name_text = norm_text(name_raw)
            if not part_label and not name_text and blank_value:
                continue
            candidates = parts_of.get(parent, [])
            ind = None
            if name_text:
                # A "Trong đó" row is known by its wording when it has one (a row above may have been
                # deleted), otherwise by its place under the parent row.
                ind = next((p for p in candidates if norm_text(p.name) == name_text), None)
            if ind is None and next_part < len(candidates):
                ind = candidates[next_part]
            if ind is None:
                if not blank_value:
                    errors.append(f"Dòng {row_no}: có số liệu nhưng không có STT, không biết thuộc chỉ tiêu nào.")
                # Otherwise the rest of a wrapped indicator name carried onto a new page.
                continue
            next_part = candidates.index(ind) + 1
        code = ind.code
        label = ind.code if not ind.part_of_parent else f"{ind.parent_code} (Trong đó: {ind.name})"
        if row_no in formula_rows and blank_value:
            errors.append(f"Dòng {row_no} (STT {label}): ô Số liệu có công thức nhưng chưa có kết quả được lưu; "
                          f"hãy mở tệp bằng Excel, lưu lại rồi gửi lại (hoặc nhập số thay cho công thức).")
            continue
        raw, problem = _cell_value(ind, value, fmt, is_date)
        if problem:
            errors.append(f"Dòng {row_no}: {ind.label}: {problem}")
            continue
        if code in out:
            if raw is not None and out[code]["value"] is not None:
                errors.append(f"Dòng {row_no}: STT {label} lặp lại (đã có ở dòng {out[code]['row']}).")
                continue
            if raw is None:
                continue
        out[code] = {"row": row_no, "stt": label, "value": raw}
    return out, errors, unknown


def _cell_value(ind, value, fmt, is_date):
    """(raw value for validation, problem message or None)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, "ô Số liệu chứa giá trị đúng/sai, không phải số."
    if is_date or isinstance(value, (dt.date, dt.datetime, dt.time)):
        return None, ("ô Số liệu là ngày tháng, không phải số (Excel đã tự đổi số vừa nhập thành ngày); "
                      "hãy định dạng ô là Number hoặc Text rồi nhập lại.")
    if isinstance(value, (int, float)):
        number = float_decimal(value)
        if is_percent_format(fmt):
            # 95,5% typed into a percent cell is stored as 0.955.
            number = (number * 100).normalize()
            number = number.quantize(1) if number == number.to_integral_value() else number
        return number, None
    text = " ".join(str(value).split())
    if not text:
        return None, None
    if text.startswith("#"):
        return None, f"ô Số liệu báo lỗi công thức ({text})."
    if ind.kind == Indicator.Kind.CHOICE:
        code = _choice_code(ind, text)
        if code is not None:
            return code, None
    return text, None


def _choice_code(ind, text):
    """"2 - Kết hợp", "2", "Kết hợp" all mean code 2."""
    choices = ind.choices or {}
    head, sep, tail = text.partition("-")
    if sep and head.strip().isdigit():
        # The code decides; validation names the allowed ones if it is not among them.
        return head.strip()
    wanted = norm_text(text)
    for code, label in choices.items():
        if norm_text(label) == wanted:
            return code
    return None


def values_preview(spec, values, current):
    """Rows for an upload preview: [(indicator, new display, current display, changed)]."""
    out = []
    for ind in spec.indicators.values():
        if not ind.has_value:
            continue
        new, old = values.get(ind.code), current.get(ind.code)
        if new is None and old is None:
            continue
        out.append((ind, display_value(ind.kind, ind.choices, new), display_value(ind.kind, ind.choices, old),
                    (None if new is None else float(new)) != (None if old is None else float(old))))
    return out


def display_value(kind, choices, value):
    """A figure as a Vietnamese reader expects it: "1.234", "95,5", "2 - Kết hợp"."""
    if value is None:
        return ""
    if kind == Indicator.Kind.CHOICE:
        code = str(int(value))
        return f"{code} - {(choices or {}).get(code, '')}"
    return format_number(value)
