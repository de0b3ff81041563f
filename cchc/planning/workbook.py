"""Reading the plan's appendix from a workbook, laid out as such appendices are:

    (title rows: PHỤ LỤC, KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021, kèm theo Quyết định số …)
    STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm
    (1) | (2) | …                                   ← a column-number row, skipped
    I   | CẢI CÁCH THỂ CHẾ                          ← one heading row per reform area (I–VI)
    1   | Xây dựng, ban hành VBQPPL …               ← a group when sub-numbered rows follow it
    1.1 | …  or  a) | …  or  - …                    ← tasks

Columns are found by their header words, so their order and extra columns (Ghi chú, a status column
of our own export) do not matter. A cell merged over several rows (one lead for a run of tasks) counts
for each of them. A group row is not a task; its sub-tasks take its lead, partners, deadline and
product where they leave theirs empty. The area comes from the heading's words (wording varies from
plan to plan), else from its Roman numeral.

A plan not laid out by reform area (the communication plan, Kế hoạch tuyên truyền CCHC, Phần III) is
read with `by_areas=False`: its Roman-numbered rows are section headings, kept as the tasks' group, and
its tasks have no area.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from .deadlines import DeadlineError, parse_deadline, plain
from .leads import LeadError, LeadMatcher

MAX_FILE_BYTES = 10 * 1024 * 1024
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
HEADING = re.compile(r"^(X|IX|VIII|VII|VI|V|IV|III|II|I)\s*(?:[.:)\-–/]\s*|\s+|$)(.*)$", re.S)
# Checked in this order: the e-government area's and the apparatus area's headings also say "hành chính".
AREA_WORDS = [
    (
        6,
        (
            "chinh quyen dien tu",
            "chinh quyen so",
            "hanh chinh dien tu",
            "chuyen doi so",
            "hien dai hoa",
            "chinh phu dien tu",
        ),
    ),
    (3, ("bo may",)),
    (2, ("thu tuc hanh chinh", "tthc")),
    (4, ("cong vu", "cong chuc", "doi ngu can bo")),
    (5, ("tai chinh cong", "tai chinh")),
    (1, ("the che",)),
]
COLUMNS = [  # (field, words any of which marks the header cell) — first match wins per cell
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("lead", ("chu tri",)),
    ("partners", ("phoi hop",)),
    ("deadline", ("thoi gian", "thoi han", "hoan thanh", "tien do")),
    ("product", ("san pham", "ket qua du kien")),
    ("note", ("ghi chu",)),
    ("status", ("tinh trang",)),
    ("title", ("noi dung", "nhiem vu", "ten nhiem vu")),
]
REQUIRED = {"stt": "STT", "title": "Nội dung nhiệm vụ", "lead": "Cơ quan chủ trì", "deadline": "Thời gian hoàn thành"}


class Unreadable(Exception):
    """Not a plan workbook at all (exit status 2)."""


class Invalid(Exception):
    """Rows that cannot be taken; one Vietnamese message per row (exit status 1)."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass
class TaskRow:
    row: int
    area: int | None
    stt: str
    title: str
    lead: object
    partners: str
    deadline_text: str
    deadline: dt.date | None
    product: str
    note: str = ""
    heading_stt: str = ""
    heading: str = ""


@dataclass
class ParsedPlan:
    title: str
    tasks: list = field(default_factory=list)


def area_of(text):
    p = plain(text)
    for area, words in AREA_WORDS:
        if any(re.search(r"\b" + re.escape(w) + r"\b", p) for w in words):
            return area
    return None


def read_plan_workbook(data, year, *, name="ke-hoach.xlsx", matcher=None, by_areas=True):
    """ParsedPlan from the bytes of an .xlsx; raises Unreadable or Invalid (all the bad rows at once)."""
    for grid in sheet_grids(data, name):
        found = find_header(grid)
        if found:
            header_at, columns = found
            missing = [label for f, label in REQUIRED.items() if f not in columns]
            if missing:
                raise Unreadable(f"Tệp {name}: dòng tiêu đề (dòng {header_at + 1}) thiếu cột: {', '.join(missing)}.")
            return _read(grid, header_at, columns, year, matcher or LeadMatcher(), by_areas)
    raise Unreadable(
        f"Tệp {name}: không tìm thấy dòng tiêu đề «STT | Nội dung nhiệm vụ | Cơ quan chủ trì | "
        f"Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm»."
    )


def sheet_grids(data, name):
    """Each worksheet of an .xlsx as a list of rows of values, merged cells filled in (see _grid).
    Raises Unreadable for what is not a safe, readable workbook."""
    from openpyxl import load_workbook

    from cchc.office.xlsx import BadWorkbook, Limits, check_package

    try:
        # zip bombs, macros, encrypted and .xls files are refused before openpyxl opens anything
        check_package(data, name, Limits(max_bytes=MAX_FILE_BYTES))
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except BadWorkbook as exc:
        raise Unreadable(str(exc)) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none is the user's fault to read
        raise Unreadable(f"Tệp {name} không đọc được như một tệp Excel (.xlsx) ({type(exc).__name__}).") from None
    return (_grid(ws) for ws in wb.worksheets)


def _grid(ws):
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
        # Merged down: the value holds for every row (one lead or deadline for a run of tasks).
        # Merged across: it stays in its first column (a heading or a long title spread over the row).
        for r in range(rng.min_row, rng.max_row + 1):
            if r - 1 < len(grid):
                row = grid[r - 1]
                while len(row) < rng.min_col:
                    row.append(None)
                row[rng.min_col - 1] = top
    return grid


def find_header(grid, spec=COLUMNS):
    """(row index, {field: column}) of the first row naming STT, the title and at least one more column
    of `spec` ((field, words) pairs, first match wins per cell); None when no row does."""
    for i, row in enumerate(grid[:40]):
        columns = {}
        for c, value in enumerate(row):
            if value is None or not isinstance(value, str):
                continue
            p = re.sub(r"[^a-z ]", " ", plain(value))
            p = re.sub(r"\s+", " ", p).strip()
            for fname, words in spec:
                if fname in columns:
                    continue
                if (fname == "stt" and p in words) or (fname != "stt" and any(w in p for w in words)):
                    columns[fname] = c
                    break
        if "stt" in columns and "title" in columns and len(columns) >= 3:
            return i, columns
    return None


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}"
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _level(stt):
    """How deep a number sits: "1" → 1, "1.2" → 2, "a)" → 10, "-" → 11, nothing → 12."""
    s = stt.strip().rstrip(".")
    if re.fullmatch(r"\d+(?:\.\d+)*", s):
        return s.count(".") + 1
    if re.fullmatch(r"[a-zđ][).]?|\(?[a-zđ]\)", s):
        return 10
    if re.fullmatch(r"[-+•*–]", s):
        return 11
    return 12


def _title_rows(grid, header_at):
    texts = [cell_text(v) for row in grid[:header_at] for v in row if cell_text(v)]
    for t in texts:
        if "ke hoach" in plain(t) and len(t) > 15:
            return t
    return ""


def _read(grid, header_at, columns, year, matcher, by_areas=True):
    errors, items, area = [], [], None
    section = ("", "")  # without areas: the Roman-numbered heading the tasks sit under
    col = lambda row, f: row[columns[f]] if f in columns and columns[f] < len(row) else None  # noqa: E731
    start = header_at + 1
    if start < len(grid):
        cells = [cell_text(v) for v in grid[start] if cell_text(v)]
        if len(cells) >= 3 and all(re.fullmatch(r"\(?\d+\)?", c) for c in cells):
            start += 1  # "(1) (2) (3) …" under the header
    for i in range(start, len(grid)):
        row, line = grid[i], i + 1
        stt, title = cell_text(col(row, "stt")), cell_text(col(row, "title"))
        rest = [col(row, f) for f in ("lead", "partners", "deadline", "product")]
        if not stt and not title and not any(cell_text(v) for v in rest):
            continue
        m = HEADING.match(stt) if stt else None
        if m is None and not stt and title:
            m = re.match(r"^(X|IX|VIII|VII|VI|V|IV|III|II|I)\s*[.:)\-–]\s+(.*)$", title, re.S)
            heading_text = m.group(2) if m else ""
        else:
            heading_text = (m.group(2).strip() or title) if m else ""
        if m and not by_areas:
            section = (m.group(1), heading_text)
            continue
        if m:
            numeral = ROMAN[m.group(1)]
            area = area_of(heading_text) if heading_text else None
            if area is None and numeral <= 6:
                area = numeral
            if area is None:
                errors.append(
                    f"Dòng {line}: không nhận ra lĩnh vực cải cách «{cell_text(stt)} {heading_text}» "
                    f"(kế hoạch chia theo 6 lĩnh vực, từ I. Cải cách thể chế đến VI. Chính quyền điện tử)."
                )
            continue
        if area is None and by_areas:
            errors.append(f"Dòng {line}: nhiệm vụ nằm trước dòng lĩnh vực đầu tiên (I. CẢI CÁCH THỂ CHẾ …).")
            continue
        items.append(
            {
                "row": line,
                "area": area,
                "section": area if by_areas else section,
                "stt": stt,
                "title": title,
                "level": _level(stt),
                "lead": cell_text(col(row, "lead")),
                "partners": cell_text(col(row, "partners")),
                "deadline": col(row, "deadline"),
                "product": cell_text(col(row, "product")),
                "note": cell_text(col(row, "note")),
            }
        )
    tasks, seen, stack = [], {}, []
    for n, item in enumerate(items):
        following = items[n + 1] if n + 1 < len(items) else None
        while stack and (stack[-1]["level"] >= item["level"] or stack[-1]["section"] != item["section"]):
            stack.pop()
        if following and following["section"] == item["section"] and following["level"] > item["level"]:
            stack.append(item)  # a group: its sub-tasks follow
            continue
        line = item["row"]
        for parent in reversed(stack):  # the nearest group's cell fills an empty one
            for f in ("lead", "partners", "product"):
                item[f] = item[f] or parent[f]
            if cell_text(item["deadline"]) == "":
                item["deadline"] = parent["deadline"]
        row_errors = []
        if not item["title"]:
            row_errors.append(f"Dòng {line}: thiếu nội dung nhiệm vụ.")
        lead = partners = None
        try:
            lead, partners = matcher.split(item["lead"], item["partners"])
        except LeadError as exc:
            row_errors.append(f"Dòng {line}: {exc}.")
        deadline = None
        try:
            deadline = parse_deadline(item["deadline"], year)
        except DeadlineError as exc:
            row_errors.append(f"Dòng {line}: {exc}")
        if len(item["stt"]) > 32:
            row_errors.append(f"Dòng {line}: STT «{item['stt'][:40]}…» quá dài.")
        deadline_text = cell_text(item["deadline"])
        if len(deadline_text) > 255:
            row_errors.append(f"Dòng {line}: thời gian hoàn thành quá dài (tối đa 255 ký tự).")
        dup_key = (item["area"], plain(item["title"]))
        if item["title"] and dup_key in seen:
            row_errors.append(f"Dòng {line}: nhiệm vụ trùng với dòng {seen[dup_key]}.")
        seen.setdefault(dup_key, line)
        errors.extend(row_errors)
        if row_errors:
            continue
        group = stack[-1] if stack else None
        if group is not None:
            heading_stt, heading = group["stt"], group["title"]
        else:  # without areas, the section heading is the group
            heading_stt, heading = ("", "") if by_areas else item["section"]
        tasks.append(
            TaskRow(
                row=line,
                area=item["area"],
                stt=item["stt"],
                title=item["title"],
                lead=lead,
                partners=partners,
                deadline_text=deadline_text,
                deadline=deadline,
                product=item["product"],
                note=item["note"],
                heading_stt=heading_stt[:32],
                heading=heading,
            )
        )
    if errors:
        raise Invalid(sorted(errors, key=lambda m: int(re.match(r"Dòng (\d+)", m).group(1))))
    if not tasks:
        raise Invalid(
            ["Tệp không có nhiệm vụ nào dưới các dòng lĩnh vực I–VI." if by_areas else "Tệp không có nhiệm vụ nào."]
        )
    return ParsedPlan(title=_title_rows(grid, header_at), tasks=tasks)
