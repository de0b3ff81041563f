"""Excel helpers with no knowledge of models: the appendix layout of the 2021 directive (công văn 158), a safe
way to write text, and the checks a received workbook must pass before openpyxl may open it."""

import io
import math
import re
import unicodedata
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from .package import OLE_MAGIC, ZIP_MAGIC, BadPackage, Limits, check_macro_name, check_size, encrypted_ole, open_package

FONT_NAME = "Times New Roman"
MARKER_SHEET = "cchc"
MARKER_MAGIC = "cchc-bieu-mau"
# The hidden sheet holds key/value pairs from row 2; choice lists start in this column.
_CHOICE_COL = 4

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_CENTRE_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
_RIGHT_TOP = Alignment(horizontal="right", vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_FONT = Font(name=FONT_NAME, size=12)
_BOLD = Font(name=FONT_NAME, size=12, bold=True)
_ITALIC = Font(name=FONT_NAME, size=12, italic=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)

# Spreadsheet programs treat a cell typed as one of these as a formula (or DDE call) — a text
# from a report must never become one (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def put_text(cell, text, font=None, alignment=None, border=None):
    """Write text so that it stays text: a string starting like a formula is stored as a string
    with Excel's quote prefix (the apostrophe typed before it), never as a formula."""
    text = "" if text is None else str(text)
    cell.value = text
    if text.startswith(_FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    style(cell, font, alignment, border)
    return cell


def put_value(cell, value, font=None, alignment=None, border=None):
    """A number (or a blank: None, never 0) in a cell, styled as style() does; text goes through put_text."""
    if isinstance(value, str):
        return put_text(cell, value, font, alignment, border)
    cell.value = value
    style(cell, font, alignment, border)
    return cell


def style(cell, font=None, alignment=None, border=None):
    """Set a cell's font, alignment and border. openpyxl hashes every style object assigned to find
    it among the workbook's styles — for a sheet of ten thousand units, 12 of the 18 seconds the
    compliance workbook took. So each combination is looked up once per workbook and its style
    indexes copied to the next cells: pass the same Font/Alignment/Border objects (constants), not
    new equal ones, for the cache to hit."""
    if font is None and alignment is None and border is None:
        return cell
    cache = cell.parent.parent.__dict__.setdefault("_cchc_styles", {})
    key = (tuple(cell._style or ()), id(font), id(alignment), id(border))
    found = cache.get(key)
    if found is not None:
        cell._style = copy(found[0])
        return cell
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    # The style objects are kept with the entry: their ids stay theirs while the workbook lives.
    cache[key] = (copy(cell._style), font, alignment, border)
    return cell


def choice_label(code, label):
    """How a choice appears in a drop-down and in exports: "2 - Kết hợp"; import reads it back."""
    return f"{code} - {label}"


@dataclass
class SheetRow:
    stt: str
    name: str
    measure: str = ""
    kind: str = "count"  # heading, count, percent, choice
    choices: dict | None = None
    note: str = ""
    value: object = None  # a number, or a choice code
    extras: list = field(default_factory=list)


@dataclass
class ExtraColumns:
    """Columns after Ghi chú (the consolidated report's roll-up), under one spanning title.

    `kinds` says what each column holds: None for a figure of the row's own kind (a roll-up of a
    count is a count, of a percentage a percentage), or a kind of its own ("count" for a number of
    units, whatever the row). A coded row's "Số đơn vị báo cáo" is a number of units, not a code."""

    group: str
    titles: list
    widths: list
    kinds: list = field(default_factory=list)

    def kind(self, index, row_kind):
        own = self.kinds[index] if index < len(self.kinds) else None
        return own or row_kind


def estimate_lines(text, width):
    """Rows are given heights by hand: Excel does not grow a row to fit wrapped text that a program
    wrote, and a clipped indicator name is unreadable once printed."""
    chars = max(8, int(width * 1.2))
    return max(1, sum(math.ceil(max(1, len(part)) / chars) for part in str(text or "").split("\n")))


def build_appendix(*, titles, rows, marker, note_line="", editable=True, extra=None, footer=()):
    """The appendix as a workbook: title lines, the two header rows of the directive, one row per
    indicator, and a hidden marker sheet. Only the Số liệu column is editable when `editable`.

    titles: [(text, "title"|"bold"|"italic"|"plain")]; marker: {key: value} written to the hidden
    sheet so an import can tell the form version, unit and period even if the visible sheet is edited.
    """
    wb = new_workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    widths = [8, 62, 16, 14, 26] + (list(extra.widths) if extra else [])
    last_col = len(widths)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[_letter(i)].width = w
    fonts = {"title": _TITLE, "bold": _BOLD, "italic": _ITALIC, "plain": _FONT}
    r = 1
    for text, style in titles:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        put_text(ws.cell(r, 1), text, fonts[style], _CENTRE)
        ws.row_dimensions[r].height = 19 * estimate_lines(text, sum(widths) * 0.85)
        r += 1
    r += 1
    head = r
    # Two header rows, merged as in the directive: "Kết quả thống kê" spans Đơn vị tính and Số liệu.
    top = [
        "STT",
        "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
        "Kết quả thống kê",
        None,
        "Ghi chú",
    ]
    sub = [None, None, "Đơn vị tính", "Số liệu", None]
    if extra:
        top += [extra.group] + [None] * (len(extra.titles) - 1)
        sub += list(extra.titles)
    for c in range(1, last_col + 1):
        for rr, texts in ((head, top), (head + 1, sub)):
            cell = ws.cell(rr, c)
            if texts[c - 1] is not None:
                put_text(cell, texts[c - 1])
            cell.font, cell.alignment, cell.border = _BOLD, _CENTRE, _BOX
    for c in (1, 2, 5):
        ws.merge_cells(start_row=head, start_column=c, end_row=head + 1, end_column=c)
    ws.merge_cells(start_row=head, start_column=3, end_row=head, end_column=4)
    if extra and len(extra.titles) > 1:
        ws.merge_cells(start_row=head, start_column=6, end_row=head, end_column=last_col)
    ws.row_dimensions[head].height = 34
    ws.row_dimensions[head + 1].height = 34
    ws.print_title_rows = f"{head}:{head + 1}"
    ws.freeze_panes = ws.cell(head + 2, 1)

    marker_ws = wb.create_sheet(MARKER_SHEET)
    marker_ws.sheet_state = "hidden"
    put_text(marker_ws.cell(1, 1), MARKER_MAGIC)
    for i, (key, value) in enumerate(marker.items(), start=2):
        put_text(marker_ws.cell(i, 1), key)
        put_text(marker_ws.cell(i, 2), "" if value is None else value)

    counts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        errorTitle="Số liệu không hợp lệ",
        error="Nhập một số nguyên không âm (để trống nếu không thuộc thẩm quyền báo cáo).",
    )
    percents = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        errorTitle="Tỷ lệ không hợp lệ",
        error="Nhập tỷ lệ từ 0 đến 100 (ví dụ 95,5).",
    )
    ws.add_data_validation(counts)
    ws.add_data_validation(percents)
    lists = {}
    choice_col = _CHOICE_COL

    r = head + 2
    first_data = r
    for row in rows:
        heading = row.kind == "heading"
        font = _BOLD if heading else _FONT
        put_text(ws.cell(r, 1), row.stt, font, _CENTRE_TOP)
        put_text(ws.cell(r, 2), row.name, font, _WRAP_TOP)
        put_text(ws.cell(r, 3), row.measure, _FONT, _CENTRE_TOP)
        value_cell = ws.cell(r, 4)
        value_cell.font, value_cell.alignment = _FONT, _RIGHT_TOP
        if row.kind == "choice":
            key = tuple(sorted((row.choices or {}).items()))
            if key not in lists:
                labels = [choice_label(k, v) for k, v in (row.choices or {}).items()]
                col = _letter(choice_col)
                for i, label in enumerate(labels, start=1):
                    put_text(marker_ws.cell(i, choice_col), label)
                dv = DataValidation(
                    type="list",
                    formula1=f"{MARKER_SHEET}!${col}$1:${col}${len(labels)}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="stop",
                    errorTitle="Chọn trong danh sách",
                    error="Chọn một mục trong danh sách.",
                )
                ws.add_data_validation(dv)
                lists[key] = dv
                choice_col += 1
            lists[key].add(value_cell)
            if row.value is not None:
                code = str(int(row.value)) if not isinstance(row.value, str) else row.value
                put_text(value_cell, choice_label(code, (row.choices or {}).get(code, "")))
            value_cell.alignment = _WRAP_TOP
        elif row.kind == "count":
            counts.add(value_cell)
            value_cell.number_format = "#,##0"
            value_cell.value = row.value
        elif row.kind == "percent":
            percents.add(value_cell)
            value_cell.number_format = "0.####"
            value_cell.value = row.value
        if editable and not heading:
            value_cell.protection = _UNLOCKED
        put_text(ws.cell(r, 5), row.note, _ITALIC, _WRAP_TOP)
        for i, value in enumerate(row.extras, start=6):
            cell = ws.cell(r, i)
            cell.font, cell.alignment = _FONT, _RIGHT_TOP
            kind = extra.kind(i - 6, row.kind) if extra else row.kind
            if isinstance(value, str):
                put_text(cell, value)
            elif kind == "choice" and value is not None:
                code = str(int(value))
                put_text(cell, choice_label(code, (row.choices or {}).get(code, "")))
            else:
                cell.value = value
                cell.number_format = "#,##0" if kind == "count" else "0.##"
        for c in range(1, last_col + 1):
            ws.cell(r, c).border = _BOX
        lines = max(
            estimate_lines(row.name, widths[1]),
            estimate_lines(row.note, widths[4]),
            estimate_lines(row.measure, widths[2]),
        )
        ws.row_dimensions[r].height = 16.5 * lines + 2
        r += 1
    last_data = r - 1
    if note_line:
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        put_text(ws.cell(r, 1), note_line, _ITALIC, Alignment(wrap_text=True, vertical="top"))
        ws.row_dimensions[r].height = 19 * estimate_lines(note_line, sum(widths))
    for line in footer:
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        put_text(ws.cell(r, 1), line, _FONT, Alignment(wrap_text=True, vertical="top"))
        ws.row_dimensions[r].height = 17 * estimate_lines(line, sum(widths))

    # Printed on A4 landscape, one page wide, the header rows repeated on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.6, 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.print_area = f"A1:{_letter(last_col)}{r}"
    if editable:
        # No password: protection guards against typing into the wrong column, not against
        # a determined user; the import reads by STT anyway. Resizing rows and columns stays allowed.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    marker_ws.protection.sheet = True
    ws.sheet_view.zoomScale = 100
    return wb, (first_data, last_data)


def _letter(col):
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def new_workbook():
    """A workbook to fill and hand to workbook_bytes(): the one way the system makes an .xlsx."""
    return Workbook()


def workbook_bytes(wb):
    """The bytes of `wb`, every cell that would be read as a formula made text first.

    The one writer of every .xlsx the system hands out: whatever a builder forgot, a unit name or a
    task typed as `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` reaches the reader as the text it is. The
    system writes no formula of its own, so nothing legitimate is lost."""
    for ws in wb.worksheets:
        # _cells holds only the cells written; iter_rows() would create every empty one in range.
        for cell in ws._cells.values():
            value = cell.value
            if cell.data_type == "f" or (
                isinstance(value, str) and value.startswith(_FORMULA_START) and not cell.quotePrefix
            ):
                put_text(cell, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Reading received workbooks ---------------------------------------------------------------


class BadWorkbook(Exception):
    """The bytes cannot be opened as an .xlsx workbook; the message says why, in Vietnamese."""


__all__ = ["OLE_MAGIC", "ZIP_MAGIC", "Limits"]  # re-exported: callers import them from here


def check_package(data, name, limits=None):
    """Refuse, before openpyxl sees them, the files that would crash it or eat the server: not a zip,
    a corrupt zip, an encrypted (password-protected) workbook, one with macros, a zip bomb (every
    member inflated through a streaming cap: cchc/office/package.py)."""
    limits = limits or Limits()
    try:
        check_size(data, name, limits)
        check_macro_name(name)
        if data[:8] == OLE_MAGIC and not encrypted_ole(data):
            raise BadPackage(
                f"Tệp {name} là định dạng Excel 97-2003 nhưng mang đuôi .xlsx; hãy đặt lại đuôi .xls "
                f"hoặc lưu lại thành .xlsx."
            )
        return open_package(data, name, "xlsx", limits)
    except BadPackage as exc:
        raise BadWorkbook(str(exc)) from None


def has_formulas(zf):
    """Whether any worksheet holds a formula (<f> element): only then is a second pass needed to
    find formulas whose result was never computed."""
    for info in zf.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            body = zf.read(info.filename)
            if b"<f>" in body or b"<f " in body or b":f>" in body or b":f " in body:
                return True
    return False


_QUOTED = re.compile(r'"[^"]*"|\\.')


def is_percent_format(number_format):
    """A cell shown as a percentage holds a fraction: 0.955 displayed as 95,5%."""
    return "%" in _QUOTED.sub("", number_format or "")


def float_decimal(value):
    """A float from a workbook as the decimal a person typed: binary noise (95.49999999999999) is
    rounded off at 9 places, well below what any figure of the form needs."""
    d = Decimal(repr(float(value)))
    return d.quantize(Decimal("1e-9")).normalize() if d.as_tuple().exponent < -9 else d


def norm_text(value):
    """Text for comparing labels: NFC, single spaces, case-folded, without trailing colon/dots."""
    text = unicodedata.normalize("NFC", str(value or "")).replace("\u00a0", " ")
    text = " ".join(text.split()).casefold()
    return text.rstrip(" :.")


def norm_stt(value):
    """The STT cell as a code: "2.1." and " 2.1 " are 2.1; a number typed as 1 or 1.0 is "1"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value == int(value):
            return str(int(value))
        return repr(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    text = "".join(text.split())
    return text.rstrip(".").replace(",", ".")
