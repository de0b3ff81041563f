"""Compliance with the reporting regime over a year (thi đua): each unit × the year's four periods,
on time / late / missing / returned, and a ranking by a score the office configures.

Công văn 158 §2.2 charges Phòng Nội vụ with tracking who reports on time "as a basis for emulation
and reward". The score (settings.CCHC_COMPLIANCE_SCORE, README "Thi đua") of one period is:

    on time                    ON_TIME points                                  (default 10)
    late N days                max(LATE_MIN, ON_TIME − LATE_DAY × N)            (default 10 − N, at least 2)
    missing after the deadline MISSING points                                   (default 0)
    returned, not sent again   MISSING points, like missing, until sent again   (default 0)
    each time it was returned  − RETURNED points, not below 0                   (default 2)
    deadline not yet passed    not scored

A unit's score is the sum over the year's periods that are due; units are ranked by score, then by
fewer days late, then in the unit list's order; equal scores and days share a rank (1, 2, 2, 4).
Lateness is judged on the first submission (INTERFACES.md), whatever happened after — but a report
that is returned and not sent again is no report at all: counting its first submission as on time
would rank a unit that never corrected its report above one that reported late. It is its own
category (not on time, not late) and scores as missing until it is sent again; then the first
submission decides again, less the penalty for the return.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from cchc.locality.words import current_locality
from cchc.office.dates import today_vn
from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period, Report, ReportVersion
from cchc.reporting.timeliness import LABELS, LATE, MISSING, ON_TIME, PENDING, RETURNED, label, timeliness

DEFAULT_SCORE = {"on_time": 10, "late_day": 1, "late_min": 2, "missing": 0, "returned": 2}
# A cell's state (ON_TIME, LATE, MISSING, RETURNED, PENDING) is a timeliness category, in the words
# of timeliness.LABELS, as on the board.


def score_rules():
    rules = dict(DEFAULT_SCORE)
    rules.update(getattr(settings, "CCHC_COMPLIANCE_SCORE", {}) or {})
    return rules


def formula_text(rules=None):
    r = rules or score_rules()
    return (
        f"Mỗi kỳ: đúng hạn {r['on_time']} điểm; trễ hạn {r['on_time']} − {r['late_day']} × số ngày trễ "
        f"(thấp nhất {r['late_min']} điểm); không báo cáo {r['missing']} điểm; bị trả lại mà chưa gửi lại "
        f"tính như không báo cáo ({r['missing']} điểm) cho đến khi gửi lại; mỗi lần bị trả lại trừ "
        f"{r['returned']} điểm (không dưới 0). Kỳ chưa đến hạn không tính điểm. Xếp hạng theo tổng điểm, "
        f"bằng điểm thì ít ngày trễ hơn xếp trên. Thời hạn tính theo lần gửi đầu tiên, giờ Việt Nam."
    )


@dataclass(slots=True)
class Cell:
    state: str
    late_days: int | None = None
    returns: int = 0
    score: float | None = None
    submitted_at: object = None

    @property
    def label(self):
        return label(self.state, self.late_days)


@dataclass
class Row:
    unit: object
    cells: list = field(default_factory=list)
    score: float = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    returned: int = 0  # periods whose report is returned now, not sent again
    returns: int = 0
    late_days: int = 0
    rank: int = 0


def cell_for(period, status, first, returns, today, rules, end=None):
    """One unit × period: its state and score. `first` is the first submission (None if never)."""
    if first is None:
        if today <= period.deadline:
            return Cell(PENDING)
        return Cell(MISSING, score=rules["missing"])
    category, late = timeliness(period, status, first, end)
    if category == RETURNED:
        # Not sent again: scored like a missing report (and, like one, not before the deadline);
        # its first submission decides nothing until the unit sends the corrected report.
        return Cell(
            RETURNED, returns=returns, score=None if today <= period.deadline else rules["missing"], submitted_at=first
        )
    base = rules["on_time"] if late == 0 else max(rules["late_min"], rules["on_time"] - rules["late_day"] * late)
    score = max(0, base - rules["returned"] * returns)
    return Cell(ON_TIME if late == 0 else LATE, late_days=late, returns=returns, score=score, submitted_at=first)


class UnitRef:
    """What the table needs of a unit, without building ten thousand model instances."""

    __slots__ = ("pk", "code", "name", "kind")

    def __init__(self, pk, code, name, kind):
        self.pk, self.code, self.name, self.kind = pk, code, name, kind

    def __str__(self):
        return self.name


def year_compliance(year, units=None, today=None, rules=None):
    """(periods, rows): rows of Row in rank order. Three queries for any number of units."""

    rules = rules or score_rules()
    today = today or today_vn()
    periods = list(Period.objects.filter(year=year).order_by("deadline"))
    everyone = units is None
    units = OrgUnit.objects.reporting() if units is None else units
    if hasattr(units, "values_list"):
        units = [UnitRef(*u) for u in units.values_list("pk", "code", "name", "kind")]
    else:
        units = list(units)
    reports = Report.objects.filter(period__in=periods).exclude(first_submitted_at=None)
    versions = ReportVersion.objects.filter(report__period__in=periods, number__gt=1)
    if not everyone:  # a page of the table: only its units' reports
        reports = reports.filter(unit_id__in=[u.pk for u in units])
        versions = versions.filter(report__unit_id__in=[u.pk for u in units])
    reports = {
        (u, p): (rid, status, first)
        for rid, u, p, status, first in reports.values_list(
            "id", "unit_id", "period_id", "status", "first_submitted_at"
        )
    }
    # Times a report was returned = submissions beyond the first, plus one if it is returned now.
    # Only resubmitted reports have a second version: a small query whatever the number of units.
    resubmitted = dict(versions.values_list("report_id").annotate(n=Count("id")).order_by())
    ends = {p.pk: p.deadline_end() for p in periods}
    rows = []
    for unit in units:
        row = Row(unit)
        for p in periods:
            r = reports.get((unit.pk, p.pk))
            if r is None:
                cell = cell_for(p, None, None, 0, today, rules)
            else:
                rid, status, first = r
                returns = resubmitted.get(rid, 0) + (status == Report.Status.RETURNED)
                cell = cell_for(p, status, first, returns, today, rules, ends[p.pk])
            row.cells.append(cell)
            if cell.score is not None:
                row.score += cell.score
            row.on_time += cell.state == ON_TIME
            row.late += cell.state == LATE
            row.missing += cell.state == MISSING
            row.returned += cell.state == RETURNED
            row.returns += cell.returns
            row.late_days += cell.late_days or 0
        rows.append(row)
    order = {u.pk: n for n, u in enumerate(units)}
    rows.sort(key=lambda r: (-r.score, r.late_days, order[r.unit.pk]))
    for n, row in enumerate(rows):
        prev = rows[n - 1] if n else None
        row.rank = prev.rank if prev and (prev.score, prev.late_days) == (row.score, row.late_days) else n + 1
    return periods, rows


def compliance_json(year, **kw):
    periods, rows = year_compliance(year, **kw)
    return {
        "year": year,
        "periods": [p.code for p in periods],
        "score": score_rules(),
        "units": [
            {
                "unit": r.unit.code,
                "name": r.unit.name,
                "rank": r.rank,
                "score": _num(r.score),
                "on_time": r.on_time,
                "late": r.late,
                "missing": r.missing,
                "returned": r.returns,
                "returned_now": r.returned,
                "late_days": r.late_days,
                "periods": {
                    p.code: {"state": c.state, "late_days": c.late_days, "returns": c.returns, "score": _num(c.score)}
                    for p, c in zip(periods, r.cells, strict=False)
                },
            }
            for r in rows
        ],
    }


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def compliance_xlsx(year, **kw):
    """The emulation council's sheet: Times New Roman, Vietnamese headings, one row per unit.
    Every text goes in through put_text and the file out through workbook_bytes: a unit's name is
    typed by people, and one starting with "=" must stay a name, not become a formula."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from cchc.office.xlsx import new_workbook, put_text, put_value, workbook_bytes

    periods, rows = year_compliance(year, **kw)
    wb = new_workbook()
    ws = wb.active
    ws.title = f"Thi đua {year}"
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    headers = (
        ["STT", "Đơn vị"]
        + [p.title for p in periods]
        + [f"Số kỳ {LABELS[s].lower()}" for s in (ON_TIME, LATE, MISSING, RETURNED)]
        + ["Số lần bị trả lại", "Tổng số ngày trễ", "Điểm", "Xếp hạng"]
    )
    last = get_column_letter(len(headers))
    ws.merge_cells(f"A1:{last}1")
    put_text(
        ws["A1"],
        f"KẾT QUẢ THỰC HIỆN CHẾ ĐỘ BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ NĂM {year}",
        Font(name="Times New Roman", size=14, bold=True),
        Alignment(horizontal="center"),
    )
    ws.merge_cells(f"A2:{last}2")
    directive = current_locality().directive
    put_text(
        ws["A2"],
        "(Kèm theo đề nghị xét thi đua, khen thưởng" + (f" — theo {directive})" if directive else ")"),
        Font(name="Times New Roman", size=12, italic=True),
        Alignment(horizontal="center"),
    )
    for col, text in enumerate(headers, start=1):
        put_text(ws.cell(row=4, column=col), text, bold, wrap, box)
    name_cell = Alignment(vertical="center", wrap_text=True, horizontal="left")
    other_cell = Alignment(vertical="center", wrap_text=False, horizontal="center")
    for n, r in enumerate(rows, start=1):
        values = (
            [n, r.unit.name]
            + [c.label for c in r.cells]
            + [r.on_time, r.late, r.missing, r.returned, r.returns, r.late_days, _num(r.score), r.rank]
        )
        for col, v in enumerate(values, start=1):
            put_value(ws.cell(row=4 + n, column=col), v, font, name_cell if col == 2 else other_cell, box)
    note = 4 + len(rows) + 2
    ws.merge_cells(f"A{note}:{last}{note}")
    put_text(
        ws.cell(row=note, column=1),
        "Cách tính điểm: " + formula_text(),
        Font(name="Times New Roman", size=11, italic=True),
        Alignment(wrap_text=True, vertical="top"),
    )
    ws.row_dimensions[note].height = 48
    ws.row_dimensions[4].height = 48
    widths = [6, 40] + [14] * len(periods) + [11, 11, 12, 13, 11, 11, 9, 9]
    for col, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = "C5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.print_title_rows = "4:4"
    return workbook_bytes(wb)


# --- The ranking in SQL, a page at a time -----------------------------------------------------


def _late_days_sql(vendor):
    """Whole Vietnam calendar days from the deadline to the first submission (may be ≤ 0). Vietnam
    keeps UTC+7 all year, so the Vietnam date is the UTC instant plus seven hours."""
    if vendor == "postgresql":
        return "((r.first_submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - p.deadline)"
    return "CAST(julianday(date(r.first_submitted_at, '+7 hours')) - julianday(p.deadline) AS INTEGER)"


def _greater(a, b):
    return f"(CASE WHEN {a} > {b} THEN {a} ELSE {b} END)"


class RankedUnits:
    """The year's ranking computed by the database (the same score and order as year_compliance(),
    cell_for() written as SQL), sliced by the paginator: a page costs one ranking query and the
    page's own cells, whatever the number of units. [(unit id, score, late days, rank)]"""

    def __init__(self, year, periods, today=None, rules=None):
        self.year, self.periods = year, periods
        self.today = today or today_vn()
        self.rules = rules or score_rules()
        self._count = None

    def count(self):
        if self._count is None:
            self._count = OrgUnit.objects.reporting().count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedUnits is sliced by pages only")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        return self.query(limit=max(0, stop - start), offset=start)

    def query(self, limit=None, offset=0):
        from django.db import connection

        if not self.periods:
            return []
        # The points are numbers from the settings, written into the statement as literals (each
        # appears several times in it), typed as floating point: PostgreSQL reads a literal 10.0 as
        # numeric, and numeric arithmetic over 30,000 reports cost 40 ms of the ranking's 70.
        on_time, late_day, late_min, missing, returned = (
            f"CAST({float(self.rules[k])!r} AS DOUBLE PRECISION)"
            for k in ("on_time", "late_day", "late_min", "missing", "returned")
        )
        due = [p.pk for p in self.periods if self.today > p.deadline]
        late = _greater("late", "0")
        base = (
            f"(CASE WHEN {late} = 0 THEN {on_time} ELSE {_greater(late_min, f'({on_time} - {late_day} * {late})')} END)"
        )
        score = _greater(f"({base} - {returned} * returns)", "0")
        due_list = ", ".join(str(int(pk)) for pk in due) or "NULL"
        qn = connection.ops.quote_name
        report, version, unit, period = (qn(m._meta.db_table) for m in (Report, ReportVersion, OrgUnit, Period))
        # Per unit: the sum over its scored reports of (score − the missing score it stands in
        # for), and its days late; every unit starts from the missing score of each period due.
        # `cells` is MATERIALIZED: the score names `late` several times, and SQLite, inlining the
        # CTE, would otherwise compute the Vietnam date of each submission once per mention
        # (85 → 55 ms at 10,000 units; PostgreSQL 58 → 51 ms).
        sql = f"""
            WITH resent AS (
                SELECT v.report_id, COUNT(*) AS n FROM {version} v WHERE v.number > 1 GROUP BY v.report_id
            ), cells AS MATERIALIZED (
                SELECT r.unit_id, r.period_id, r.status, {_late_days_sql(connection.vendor)} AS late,
                       COALESCE(rs.n, 0) + (CASE WHEN r.status = 'returned' THEN 1 ELSE 0 END) AS returns
                FROM {report} r JOIN {period} p ON p.id = r.period_id LEFT JOIN resent rs ON rs.report_id = r.id
                WHERE r.period_id IN ({", ".join(["%s"] * len(self.periods))}) AND r.first_submitted_at IS NOT NULL
            ), scored AS (
                SELECT unit_id,
                       SUM(CASE WHEN status = 'returned' THEN 0
                                ELSE {score} - (CASE WHEN period_id IN ({due_list}) THEN {missing} ELSE 0 END)
                           END) AS delta,
                       SUM(CASE WHEN status <> 'returned' AND late > 0 THEN late ELSE 0 END) AS late_days
                FROM cells GROUP BY unit_id
            ), ranked AS (
                SELECT u.id AS unit_id, u.position, u.code, {len(due)} * {missing} + COALESCE(s.delta, 0) AS score,
                       COALESCE(s.late_days, 0) AS late_days
                FROM {unit} u LEFT JOIN scored s ON s.unit_id = u.id
                WHERE u.reports AND u.active
            )
            SELECT unit_id, score, late_days, RANK() OVER (ORDER BY score DESC, late_days ASC) AS rank
            FROM ranked ORDER BY score DESC, late_days ASC, position, code
        """
        params = [p.pk for p in self.periods]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def compliance_page(year, page_number, per_page=100, today=None, rules=None):
    """(periods, Django page of Row, total): one page of the ranking, ranked by the database."""
    from django.core.paginator import Paginator

    periods = list(Period.objects.filter(year=year).order_by("deadline"))
    ranked = RankedUnits(year, periods, today=today, rules=rules)
    page = Paginator(ranked, per_page).get_page(page_number)
    entries = list(page.object_list)
    units = {
        u[0]: UnitRef(*u)
        for u in OrgUnit.objects.filter(pk__in=[e[0] for e in entries]).values_list("pk", "code", "name", "kind")
    }
    _, rows = year_compliance(year, units=[units[e[0]] for e in entries], today=today, rules=rules)
    by_unit = {row.unit.pk: row for row in rows}
    page.object_list = []
    for unit_id, _score, _late, rank in entries:
        row = by_unit[unit_id]
        row.rank = rank
        page.object_list.append(row)
    return periods, page, ranked.count()
