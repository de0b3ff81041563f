"""A year's form as a file: the editable workbook `cchc form export` writes, and the appendix the
way a directive prints it (as .xlsx, or as the table of a .docx).

Editable workbook (INTERFACES.md "Forms of other years"): sheet «Biểu mẫu», one row per form row —
STT | Chỉ tiêu | Đơn vị tính | Loại | Đơn vị chủ trì | Lũy kế | Mã lựa chọn | Mã năm trước — and
sheet «Quy tắc», one validation rule per row; sheet «Thông tin» holds the title and the directive.

The directive's appendix (công văn 158's layout): STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu |
Ghi chú, the header repeated on each page, STT with or without trailing dots, "Trong đó" rows (their
parent's code plus .a, .b…), a long wording wrapped onto a row of its own with no STT, and Ghi chú
naming the responsible department in words — for the rows below it until the next Ghi chú or the
next part (a part with no Ghi chú has no responsible unit). It says nothing of kinds, so they are
inferred: a unit of measure "Chưa = 0 Hoàn thành = 1" is a choice; "%" (or a "Tỷ lệ…" wording
with no unit) a percentage; a row with rows under it and no unit a heading; anything else a count.
Stock figures (lũy kế) are not printed either: they are kept from the year's stored form, else
from last year's.
"""

import io
import re
import zipfile

from cchc.office.xlsx import BadWorkbook, Limits, check_package, new_workbook, put_text, workbook_bytes
from cchc.planning.deadlines import plain
from cchc.planning.leads import LeadError, LeadMatcher

from . import lineage
from .editing import KIND_LABELS, KINDS, PART, Draft, FormInvalid, Row, check, choices_text, parse_choices, rules_of
from .models import Indicator, ReportForm

MAX_BYTES = 5 * 1024 * 1024
FORM_SHEET, RULES_SHEET, INFO_SHEET = "Biểu mẫu", "Quy tắc", "Thông tin"
HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Loại", "Đơn vị chủ trì", "Lũy kế", "Mã lựa chọn", "Mã năm trước"]
RULE_HEADER = ["Mã", "Loại", "Vế trái", "Phép so sánh", "Vế phải", "Hệ số", "Mức độ", "Thông báo"]
# Header words (without diacritics) → field; checked in order, the first match wins for a cell.
COLUMNS = [
    ("previous_code", ("ma nam truoc",)),
    ("choices", ("ma lua chon",)),
    ("stock", ("luy ke",)),
    ("responsible", ("don vi chu tri", "ghi chu", "co quan chu tri")),
    ("measure", ("don vi tinh",)),
    ("kind", ("loai",)),
    ("value", ("so lieu",)),
    ("name", ("chi tieu", "noi dung")),
    ("stt", ("stt", "so tt")),
]
KIND_WORDS = (
    {plain(label): value for value, label in KIND_LABELS.items()}
    | {k: k for k in KINDS}
    | {"tieu de": "heading", "so luong": "count", "ty le": "percent", "ty le %": "percent", "lua chon": "choice"}
)
SEVERITY_WORDS = {"error": "error", "loi": "error", "warning": "warning", "canh bao": "warning"}
YES = {"x", "co", "1", "true", "yes", "v", "✓"}


class Unreadable(Exception):
    """Not a form file at all (exit status 2)."""


# --- Writing ------------------------------------------------------------------------------------


def export_workbook(form):
    """The editable workbook of a form (every text through put_text: a wording starting with "=" stays text)."""
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    wb = new_workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    for col, title in enumerate(HEADER, start=1):
        put_text(ws.cell(1, col), title, font=bold)
    for n, ind in enumerate(form.indicators.select_related("responsible").order_by("position"), start=2):
        stt = ind.code if ind.part_of_parent else (ind.stt or ind.code)
        cells = [
            stt,
            ind.name,
            ind.measure,
            ind.kind,
            ind.responsible.code if ind.responsible else "",
            "x" if ind.stock else "",
            choices_text(ind.choices) if ind.kind == Indicator.Kind.CHOICE else "",
            ind.previous_code,
        ]
        for col, value in enumerate(cells, start=1):
            put_text(ws.cell(n, col), value, alignment=wrap)
    for col, width in zip("ABCDEFGH", (10, 70, 18, 10, 14, 8, 30, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    rs = wb.create_sheet(RULES_SHEET)
    for col, title in enumerate(RULE_HEADER, start=1):
        put_text(rs.cell(1, col), title, font=bold)
    for n, rule in enumerate(rules_of(form), start=2):
        right = (
            ", ".join(rule.get("right", []))
            if rule.get("right")
            else (str(rule["constant"]) if rule.get("constant") is not None else "")
        )
        cells = [
            rule["code"],
            rule["kind"],
            ", ".join(rule["left"]),
            rule["op"] if rule["kind"] == "compare" else "",
            right,
            str(rule.get("factor", "")),
            rule["severity"],
            rule.get("message", ""),
        ]
        for col, value in enumerate(cells, start=1):
            put_text(rs.cell(n, col), value, alignment=wrap)
    for col, width in zip("ABCDEFGH", (30, 10, 40, 12, 30, 8, 10, 60), strict=True):
        rs.column_dimensions[col].width = width
    info = wb.create_sheet(INFO_SHEET)
    for n, (key, value) in enumerate(
        (("Năm", str(form.year)), ("Tên biểu mẫu", form.title), ("Văn bản ban hành", form.source)), start=1
    ):
        put_text(info.cell(n, 1), key, font=bold)
        put_text(info.cell(n, 2), value)
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 100
    return workbook_bytes(wb)


# --- Reading ------------------------------------------------------------------------------------


def read_form_file(data, name, year, *, matcher=None):
    """A Draft from the bytes of an .xlsx or .docx; raises Unreadable or FormInvalid (every bad row)."""
    if len(data) > MAX_BYTES:
        raise Unreadable(f"Tệp {name} quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    lower = name.lower()
    if lower.endswith(".docx"):
        tables, lines = _docx_tables(data, name)
        info, rule_grid = {}, None
    elif lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        tables, lines, info, rule_grid = _xlsx_tables(data, name)
    else:
        raise Unreadable(f"Tệp {name} không phải là .xlsx hay .docx.")
    for grid in tables:
        found = _header(grid)
        if found:
            header_at, columns = found
            missing = [label for f, label in (("stt", "STT"), ("name", "Chỉ tiêu")) if f not in columns]
            if missing:
                raise Unreadable(f"Tệp {name}: dòng tiêu đề thiếu cột {', '.join(missing)}.")
            editable = "kind" in columns
            draft = _read_rows(grid, header_at, columns, editable, year, matcher)
            if rule_grid is not None:
                draft.rules = _read_rules(rule_grid)
            draft.title = info.get("title") or _title_from(lines)
            draft.source = info.get("source") or _source_from(lines)
            if not editable:
                _keep_stock(draft, year)
            return draft
    raise Unreadable(f"Tệp {name}: không tìm thấy bảng biểu mẫu (dòng tiêu đề «STT | Chỉ tiêu | Đơn vị tính …»).")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return " ".join(str(value).replace("\u00a0", " ").split())


def _xlsx_tables(data, name):
    from openpyxl import load_workbook

    try:
        check_package(data, name, Limits(max_bytes=MAX_BYTES))
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except BadWorkbook as exc:
        raise Unreadable(str(exc)) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(f"Tệp {name} không đọc được như một tệp Excel (.xlsx) ({type(exc).__name__}).") from None
    sheets = {ws.title: [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    info = {}
    for row in sheets.get(INFO_SHEET, []):
        if len(row) >= 2:
            key = plain(row[0])
            if key == "ten bieu mau":
                info["title"] = row[1]
            elif key == "van ban ban hanh":
                info["source"] = row[1]
    rule_grid = sheets.get(RULES_SHEET)
    order = [FORM_SHEET] + [t for t in sheets if t not in (FORM_SHEET, RULES_SHEET, INFO_SHEET)]
    tables = [sheets[t] for t in order if t in sheets]
    lines = [" ".join(c for c in row if c) for t in tables[:1] for row in t[:15]]
    return tables, lines, info, rule_grid


def _docx_tables(data, name):
    import docx

    if data[:4] != b"PK\x03\x04":
        raise Unreadable(f"Tệp {name} không phải là tệp Word (.docx).")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable(f"Tệp {name} bị hỏng (không giải nén được).") from None
    limits = Limits()
    if len(infos) > limits.max_members or sum(i.file_size for i in infos) > limits.max_uncompressed:
        raise Unreadable(f"Tệp {name} khi giải nén quá lớn, không phải một phụ lục biểu mẫu.")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise Unreadable(f"Tệp {name} không phải là tệp Word (.docx).")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise Unreadable(f"Tệp {name} không đọc được như một tệp Word (.docx) ({type(exc).__name__}).") from None
    # A table broken across pages may be one table or several; the rows are read as one sequence
    # (the repeated header rows are skipped while reading).
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells, last = [], None
            for cell in row.cells:
                # A cell merged across columns comes back once per column: keep it in the first.
                cells.append("" if cell._tc is last else _cell(cell.text))
                last = cell._tc
            rows.append(cells)
    lines = [_cell(p.text) for p in document.paragraphs[:40] if p.text.strip()]
    return [rows], lines


def _header(grid):
    for i, row in enumerate(grid[:60]):
        columns = {}
        for c, value in enumerate(row):
            p = plain(value)
            if not p:
                continue
            for field, words in COLUMNS:
                if field not in columns and any(
                    p == w or p.startswith(w + " ") or p.startswith(w + " (") or (len(w) > 4 and w in p) for w in words
                ):
                    columns[field] = c
                    break
        if "stt" in columns and "name" in columns:
            # The directive's two-row header: "Kết quả thống kê" above "Đơn vị tính | Số liệu".
            if "measure" not in columns and i + 1 < len(grid):
                for c, value in enumerate(grid[i + 1]):
                    p = plain(value)
                    if p == "don vi tinh":
                        columns["measure"] = c
                    elif p == "so lieu":
                        columns["value"] = c
            return i, columns
    return None


def _is_header_row(get):
    return plain(get("stt")) == "stt" or (plain(get("measure")) == "don vi tinh" and not get("name"))


def _read_rows(grid, header_at, columns, editable, year, matcher):
    def getter(row):
        return lambda f: row[columns[f]] if f in columns and columns[f] < len(row) else ""

    matcher_ = None
    errors, rows = [], []
    responsible = None  # the directive's Ghi chú, carried down
    last_numbered, in_parts = None, False
    for n in range(header_at + 1, len(grid)):
        get = getter(grid[n])
        line = n + 1
        if not any(get(f) for f in columns if f != "value") or _is_header_row(get):
            continue
        if plain(get("measure")) == "don vi tinh":
            continue
        raw_stt, name, measure = get("stt"), get("name"), get("measure")
        stt = raw_stt.replace(" ", "").rstrip(".").replace(",", ".")
        if plain(raw_stt).startswith("trong do") or (not stt and in_parts):
            if last_numbered is None:
                errors.append(f"Dòng {line}: dòng «Trong đó» không có dòng tổng phía trên.")
                continue
            letters = {r.code for r in rows if r.code.startswith(last_numbered.code + ".")}
            letter = next(
                chr(c) for c in range(ord("a"), ord("z") + 1) if f"{last_numbered.code}.{chr(c)}" not in letters
            )
            code, stt_shown, in_parts = f"{last_numbered.code}.{letter}", "", True
            name = name.rstrip(" :")
        elif not stt:
            if not editable and rows and name and not measure:
                rows[-1].name = f"{rows[-1].name} {name}"  # a wording wrapped onto the next page
                continue
            errors.append(f"Dòng {line}: thiếu STT.")
            continue
        elif PART.match(stt):
            code, stt_shown, in_parts = stt, "", True
        else:
            code, stt_shown, in_parts = stt, raw_stt.strip(), False
        row = Row(code=code, stt=stt_shown, name=name, measure=measure, line=line)
        if editable:
            word = plain(get("kind"))
            kind = KIND_WORDS.get(word) or KIND_WORDS.get(word.rstrip(" %"))
            if kind is None:
                errors.append(
                    f"Dòng {line}: loại «{get('kind')}» không hợp lệ "
                    f"(heading, count, percent, choice — hoặc Tiêu đề, Số lượng, Tỷ lệ %, Lựa chọn)."
                )
                kind = "count"
            row.kind = kind
            row.stock = plain(get("stock")) in YES
            row.previous_code = get("previous_code").replace(" ", "").rstrip(".")
            if kind == Indicator.Kind.CHOICE:
                row.choices = parse_choices(get("choices")) or parse_choices(measure)
                if get("choices") and not parse_choices(get("choices")):
                    errors.append(
                        f"Dòng {line}: mã lựa chọn «{get('choices')}» không đọc được "
                        f"(viết như «0: Chưa; 1: Hoàn thành»)."
                    )
            unit = get("responsible")
            if unit:
                matcher_ = matcher_ or matcher or LeadMatcher()
                try:
                    row.responsible = matcher_.find(unit).code
                except LeadError:
                    errors.append(f"Dòng {line}: không có đơn vị «{unit}» (đơn vị chủ trì: mã hoặc tên đơn vị).")
        else:
            note = get("responsible")
            if note:
                matcher_ = matcher_ or matcher or LeadMatcher()
                try:
                    responsible = matcher_.find(note).code
                except LeadError as exc:
                    errors.append(f"Dòng {line}: Ghi chú «{note}»: {exc}.")
                    responsible = None
            elif "." not in code:
                responsible = None  # a new part with no Ghi chú: nobody answers for it
            row.responsible = responsible
        rows.append(row)
        if not PART.match(row.code):
            last_numbered = row
    if not editable:
        _infer_kinds(rows)
    draft = Draft(rows=rows, rules=None)
    if errors:
        # With the checks of the rows that were read, so the person fixes every row in one go.
        found = set(errors)
        errors += [m for m in check(draft, year) if m not in found]
        raise FormInvalid(sorted(errors, key=_line_of))
    return draft


def _line_of(message):
    m = re.match(r"Dòng (\d+):", message)
    return int(m.group(1)) if m else 10**9


def _infer_kinds(rows):
    codes = [r.code for r in rows]
    for i, row in enumerate(rows):
        has_children = any(c.startswith(row.code + ".") for c in codes[i + 1 : i + 2])
        choices = parse_choices(row.measure)
        p_measure, p_name = plain(row.measure), plain(row.name)
        if choices:
            row.kind, row.choices = Indicator.Kind.CHOICE, choices
        elif p_measure in ("%", "ty le", "ty le %", "phan tram") or (not p_measure and p_name.startswith("ty le")):
            row.kind = Indicator.Kind.PERCENT
        elif "." not in row.code or (has_children and not row.measure):
            row.kind = Indicator.Kind.HEADING
        else:
            row.kind = Indicator.Kind.COUNT


def _keep_stock(draft, year):
    """The directive prints no lũy kế column: keep the flags of the year's stored form, else last year's."""
    form = ReportForm.objects.filter(year=year).first()
    if form is not None:
        stock = set(form.indicators.filter(stock=True).values_list("code", flat=True))
    else:
        before = set(Indicator.objects.filter(form__year=year - 1, stock=True).values_list("code", flat=True))
        stock = set(lineage.carry_forward({c: True for c in before}, year - 1, year))
    for row in draft.rows:
        row.stock = row.code in stock and row.kind != Indicator.Kind.HEADING


def _read_rules(grid):
    if not grid:
        return []
    head = [plain(c) for c in grid[0]]

    def col(*words):
        for i, h in enumerate(head):
            if any(h.startswith(w) for w in words):
                return i
        return None

    idx = {
        "code": col("ma"),
        "kind": col("loai"),
        "left": col("ve trai"),
        "op": col("phep so sanh"),
        "right": col("ve phai"),
        "factor": col("he so"),
        "severity": col("muc do"),
        "message": col("thong bao"),
    }
    errors, rules = [], []
    for n, row in enumerate(grid[1:], start=2):

        def get(f, row=row):
            i = idx[f]
            return row[i] if i is not None and i < len(row) else ""

        if not any(row):
            continue
        rule = {
            "code": get("code"),
            "kind": (get("kind") or "compare").lower(),
            "left": _codes(get("left")),
            "op": get("op") or "<=",
            "severity": SEVERITY_WORDS.get(plain(get("severity")), get("severity")),
        }
        right = get("right")
        if right:
            number = _number(right)
            if number is not None and not re.match(r"^\d+(\.\d+)+$", right):
                rule["constant"] = number
            else:
                rule["right"] = _codes(right)
        if get("factor"):
            factor = _number(get("factor"))
            if factor is None:
                errors.append(f"Sheet {RULES_SHEET}, dòng {n}: hệ số «{get('factor')}» không phải là số.")
            else:
                rule["factor"] = factor
        if get("message"):
            rule["message"] = get("message")
        rules.append(rule)
    if errors:
        raise FormInvalid(errors)
    return rules


def _codes(text):
    return [c.strip().rstrip(".") for c in re.split(r"[,;+\s]+", text or "") if c.strip().rstrip(".")]


def _number(text):
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        return None
    return int(value) if value == int(value) else value


def _title_from(lines):
    for line in lines:
        if "thong ke" in plain(line) or "bieu mau" in plain(line):
            return line[:500]
    return ""


def _source_from(lines):
    for line in lines:
        if "kem theo" in plain(line):
            return line.strip("() ")[:500]
    return ""
