"""A unit's own Word report (.docx) read into a Payload: the narrative parts from its headings,
the figures from its appendix table, and everything that fits neither listed, never dropped.

Units number the parts of công văn 158 §2.1 their own way — "I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN…" or
"1. Tình hình…", upper or sentence case, bold or not — so a heading is known by its words, and
its number only tells its level: once the first part heading has shown the top level's numbering
(Roman, Arabic, or none in capitals), only headings numbered the same way start a new part, and the
six reform areas ("1. Cải cách thể chế" … "6. …chính quyền điện tử/số") are read under "Kết quả".
A sub-heading inside a part ("1. Công tác chỉ đạo, điều hành" under I) stays in that part's text.
"""

import re

from cchc.catalog import narrative as outline
from cchc.office.docx_in import Paragraph, Table, keyword_marker, read_docx
from cchc.office.package import BadPackage
from cchc.office.sheets import GridBook
from cchc.office.xlsx import norm_stt, norm_text

from .files import Invalid, Payload, Unreadable

# The words that name each part, most specific first (casefolded, NFC).
PART_WORDS = (
    (
        "organisation",
        (
            "tình hình tổ chức thực hiện",
            "tổ chức thực hiện",
            "công tác chỉ đạo",
            "chỉ đạo, điều hành",
            "công tác kiểm tra",
            "công tác tuyên truyền",
        ),
    ),
    ("difficulties", ("khó khăn", "vướng mắc", "tồn tại, hạn chế", "hạn chế, tồn tại")),
    ("proposals", ("kiến nghị", "đề xuất")),
    ("thematic", ("chuyên đề",)),
    ("results", ("kết quả",)),
)
AREA_WORDS = (
    ("1", ("cải cách thể chế", "thể chế")),
    ("2", ("thủ tục hành chính",)),
    ("3", ("tổ chức bộ máy", "bộ máy hành chính")),
    ("4", ("chế độ công vụ", "công vụ", "công chức, viên chức")),
    ("5", ("tài chính công",)),
    (
        "6",
        (
            "chính quyền điện tử",
            "chính quyền số",
            "chính phủ điện tử",
            "chính phủ số",
            "hiện đại hóa hành chính",
            "hiện đại hoá hành chính",
        ),
    ),
)
_HEADING = re.compile(
    r"^\s*(?:phần\s+)?(?P<num>[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*)\s*[.):/-]?\s+(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ROMAN = re.compile(r"^[IVXLC]+$")
_BOILERPLATE = ("số liệu thống kê chi tiết tại phụ lục",)
MAX_HEADING = 220  # characters: a longer numbered paragraph is text, not a heading


def read_report_docx(data, name, *, unit=None, period=None):
    try:
        word = read_docx(data, name)
    except BadPackage as exc:
        raise Unreadable(str(exc)) from None
    marker = keyword_marker(word.keywords)
    if marker.get("kind") == "consolidated":
        raise Invalid(f"Tệp {name} là báo cáo tổng hợp của thị xã, không nhập như báo cáo của một đơn vị.")
    if unit and marker.get("unit") and unit != marker["unit"]:
        raise Invalid(f"Tệp {name} là báo cáo của đơn vị {marker['unit']}, không phải của đơn vị {unit}.")
    if period and marker.get("period") and period != marker["period"]:
        raise Invalid(f"Tệp {name} là báo cáo kỳ {marker['period']}, không phải kỳ {period}.")
    unit = unit or marker.get("unit") or _unit_from_header(word.blocks)
    period = period or marker.get("period")
    grid, appendix = appendix_grid(word.blocks)
    warnings = [
        f"Đoạn {b.index} («{b.text[:40]}»): chữ gõ bằng bảng mã {b.legacy}, đã chuyển sang Unicode."
        for b in word.blocks
        if isinstance(b, Paragraph) and b.legacy
    ]
    narrative, unplaced = split_narrative(word.blocks, appendix)
    values, sheet = {}, None
    if appendix:
        from .xlsx import read_report_book

        warnings += [
            f"Bảng thứ {t.index}, dòng {r}, cột {c}: chữ gõ bằng bảng mã {enc}, đã chuyển sang Unicode."
            for t in appendix
            for r, c, enc in t.legacy
        ]
        figures = read_report_book(GridBook([("bảng phụ lục", grid)]), name, unit=unit, period=period, what="bảng")
        which = ", ".join(str(t.index) for t in appendix)
        values, sheet = figures.values, f"bảng phụ lục (bảng thứ {which} của tệp Word)"
        warnings += figures.warnings
        unit, period = figures.unit, figures.period
    elif not narrative:
        raise Invalid(
            f"Tệp {name}: không tìm thấy phần nào của báo cáo (các đề mục "
            f"{', '.join(outline.HEADINGS[p] for p in outline.PARTS)}) cũng như bảng phụ lục số liệu."
        )
    else:
        warnings.append(f"Tệp {name} không có bảng phụ lục số liệu (cột STT và Số liệu): chỉ đọc phần nội dung.")
    if not unit or not period:
        missing = " và ".join(w for w, v in (("đơn vị (--unit)", unit), ("kỳ báo cáo (--period)", period)) if not v)
        raise Invalid(f"Tệp {name} không cho biết đơn vị và kỳ báo cáo: hãy chỉ rõ {missing}.")
    return Payload(
        unit=unit,
        period=period,
        values=values,
        narrative=narrative,
        source=name,
        warnings=warnings,
        sheet=sheet,
        unplaced=unplaced,
        word=True,
    )


def appendix_grid(blocks):
    """(grid, tables) of the appendix: every table laid out as the appendix, in order — a unit's
    appendix is often one table per page, each repeating the header, as in the directive itself —
    mapped to the columns STT | Chỉ tiêu | Đơn vị tính | Số liệu. A table without a header that
    follows one, its first column holding STT codes, continues it. ([], []) when there is none."""
    from .xlsx import _CODE, HEADER_SCAN, _header_columns

    def layout_of(table):
        found = {}
        for row in table.grid[:HEADER_SCAN]:
            for k, v in _header_columns(row).items():
                found.setdefault(k, v)
            if "stt" in found and "value" in found:
                found.setdefault("name", found["stt"] + 1)
                return found
        return None

    def has_codes(table, col):
        return any(_CODE.match(norm_stt(row[col - 1])) for row in table.grid if len(row) >= col)

    chosen, layout = [], None
    for block in blocks:
        if not isinstance(block, Table):
            continue
        own = layout_of(block)
        if own:
            layout = own
        elif layout is None or not has_codes(block, layout["stt"]):
            continue
        chosen.append((block, layout))
    if not chosen:
        # No header anywhere: a table whose first column is mostly STT codes, in the directive's order.
        default = {"stt": 1, "name": 2, "measure": 3, "value": 4}
        chosen = [
            (b, default)
            for b in blocks
            if isinstance(b, Table) and sum(1 for row in b.grid if row and _CODE.match(norm_stt(row[0]))) >= 5
        ]
    grid = [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"]] if chosen else []
    for table, lay in chosen:
        for row in table.grid:
            grid.append(
                [
                    row[lay[k] - 1] if k in lay and lay[k] - 1 < len(row) else ""
                    for k in ("stt", "name", "measure", "value")
                ]
            )
    return grid, [t for t, _ in chosen]


def _unit_from_header(blocks):
    """The unit whose name the document's header gives ("UBND PHƯỜNG NGÔ MÂY", "PHÒNG TƯ PHÁP"):
    the longest unit name found in the first lines; None when none, or two as long."""
    from cchc.orgunits.models import OrgUnit

    from .documents import local_name

    lines = []
    for block in blocks[:12]:
        if isinstance(block, Table):
            lines += [norm_text(c) for row in block.grid[:3] for c in row]
        else:
            lines.append(norm_text(block.text))
    text = " | ".join(lines)
    best, best_len, tie = None, 0, False
    for unit in OrgUnit.objects.all().only("code", "name", "kind"):
        for candidate in {norm_text(unit.name), norm_text(local_name(unit))}:
            if len(candidate) >= 6 and candidate in text:
                if len(candidate) > best_len:
                    best, best_len, tie = unit.code, len(candidate), False
                elif len(candidate) == best_len and unit.code != best:
                    tie = True
    return None if tie else best


def _match(words_table, text):
    for key, words in words_table:
        if any(w in text for w in words):
            return key
    return None


def _style(number, paragraph):
    if number is None:
        return "caps"
    if _ROMAN.match(number) and number.upper() == number:
        return "roman"
    return "arabic" if "." not in number else "sub"


def split_narrative(blocks, appendix=()):
    """({part: text, "results": {area: text}}, [unplaced lines]) from the body's blocks in order.

    Only parts that have text are returned: a part the file leaves out (or leaves empty) is not
    a request to clear it. Unplaced: "where: text" for the preamble, sections whose heading names
    no part, the signature block, tables other than the appendix."""
    parts, areas = {}, {}
    unplaced = []
    section = None  # ("part", key) | ("area", key) | ("none", label)
    top_style = _top_style(blocks)
    where = "Phần mở đầu (quốc hiệu, tên và căn cứ báo cáo)"
    for block in blocks:
        if any(block is t for t in appendix):
            section, where = ("none", "appendix"), "Phụ lục"
            continue
        if isinstance(block, Table):
            text = " | ".join(" ".join(c.split()) for row in block.grid for c in row if c.strip())
            if "nơi nhận" in norm_text(text) and section is not None:
                section, where = ("none", "sign"), "Phần ký và nơi nhận"
            if (
                section is None
                or section[0] == "none"
                or any(len([c for c in row if c.strip()]) > 1 for row in block.grid[:1])
            ):
                if text and section != ("none", "appendix"):
                    unplaced.append(f"{where} — bảng thứ {block.index}: {text[:300]}")
                continue
            lines = [" ".join(c.split()) for row in block.grid for c in row if c.strip()]
            _add(parts, areas, section, "\n".join(lines))
            continue
        text = block.text.strip()
        if not text:
            continue
        low = norm_text(text)
        if section and section[1] == "appendix":
            continue  # the appendix's own title lines
        if low.startswith("nơi nhận"):
            section, where = ("none", "sign"), "Phần ký và nơi nhận"
            unplaced.append(f"{where}: {text[:300]}")
            continue
        if low == "phụ lục" or low.startswith("phụ lục ") and len(low) < 40:
            section, where = ("none", "appendix"), "Phụ lục"
            continue
        heading = _heading(block, text, low)
        if heading is not None:
            number, title = heading
            style = _style(number, block)
            area = _match(AREA_WORDS, title)
            part = _match(PART_WORDS, title)
            in_results = section is not None and (section == ("part", "results") or section[0] == "area")
            if area and (in_results or (style == top_style and "results" not in parts)):
                section, where = ("area", area), f"Kết quả — lĩnh vực {area}"
                areas.setdefault(area, [])
                continue
            if part and style == top_style:
                if not (in_results and part == "results") and (section is None or section != ("part", part)):
                    section, where = ("part", part), outline.HEADINGS[part]
                    if part == "results":
                        parts.setdefault("results", [])
                    else:
                        parts.setdefault(part, [])
                    continue
            if not part and not area and (style == top_style or style == "roman"):
                # A part of the unit's own ("V. Phương hướng, nhiệm vụ quý tới"): not one of the
                # directive's four, so it is shown as not placed rather than glued onto the part above.
                section, where = ("none", text[:80]), f"Mục «{text[:80]}»"
                unplaced.append(f"{where}: {text[:300]}")
                continue
        if section is None or section[0] == "none" or any(w in low for w in _BOILERPLATE):
            unplaced.append(f"{where}: {text[:300]}")
            continue
        _add(parts, areas, section, text)
    out = {}
    for key, lines in parts.items():
        if key == "results":
            continue
        joined = "\n".join(lines).strip()
        if joined:
            out[key] = joined
    results = {a: "\n".join(lines).strip() for a, lines in areas.items() if "\n".join(lines).strip()}
    results_text = "\n".join(parts.get("results", [])).strip()
    if results_text:
        # Text under "II. Kết quả" before any reform area: nowhere in the form's six areas to put it.
        unplaced.append(f"{outline.HEADINGS[outline.RESULTS]} (trước lĩnh vực 1): {results_text[:300]}")
    if results:
        out["results"] = {a: results[a] for a in outline.AREAS if a in results}
    return out, unplaced


def _top_style(blocks):
    """How this document numbers its parts: that of the first heading naming one of them,
    numbered headings preferred over unnumbered capitals (a title in capitals may say "KẾT QUẢ")."""
    styles = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.text.strip():
            text = block.text.strip()
            heading = _heading(block, text, norm_text(text))
            if heading and _match(PART_WORDS, heading[1]) and not _match(AREA_WORDS, heading[1]):
                styles.append(_style(heading[0], block))
    for preferred in ("roman", "arabic"):
        if preferred in styles:
            return preferred
    return styles[0] if styles else "roman"


def _add(parts, areas, section, text):
    kind, key = section
    if kind == "area":
        areas.setdefault(key, []).append(text)
    else:
        parts.setdefault(key, []).append(text)


def _heading(block, text, low):
    """(number or None, title) when the paragraph reads as a heading."""
    if len(text) > MAX_HEADING:
        return None
    found = _HEADING.match(text)
    if found:
        return found.group("num"), norm_text(found.group("text"))
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 6:
        return None, low  # an unnumbered heading in capitals
    return None
