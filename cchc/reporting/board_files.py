"""The status board as files: the coordinator's xlsx of who reported when, and the urging letter
(công văn đôn đốc) naming the units late or missing, in the Nghị định 30 layout. Web buttons on the
board and `cchc status --period P --format xlsx | --letter` both call these."""

from openpyxl.styles import Alignment, Border, Font, Side

from cchc.office.dates import VN, long_date
from cchc.office.docx import CENTER, LEFT, OfficialDocument
from cchc.office.xlsx import FONT_NAME, new_workbook, put_text, put_value, workbook_bytes
from cchc.orgunits.models import OrgUnit, Role

from . import documents as docs
from .timeliness import (
    ACCEPTED,
    BOARD_CATEGORIES,
    DRAFT,
    LABELS,
    LATE,
    NOT_SENT,
    ON_TIME,
    RETURNED,
    label,
    period_status,
)

COLUMNS = [
    ("STT", 6),
    ("Đơn vị", 38),
    ("Mã", 12),
    ("Loại", 18),
    ("Trạng thái", 18),
    ("Gửi lần đầu", 17),
    ("Gửi gần nhất", 17),
    ("Số ngày trễ", 10),
    ("Lý do trả lại", 40),
]

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT, _BOLD = Font(name=FONT_NAME, size=12), Font(name=FONT_NAME, size=12, bold=True)
_TITLE, _ITALIC = Font(name=FONT_NAME, size=14, bold=True), Font(name=FONT_NAME, size=12, italic=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _when(at):
    return at.astimezone(VN).strftime("%d/%m/%Y %H:%M") if at else ""


def overdue_days(period, today):
    """Days past the deadline for a report still not sent, as of `today` (Vietnam day)."""
    return max(0, -period.days_left(today))


def behind(period, today, rows=None):
    """The units the letter names: not sent (with days past the deadline once it has passed) and
    sent late (days late on the first submission). [(unit, text, days)] in the board's order."""
    rows = period_status(period) if rows is None else rows
    out = []
    for row in rows:
        if row["category"] in (ON_TIME, ACCEPTED) and not row["late_days"]:
            continue
        if row["first_submitted_at"] and row["status"] in ("submitted", "accepted"):
            out.append((row["unit"], label(LATE, row["late_days"]), row["late_days"]))
            continue
        days = overdue_days(period, today)
        state = {RETURNED: LABELS[RETURNED], DRAFT: f"{LABELS[DRAFT]}, chưa ký ban hành"}.get(
            row["status"], f"{NOT_SENT} báo cáo"
        )
        out.append((row["unit"], state + (f" (quá hạn {days} ngày)" if days else ""), days or None))
    return out


def board_workbook(period, at):
    """The board of a period as .xlsx: every reporting unit, its status, dates and days late."""
    rows = period_status(period)
    wb = new_workbook()
    ws = wb.active
    ws.title = f"Theo dõi {period.code}"
    width = len(COLUMNS)
    titles = [
        (f"TÌNH HÌNH GỬI BÁO CÁO CẢI CÁCH HÀNH CHÍNH {period.summary_title.upper()}", _TITLE),
        (f"Hạn gửi: {period.deadline:%d/%m/%Y} — số liệu đến {_when(at)}", _ITALIC),
    ]
    for r, (text, font) in enumerate(titles, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        put_text(ws.cell(r, 1), text, font, _CENTRE)
    head = 4
    for col, (heading, w) in enumerate(COLUMNS, start=1):
        cell = put_text(ws.cell(head, col), heading, _BOLD, _CENTRE)
        cell.border = _BOX
        ws.column_dimensions[cell.column_letter].width = w
    kinds = dict(OrgUnit.Kind.choices)
    for n, row in enumerate(rows, start=1):
        r = head + n
        texts = [
            None,
            row["unit"].name,
            row["unit"].code,
            kinds.get(row["unit"].kind, row["unit"].kind),
            LABELS[row["category"]],
            _when(row["first_submitted_at"]),
            _when(row["submitted_at"]) if row["submitted_at"] != row["first_submitted_at"] else "",
            None,
            row["returned_reason"] if row["category"] == "returned" else "",
        ]
        for col, text in enumerate(texts, start=1):
            cell = ws.cell(r, col)
            if col == 1:
                put_value(cell, n, _FONT, _CENTRE, _BOX)
            elif col == 8:
                # A number, blank when not sent: blank is never zero.
                put_value(cell, row["late_days"], _FONT, _CENTRE, _BOX)
            else:
                put_text(cell, text, _FONT, _WRAP, _BOX)
    counts = {}
    for row in rows:
        counts[row["category"]] = counts.get(row["category"], 0) + 1
    foot = head + len(rows) + 2
    summary = "; ".join(f"{LABELS[k]}: {counts.get(k, 0)}" for k in BOARD_CATEGORIES)
    ws.merge_cells(start_row=foot, start_column=1, end_row=foot, end_column=width)
    put_text(ws.cell(foot, 1), f"Tổng số {len(rows)} đơn vị. {summary}.", _ITALIC, _WRAP)
    ws.freeze_panes = ws.cell(head + 1, 3)
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook_bytes(wb)


def coordinator_unit():
    """The unit that collects the reports (Phòng Nội vụ / Sở Nội vụ): where coordinators belong."""
    unit = (
        OrgUnit.objects.filter(members__role=Role.COORDINATOR).order_by("position", "code").first()
        or OrgUnit.objects.filter(code="NV").first()
    )
    return unit


def urging_letter(period, at):
    """Công văn đôn đốc of Phòng Nội vụ: the units late or missing, with days late, as .docx."""
    from .actions import spec_for

    today = at.astimezone(VN).date()
    issuer_unit = coordinator_unit() or docs.town_of(OrgUnit.objects.filter(parent=None).first())
    town = docs.town_of(issuer_unit)
    units = behind(period, today)
    doc = OfficialDocument()
    superior, issuer = docs.issuer_lines(issuer_unit)
    header = doc.header(
        superior=superior,
        issuer=issuer,
        number=f"Số:        /{docs.sign_code(issuer_unit)}",
        place_date=long_date(today, docs.place_for(issuer_unit)),
    )
    # Ô 5b of the decree: a công văn states its subject (trích yếu) under its number.
    doc.para(
        f"V/v đôn đốc gửi báo cáo cải cách hành chính {period.summary_title}",
        container=header.cell(1, 0),
        size=12,
        align=CENTER,
    )
    doc.para("", after=6)
    recipients = [u.name for u, *_ in units]
    if len(recipients) == 1:
        doc.para(f"Kính gửi: {recipients[0]}.", align=CENTER, before=6, after=6)
    else:
        doc.para("Kính gửi: Các cơ quan, đơn vị có tên tại danh sách dưới đây.", align=CENTER, before=6, after=6)
    form = spec_for(period).form
    basis = docs.basis_line(form)
    doc.body(
        (f"Thực hiện {basis} về chế độ báo cáo cải cách hành chính định kỳ, " if basis else "")
        + f"hạn gửi báo cáo cải cách hành chính (CCHC) {period.summary_title} (số liệu tính từ ngày "
        f"{period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) là ngày {period.deadline:%d/%m/%Y}."
    )
    if units:
        doc.body(
            f"Đến ngày {today:%d/%m/%Y}, {issuer_unit.name} tổng hợp tình hình gửi báo cáo; "
            f"{len(units)} cơ quan, đơn vị sau chưa gửi báo cáo hoặc gửi trễ hạn:"
        )
        doc.table(
            widths=[12, 80, 55, 18],
            header=[["STT", "Cơ quan, đơn vị", "Tình hình gửi báo cáo", "Số ngày trễ"]],
            merges=[],
            rows=[
                ([str(n), u.name, text, "" if days is None else str(days)], False)
                for n, (u, text, days) in enumerate(units, start=1)
            ],
            aligns=[CENTER, LEFT, LEFT, CENTER],
            size=12,
        )
        doc.para("", after=6)
        doc.body(
            f"Để kịp thời tổng hợp, báo cáo {town.name if town else 'cấp trên'} đúng thời gian quy định, "
            f"{issuer_unit.name} đề nghị Thủ trưởng các cơ quan, đơn vị chưa gửi báo cáo khẩn trương hoàn "
            f"thiện, ký ban hành và gửi báo cáo trên Hệ thống báo cáo CCHC; các đơn vị gửi trễ hạn rút kinh "
            f"nghiệm, bảo đảm thời hạn ở các kỳ báo cáo sau. Việc chấp hành chế độ báo cáo là một tiêu chí "
            f"đánh giá, xếp loại thi đua, khen thưởng năm {period.year}."
        )
    else:
        doc.body(f"Đến ngày {today:%d/%m/%Y}, tất cả các cơ quan, đơn vị đã gửi báo cáo đúng hạn.")
    doc.body("Đề nghị các cơ quan, đơn vị quan tâm thực hiện./.")
    leader = issuer_unit.leader_name or ""
    doc.signature(
        recipients=[
            "Như trên;",
            f"Lãnh đạo {town.name} (b/c);" if town else "Lãnh đạo (b/c);",
            f"Lưu: VT, {docs.sign_code(issuer_unit)}.",
        ],
        authority=docs.authority_lines(issuer_unit, leader),
        signer=leader,
    )
    return doc.to_bytes()
