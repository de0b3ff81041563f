"""The plan as a workbook: the appendix's own columns plus the state of each task as of a day.

The layout is the one the import reads (title rows, header, Roman-numbered area rows, groups), so an
exported plan can be corrected in Excel and imported again.
"""

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from cchc.office.xlsx import FONT_NAME, new_workbook, put_text, workbook_bytes

from .models import AREAS, ROMAN

COLUMNS = [
    ("STT", 7),
    ("Nội dung nhiệm vụ", 50),
    ("Cơ quan chủ trì", 22),
    ("Cơ quan phối hợp", 24),
    ("Thời gian hoàn thành", 16),
    ("Sản phẩm", 24),
    ("Tình trạng", 22),
]
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_FONT = Font(name=FONT_NAME, size=12)
_BOLD = Font(name=FONT_NAME, size=12, bold=True)
_ITALIC = Font(name=FONT_NAME, size=12, italic=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)
_OVERDUE = Font(name=FONT_NAME, size=12, bold=True, color="B42318")
_OVERDUE_FILL = PatternFill("solid", fgColor="FDECEA")


def status_text(state, day):
    if state.done:
        text = f"Đã hoàn thành ngày {state.done_on:%d/%m/%Y}"
        return text + " (trễ hạn)" if state.late else text
    if state.overdue_on(day):
        return f"Quá hạn ({state.status_label.lower()})"
    return state.status_label


def plan_workbook(plan, states, day):
    """Bytes of the .xlsx of `plan` with each task's state as of `day` (states from status.summary)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = f"Kế hoạch {plan.year}"
    width = len(COLUMNS)
    for row, (text, font) in enumerate(
        [
            ("PHỤ LỤC", _TITLE),
            (plan.title.upper(), _TITLE),
            (f"(Tình hình thực hiện tính đến ngày {day:%d/%m/%Y})", _ITALIC),
        ],
        start=1,
    ):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        put_text(ws.cell(row, 1), text, font, _CENTRE)
    header_row = 5
    for col, (label, w) in enumerate(COLUMNS, start=1):
        cell = put_text(ws.cell(header_row, col), label, _BOLD, _CENTRE)
        cell.border = _BOX
        ws.column_dimensions[cell.column_letter].width = w
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    row = header_row + 1
    area = heading = None
    for state in states:
        t = state.task
        if t.area != area:
            area, heading = t.area, None
            _line(ws, row, [ROMAN[area], AREAS[area].upper()], _BOLD)
            row += 1
        if t.heading and (t.heading_stt, t.heading) != heading:
            heading = (t.heading_stt, t.heading)
            _line(ws, row, [t.heading_stt, t.heading], _BOLD)
            row += 1
        overdue = state.overdue_on(day)
        _line(
            ws,
            row,
            [t.stt, t.title, t.lead.name, t.partners, t.deadline_text, t.product, status_text(state, day)],
            _FONT,
            overdue=overdue,
        )
        row += 1
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook_bytes(wb)


def _line(ws, row, values, font, overdue=False):
    for col in range(1, len(COLUMNS) + 1):
        value = values[col - 1] if col - 1 < len(values) else ""
        cell = put_text(ws.cell(row, col), value, font, _CENTRE if col in (1, 5) else _WRAP)
        cell.border = _BOX
        if overdue and col == len(COLUMNS):
            cell.font = _OVERDUE
        if overdue:
            cell.fill = _OVERDUE_FILL
