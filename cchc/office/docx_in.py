"""Reading a received Word file (.docx), with no knowledge of reports: its body as blocks in
document order — paragraphs and tables — with each table as a plain grid of cell texts, merged
cells resolved (a cell spanning columns or rows holds its text in its first grid cell, the cells
it covers are ""). Reusable for any Word table: a unit's report appendix, a directive's form
appendix, a plan.

Text typed in a legacy Vietnamese font (TCVN3 ".VnTime", VNI) is converted to Unicode here, where
the run's font name is still known; each block says which encoding it was converted from.
"""

import io
import re
from dataclasses import dataclass, field

from .legacy import decode, detect
from .numbers import format_number
from .package import BadPackage, open_package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BLOCKS = 50_000
MAX_TABLE_CELLS = 60_000


@dataclass
class Paragraph:
    text: str
    bold: bool = False  # every run with text is bold
    style: str = ""
    legacy: str | None = None  # "TCVN3" / "VNI" when converted
    index: int = 0  # position among the document's paragraphs, 1-based (for messages)


@dataclass
class Table:
    grid: list  # rows of cell texts
    index: int = 0  # 1-based among the document's tables
    legacy: list = field(default_factory=list)  # [(row, col, encoding)] of converted cells


@dataclass
class WordFile:
    blocks: list
    keywords: str = ""


def read_docx(data, name):
    """The WordFile of `data`; BadPackage with a Vietnamese message when it cannot be read."""
    zf = open_package(data, name, "docx")
    broken = f"Tệp {name} bị hỏng hoặc không phải tệp Word hợp lệ; hãy mở bằng Word, lưu lại rồi gửi lại."
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        keywords = document.core_properties.keywords or ""
    except Exception:
        raise BadPackage(broken) from None
    finally:
        zf.close()
    blocks, paragraphs, tables = [], 0, 0
    try:
        for child in body.iterchildren():
            if len(blocks) >= MAX_BLOCKS:
                raise BadPackage(f"Tệp {name} quá dài (hơn {format_number(MAX_BLOCKS)} đoạn), không phải báo cáo.")
            if child.tag == _W + "p":
                paragraphs += 1
                blocks.append(_paragraph(child, paragraphs))
            elif child.tag == _W + "tbl":
                tables += 1
                blocks.append(_table(child, tables, name))
            elif child.tag == _W + "sdt":  # a content control wrapping paragraphs (templates use them)
                for p in child.iter(_W + "p"):
                    paragraphs += 1
                    blocks.append(_paragraph(p, paragraphs))
    except BadPackage:
        raise
    except Exception:
        raise BadPackage(broken) from None
    return WordFile(blocks=blocks, keywords=keywords)


def _text_of(element):
    """The visible text of a paragraph element: runs, tabs and line breaks, deleted text left out."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "delText"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _legacy_font(run_fonts):
    """The encoding a run's font implies: ".VnTime"/".VnArial…" are TCVN3, "VNI-…" are VNI."""
    for font in run_fonts:
        low = font.lower()
        if low.startswith(".vn"):
            return "TCVN3", font.rstrip().endswith("H")
        if low.startswith("vni"):
            return "VNI", False
    return None, False


def _paragraph(p, index):
    text = _text_of(p)
    style = ""
    ppr = p.find(_W + "pPr")
    if ppr is not None:
        ps = ppr.find(_W + "pStyle")
        if ps is not None:
            style = ps.get(_W + "val") or ""
    runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    bold = bool(runs) and all(_is_bold(r) for r in runs)
    fonts = []
    for r in runs:
        rpr = r.find(_W + "rPr")
        f = rpr.find(_W + "rFonts") if rpr is not None else None
        if f is not None:
            fonts.extend(v for k, v in f.attrib.items() if k in (_W + "ascii", _W + "hAnsi") and v)
    text, legacy = fix_with_font(text, fonts)
    return Paragraph(text=text, bold=bold, style=style, legacy=legacy, index=index)


def fix_with_font(text, fonts):
    """(Unicode text, encoding or None): the font's encoding when it names one (a heading font
    ending in H, ".VnTimeH", draws its letters as capitals), else what the text itself shows."""
    encoding, capitals = _legacy_font(fonts)
    if encoding and not text.isascii() and detect(text) in (None, encoding):
        from .legacy import _unicode_only

        if not any(ch in _unicode_only() for ch in text):
            out = decode(text, encoding)
            return (out.upper() if capitals else out), encoding
    found = detect(text)
    if found:
        return decode(text, found), found
    return text, None


def _is_bold(run):
    rpr = run.find(_W + "rPr")
    if rpr is None:
        return False
    b = rpr.find(_W + "b")
    return b is not None and (b.get(_W + "val") or "true") not in ("0", "false")


def _table(tbl, index, name):
    """The table as a grid: gridSpan and vMerge resolved; text in a merged area's first cell."""
    grid, converted, cells = [], [], 0
    for r, tr in enumerate(tbl.iter(_W + "tr")):
        if tr.getparent() is not tbl:
            continue  # a row of a table nested in a cell is part of that cell's text
        row = []
        trpr = tr.find(_W + "trPr")
        before = 0
        if trpr is not None:
            gb = trpr.find(_W + "gridBefore")
            if gb is not None:
                before = int(gb.get(_W + "val") or 0)
        row.extend([""] * before)
        for tc in tr.iterchildren(_W + "tc"):
            cells += 1
            if cells > MAX_TABLE_CELLS:
                raise BadPackage(f"Tệp {name}: bảng số {index} quá lớn, không phải phụ lục báo cáo.")
            tcpr = tc.find(_W + "tcPr")
            span, continued = 1, False
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    span = max(1, min(50, int(gs.get(_W + "val") or 1)))
                vm = tcpr.find(_W + "vMerge")
                continued = vm is not None and (vm.get(_W + "val") or "continue") == "continue"
            texts = [_text_of(p) for p in tc.iterchildren(_W + "p")]
            fonts = [
                v
                for rf in tc.iter(_W + "rFonts")
                for k, v in rf.attrib.items()
                if k in (_W + "ascii", _W + "hAnsi") and v
            ]
            text = "" if continued else "\n".join(t for t in texts if t.strip() or len(texts) == 1)
            text, legacy = fix_with_font(text, fonts)
            if legacy:
                converted.append((r + 1, len(row) + 1, legacy))
            row.append(text)
            row.extend([""] * (span - 1))
        grid.append(row)
    return Table(grid=grid, index=index, legacy=converted)


KEYWORD = re.compile(r"cchc:(unit|period|kind)=([A-Za-z0-9_.-]+)")


def keyword_marker(keywords):
    """{"unit", "period", "kind"} written by our own exports into the document's keywords."""
    return dict(KEYWORD.findall(keywords or ""))
