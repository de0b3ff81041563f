"""Excel in and out for reports: the blank form of a unit, a unit's filled report, and reading a
workbook someone filled in (ours, or one laid out like the directive's own appendix).

Reading goes by STT, never by row number: offices insert blank rows, repeat the header after page
breaks, delete rows, merge cells and type numbers as text, and the file must still read the same.
"""

import datetime as dt
import re

from django.utils import timezone

from cchc.catalog.models import Indicator
from cchc.catalog.validation import FormSpec, check_values
from cchc.office.dates import ddmmyyyy
from cchc.office.numbers import format_number
from cchc.office.package import BadPackage
from cchc.office.xlsx import (
    MARKER_MAGIC,
    MARKER_SHEET,
    SheetRow,
    build_appendix,
    choice_label,
    float_decimal,
    is_percent_format,
    norm_stt,
    norm_text,
    workbook_bytes,
)

from .files import Invalid, Payload, Unreadable

NOTE_LINE = (
    "Ghi chú: Đây là mẫu chung, đối với những nội dung không thuộc thẩm quyền báo cáo, các đơn vị để trống "
    "(để trống khác với ghi số 0)./."
)
MAX_ROWS = 20_000  # rows walked, empty ones included
MAX_FILLED_ROWS = 2_000  # rows holding anything: the form has ~110
MAX_COLS = 30
HEADER_SCAN = 40
_CODE = re.compile(r"^\d+(\.\d+)*(\.[a-z])?$")


# --- Writing ----------------------------------------------------------------------------------


def source_line(form):
    """ "(Kèm theo văn bản số … ngày … của UBND …)", as under the directive's appendix title."""
    text = (form.source or "").strip()
    lower = text.lower()
    if lower.startswith("phụ lục kèm theo"):
        text = "Kèm theo" + text[len("phụ lục kèm theo") :]
    return f"({text})" if text else ""


def title_lines(form, unit_line, period):
    lines = [("Phụ lục", "bold"), (form.title.upper(), "title")]
    if source_line(form):
        lines.append((source_line(form), "italic"))
    lines.append((unit_line, "bold"))
    lines.append(
        (
            f"Kỳ báo cáo: {period.title} — số liệu tính từ ngày {ddmmyyyy(period.data_from)} "
            f"đến ngày {ddmmyyyy(period.data_to)}",
            "italic",
        )
    )
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
        rows.append(
            SheetRow(
                stt=display_stt(ind, previous),
                name=ind.name,
                measure=ind.display_measure,
                kind=ind.kind,
                choices=ind.choices,
                note=note,
                value=values.get(ind.code),
                extras=(extras or {}).get(ind.code, []),
            )
        )
        previous = ind
    return rows


def marker(spec, unit_code, period, kind):
    # "sheet": the sheet this marker speaks for, so a workbook holding several copies is read right.
    return {
        "form_year": spec.form.year,
        "form_version": spec.form.version,
        "unit": unit_code,
        "sheet": "Phụ lục",
        "period": period.code,
        "kind": kind,
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def _spec(period):
    from .actions import spec_for

    return spec_for(period)


def template_bytes(unit, period, values=None):
    """The appendix for a unit to fill: only Số liệu is editable. With `values` ({code: number}, the
    report's stored figures) it comes pre-filled: an officer who corrects a few cells and uploads it
    back then sends the whole report, not a few cells that would blank the rest. Same marker either
    way, so both import alike."""
    spec = _spec(period)
    wb, _ = build_appendix(
        titles=title_lines(spec.form, f"Đơn vị báo cáo: {unit.name}", period),
        rows=sheet_rows(spec, values),
        marker=marker(spec, unit.code, period, "template"),
        note_line=NOTE_LINE,
    )
    return workbook_bytes(wb)


def report_bytes(report):
    """A unit's report in the same layout, filled: it can be corrected and imported again."""
    spec = _spec(report.period)
    status = report.get_status_display()
    wb, _ = build_appendix(
        titles=title_lines(spec.form, f"Đơn vị báo cáo: {report.unit.name} (trạng thái: {status})", report.period),
        rows=sheet_rows(spec, report.value_map()),
        marker=marker(spec, report.unit.code, report.period, "report"),
        note_line=NOTE_LINE,
    )
    return workbook_bytes(wb)


# --- Reading ----------------------------------------------------------------------------------


def read_report_workbook(data, name, *, unit=None, period=None):
    """A Payload (unit, period, values {code: raw}) from a filled workbook (.xlsx, .xls, .ods), or
    Unreadable (the file cannot be opened) or Invalid (it opens but says something wrong; each
    message names the sheet row and its STT)."""
    from cchc.office.sheets import open_book

    try:
        book = open_book(data, name)
    except BadPackage as exc:
        raise Unreadable(str(exc)) from None
    try:
        return read_report_book(book, name, unit=unit, period=period)
    finally:
        book.close()


def read_report_book(book, name, *, unit=None, period=None, what="trang"):
    """The same reading over any cchc.office.sheets.Book: a workbook of any format, or the
    appendix table of a Word report (`what` names where the figures were found)."""
    try:
        table = _load_table(book, name, unit=unit, period=period)
    except BadPackage as exc:
        raise Unreadable(str(exc)) from None
    file_marker = table["marker"]
    messages = []
    if file_marker:
        if file_marker.get("kind") == "consolidated":
            raise Invalid(f"Tệp {name} là báo cáo tổng hợp, không nhập như báo cáo của một đơn vị.")
        if unit and file_marker.get("unit") and unit != file_marker["unit"]:
            raise Invalid(f"Tệp {name} là biểu mẫu của đơn vị {file_marker['unit']}, không phải của đơn vị {unit}.")
        if period and file_marker.get("period") and period != file_marker["period"]:
            raise Invalid(f"Tệp {name} là biểu mẫu kỳ {file_marker['period']}, không phải kỳ {period}.")
        unit = unit or file_marker.get("unit") or None
        period = period or file_marker.get("period") or None
    if not period or not unit:
        missing = " và ".join(w for w, v in (("đơn vị (--unit)", unit), ("kỳ báo cáo (--period)", period)) if not v)
        raise Invalid(
            f"Tệp {name} không mang thông tin đơn vị và kỳ báo cáo (không phải biểu mẫu tải từ hệ thống): "
            f"hãy chỉ rõ {missing}."
        )
    from .models import Period

    the_period = Period.objects.filter(code=period).first()
    if the_period is None:
        raise Invalid(f"Không có kỳ báo cáo mã «{period}».")
    spec = FormSpec.for_year(the_period.year)
    if spec is None:
        raise Invalid(f"Chưa có biểu mẫu báo cáo của năm {the_period.year}.")
    rows, walk_errors, unknown = _walk(table, spec)
    warnings = list(table["notes"])
    if file_marker:
        other_year = str(file_marker.get("form_year", spec.form.year)) != str(spec.form.year)
        other_version = file_marker.get("form_version") and file_marker["form_version"] != spec.form.version
        if other_year or (other_version and unknown):
            raise Invalid(
                f"Tệp {name} được tạo từ biểu mẫu khác (năm {file_marker.get('form_year')}, phiên bản "
                f"{str(file_marker.get('form_version'))[:12]}) với biểu mẫu hiện hành của năm "
                f"{spec.form.year}; hãy tải biểu mẫu mới và điền lại."
            )
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
        raise Invalid(
            f"Tệp {name}: không tìm thấy dòng chỉ tiêu nào (cột STT theo biểu mẫu) ở {what} «{table['sheet']}»."
        )
    return Payload(
        unit=unit,
        period=period,
        values=checked.values,
        narrative=None,
        source=name,
        warnings=warnings,
        sheet=table["sheet"],
    )


def _load_table(book, name, *, unit=None, period=None):
    """The marker, the sheet chosen and its rows as plain tuples."""
    markers = _read_markers(book)
    index, layout, notes = _choose_sheet(book, name, markers, unit, period)
    title = book.sheets[index].title
    file_marker = _marker_for(markers, title, unit, period)
    rows = _read_rows(book, index, layout, name)
    formula_rows = book.formula_rows(index, layout["value"], len(rows))
    legacy = _legacy_text(rows, title)
    return {
        "marker": file_marker,
        "rows": [r[0] for r in legacy],
        "layout": layout,
        "formula_rows": formula_rows,
        "sheet": title,
        "notes": notes + [w for r in legacy for w in r[1]],
    }


def _legacy_text(rows, title):
    """Rows with text typed in TCVN3 or VNI converted to Unicode, each with its warnings."""
    from cchc.office.legacy import fix_text

    out = []
    for row_no, row in enumerate(rows, start=1):
        fixed, notes = list(row), []
        for i, what in ((0, "STT"), (1, "Chỉ tiêu"), (2, "Số liệu")):
            if isinstance(row[i], str):
                text, encoding = fix_text(row[i])
                if encoding:
                    fixed[i] = text
                    notes.append(
                        f"Trang «{title}», dòng {row_no}, ô {what}: chữ gõ bằng bảng mã {encoding}, "
                        f"đã chuyển sang Unicode («{row[i][:40]}» → «{text[:40]}»)."
                    )
        out.append((tuple(fixed), notes))
    return out


def _read_markers(book):
    """Every marker sheet of the workbook (a sheet copied from another template brings its own)."""
    out = []
    for i, info in enumerate(book.sheets):
        if not (info.title.startswith(MARKER_SHEET) or info.hidden):
            continue
        rows = list(book.rows(i, 2, 20))
        if not rows or not rows[0] or rows[0][0].value != MARKER_MAGIC:
            continue
        out.append(
            {
                str(row[0].value): "" if len(row) < 2 or row[1].value is None else str(row[1].value)
                for row in rows[1:]
                if row and row[0].value
            }
        )
    return out


def _marker_for(markers, title, unit, period):
    """The marker that speaks for the sheet read: the one naming it, else one without a sheet name
    (templates made before markers named their sheet)."""
    named = [m for m in markers if m.get("sheet") == title]
    if named:
        return named[0]
    unnamed = [m for m in markers if not m.get("sheet")]
    return unnamed[0] if unnamed else None


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


def _layout(book, index):
    found = {}
    for values in book.rows(index, MAX_COLS, HEADER_SCAN):
        cols = _header_columns([c.value for c in values])
        if "stt" in cols or found:
            for k, v in cols.items():
                found.setdefault(k, v)
        if "stt" in found and "value" in found:
            return found
    return None


def _choose_sheet(book, name, markers, unit, period):
    """(sheet index, columns, notes). INTERFACES.md: the sheet whose marker names this unit and
    period, else the active sheet — never silently the first one, which may be last quarter's copy."""
    visible = [
        i
        for i, s in enumerate(book.sheets)
        if s.title != MARKER_SHEET and not s.title.startswith(MARKER_SHEET + " ") and not s.hidden
    ]
    if not visible:
        visible = [i for i, s in enumerate(book.sheets) if not s.title.startswith(MARKER_SHEET)]
    if not visible:
        raise Unreadable(f"Tệp {name} không có trang tính nào.")
    titles = {book.sheets[i].title: i for i in visible}
    layouts = {i: _layout(book, i) for i in visible}
    forms = [i for i in visible if layouts[i]]
    chosen, why = None, ""
    for m in markers:
        if (not unit or m.get("unit") == unit) and (not period or m.get("period") == period):
            target = m.get("sheet") or ("Phụ lục" if "Phụ lục" in titles else None)
            if target in titles and layouts[titles[target]]:
                chosen, why = titles[target], f"trang có dấu biểu mẫu của đơn vị {m.get('unit')} kỳ {m.get('period')}"
                break
    if chosen is None and book.active in forms:
        chosen, why = book.active, "trang đang mở khi lưu tệp"
    if chosen is None and forms:
        chosen, why = forms[0], "trang đầu tiên theo mẫu biểu"
    notes = []
    if chosen is None:
        # No header row: the directive's column order (STT, Chỉ tiêu, Đơn vị tính, Số liệu).
        chosen = book.active if book.active in visible else visible[0]
        layout = {"stt": 1, "name": 2, "measure": 3, "value": 4}
    else:
        layout = dict(layouts[chosen])
    if len(forms) > 1:
        notes.append(
            f"Tệp {name} có {len(forms)} trang theo mẫu biểu "
            f"({', '.join('«' + book.sheets[i].title + '»' for i in forms)}); đã đọc trang "
            f"«{book.sheets[chosen].title}» ({why})."
        )
    layout.setdefault("name", layout["stt"] + 1)
    return chosen, layout, notes


def _read_rows(book, index, layout, name):
    """(stt, name, value, number_format, is_date, measure) per sheet row, 1-based, gaps included."""
    width = min(MAX_COLS, max(layout.values()))
    rows, filled = [], 0
    for cells in book.rows(index, width):
        if len(rows) >= MAX_ROWS:
            raise Unreadable(
                f"Tệp {name} có quá nhiều dòng (hơn {format_number(MAX_ROWS)}), không phải biểu mẫu báo cáo."
            )

        def get(c, cells=cells):
            return cells[c - 1] if c - 1 < len(cells) else None

        stt, nm, val = get(layout["stt"]), get(layout["name"]), get(layout["value"])
        measure = get(layout["measure"]) if "measure" in layout else None
        row = (
            _v(stt),
            _v(nm),
            _v(val),
            getattr(val, "number_format", None) or "General",
            bool(getattr(val, "is_date", False)),
            _v(measure),
        )
        if any(x not in (None, "") for x in (row[0], row[1], row[2])):
            filled += 1
            if filled > MAX_FILLED_ROWS:
                raise Unreadable(
                    f"Tệp {name} có quá nhiều dòng số liệu (hơn {format_number(MAX_FILLED_ROWS)}), "
                    "không phải biểu mẫu báo cáo."
                )
        rows.append(row)
    return rows


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
            errors.append(
                f"Dòng {row_no} (STT {label}): ô Số liệu có công thức nhưng chưa có kết quả được lưu; "
                f"hãy mở tệp bằng Excel, lưu lại rồi gửi lại (hoặc nhập số thay cho công thức)."
            )
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
        return None, (
            "ô Số liệu là ngày tháng, không phải số (Excel đã tự đổi số vừa nhập thành ngày); "
            "hãy định dạng ô là Number hoặc Text rồi nhập lại."
        )
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
    """ "2 - Kết hợp", "2", "Kết hợp" all mean code 2."""
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
        out.append(
            (
                ind,
                display_value(ind.kind, ind.choices, new),
                display_value(ind.kind, ind.choices, old),
                (None if new is None else float(new)) != (None if old is None else float(old)),
            )
        )
    return out


def display_value(kind, choices, value):
    """A figure as a Vietnamese reader expects it: "1.234", "95,5", "2 - Kết hợp"."""
    if value is None:
        return ""
    if kind == Indicator.Kind.CHOICE:
        code = str(int(value))
        return choice_label(code, (choices or {}).get(code, ""))
    return format_number(value)
