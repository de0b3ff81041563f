"""Word documents in the form of Nghị định 30/2020/NĐ-CP (Phụ lục I: thể thức văn bản hành chính),
with no knowledge of models: page, fonts, the header with issuer and Quốc hiệu – Tiêu ngữ, the body,
"Nơi nhận" with the signature block, and an appendix table. Also the PDF conversion through
LibreOffice where it is installed."""

import io
import logging
import os
import shutil
import subprocess
import tempfile
from copy import deepcopy

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

log = logging.getLogger(__name__)

FONT = "Times New Roman"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


class OfficialDocument:
    """An administrative document (văn bản hành chính) on A4: margins top and bottom 20 mm, left 30 mm,
    right 15 mm, Times New Roman 14 for the body — the decree's ranges (top/bottom 20–25, left 30–35,
    right 15–20 mm; 13–14 pt)."""

    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        pf = style.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
        # Drop the template's empty first paragraph: every paragraph is added on purpose.
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    @property
    def text_width(self):
        s = self.doc.sections[-1]
        return s.page_width - s.left_margin - s.right_margin

    # --- paragraphs ---

    def para(
        self,
        text="",
        *,
        container=None,
        bold=False,
        italic=False,
        size=14,
        align=JUSTIFY,
        before=0,
        after=0,
        indent=None,
        keep_with_next=False,
        line=None,
    ):
        container = container if container is not None else self.doc
        p = container.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent is not None:
            fmt.first_line_indent = Mm(indent)
        if line is not None:
            fmt.line_spacing = line
        if keep_with_next:
            fmt.keep_with_next = True
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        return p

    def rule(self, container, width_mm, cell_width_mm):
        """A short horizontal line centred under the text above (the decree's rule under the issuer
        and under the Tiêu ngữ), drawn as the top border of an empty, indented paragraph."""
        side = max(0.0, (cell_width_mm - width_mm) / 2)
        p = container.add_paragraph()
        fmt = p.paragraph_format
        fmt.left_indent = fmt.right_indent = Mm(side)
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        ppr = p._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            top.set(qn(k), v)
        borders.append(top)
        ppr.append(borders)
        run = p.add_run()
        run.font.size = Pt(4)
        return p

    def body(self, text, *, indent=10, empty_note=""):
        """Paragraphs of a narrative part: one per line of the text, justified, first line indented."""
        lines = [ln.strip() for ln in (text or "").replace("\r\n", "\n").split("\n") if ln.strip()]
        if not lines and empty_note:
            lines = [empty_note]
        for line in lines:
            self.para(line, indent=indent, before=0, after=6, line=1.15)
        if not lines:
            self.para("", after=6)

    def heading(self, text, *, size=14, italic=False):
        return self.para(text, bold=True, italic=italic, size=size, indent=10, before=6, after=6, keep_with_next=True)

    # --- the parts of the decree's layout ---

    def header(self, *, superior, issuer, number, place_date):
        """Ô 1–4 of the decree's layout: issuing body (its superior above, itself in bold) with a
        rule; Quốc hiệu and Tiêu ngữ with a rule; the number and sign; place and date in italics."""
        left_w, right_w = 65, 100
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _widths(table, [left_w, right_w])
        left, right = table.cell(0, 0), table.cell(0, 1)
        _clear(left), _clear(right)
        if superior:
            self.para(superior, container=left, size=13, align=CENTER)
        self.para(issuer, container=left, size=13, bold=True, align=CENTER)
        self.rule(left, 22, left_w)
        self.para(QUOC_HIEU, container=right, size=12.5, bold=True, align=CENTER)
        self.para(TIEU_NGU, container=right, size=14, bold=True, align=CENTER)
        self.rule(right, 62, right_w)
        left, right = table.cell(1, 0), table.cell(1, 1)
        _clear(left), _clear(right)
        self.para(number, container=left, size=13, align=CENTER, before=4)
        self.para(place_date, container=right, size=14, italic=True, align=CENTER, before=4)
        return table

    def title(self, name, summary):
        self.para(name, bold=True, size=14, align=CENTER, before=18)
        self.para(summary, bold=True, size=14, align=CENTER, after=4)
        self.rule(self.doc, 40, _mm(self.text_width))
        self.para("", after=6)

    def signature(self, *, recipients, authority, signer, recipients_title="Nơi nhận:"):
        """Ô 7 and 9 of the decree: "Nơi nhận" on the left (bold italic 12, items 11), the signing
        authority on the right (TM./KT., title in bold capitals) and the signer's name in bold."""
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        _widths(table, [80, 85])
        left, right = table.cell(0, 0), table.cell(0, 1)
        _clear(left), _clear(right)
        self.para(recipients_title, container=left, bold=True, italic=True, size=12, align=LEFT, before=6)
        for item in recipients:
            self.para(f"- {item}", container=left, size=11, align=LEFT)
        for i, line in enumerate(authority):
            self.para(line, container=right, bold=True, size=14, align=CENTER, before=6 if i == 0 else 0)
        for _ in range(4):
            self.para("", container=right, size=14)
        self.para(signer or "", container=right, bold=True, size=14, align=CENTER)
        return table

    def page_break(self):
        p = self.doc.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)

    def landscape_section(self):
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(20), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
        return section

    def table(self, *, widths, header, merges, rows, aligns, size=12):
        """A bordered table. header: rows of texts (None inside a merged block); merges:
        ((r0, c0), (r1, c1)) in header coordinates; rows: (texts, bold). Header rows repeat on
        every page; numbers right-aligned per `aligns`."""
        ncols = len(widths)
        table = self.doc.add_table(rows=len(header), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _widths(table, widths)
        for r, texts in enumerate(header):
            row = table.rows[r]
            _repeat_header(row)
            for c, cell in enumerate(row.cells):
                _clear(cell)
                self.para(texts[c] or "", container=cell, bold=True, size=size, align=CENTER)
                _valign(cell)
        for (r0, c0), (r1, c1) in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        # Body rows are stamped from one prototype row: python-docx's add_row and cell access cost
        # milliseconds per call, and the appendix has over a hundred rows.
        proto = deepcopy(table.rows[-1]._tr)
        for tc in proto.iter(qn("w:tc")):
            for child in list(tc):
                if child.tag != qn("w:tcPr"):
                    tc.remove(child)
            props = tc.find(qn("w:tcPr"))
            if props is not None:
                for tag in ("w:vMerge", "w:gridSpan", "w:vAlign"):
                    el = props.find(qn(tag))
                    if el is not None:
                        props.remove(el)
        trpr = proto.find(qn("w:trPr"))
        if trpr is not None:
            proto.remove(trpr)
        tbl = table._tbl
        for texts, bold in rows:
            tr = deepcopy(proto)
            tcs = list(tr.iter(qn("w:tc")))
            for c, tc in enumerate(tcs):
                tc.append(_p(texts[c] if c < len(texts) else "", bold=bold, size=size, align=aligns[c]))
            tbl.append(tr)
        return table

    def to_bytes(self):
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


_ALIGN_XML = {CENTER: "center", LEFT: "left", RIGHT: "right", JUSTIFY: "both"}


def _p(text, *, bold, size, align):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), _ALIGN_XML[align])
    ppr.append(jc)
    p.append(ppr)
    if text:
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        rpr.append(sz)
        r.append(rpr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        p.append(r)
    return p


def _mm(length):
    return length / 36000


def _widths(table, widths_mm):
    grid = table._tbl.tblGrid
    for col, w in zip(grid.iterchildren(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def _clear(cell):
    for p in list(cell._tc.iterchildren(qn("w:p"))):
        cell._tc.remove(p)


def _valign(cell):
    tcpr = cell._tc.get_or_add_tcPr()
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), "center")
    tcpr.append(v)


def _repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


# --- PDF ----------------------------------------------------------------------------------------


class ConversionFailed(Exception):
    pass


def find_soffice(configured=None):
    """(path of LibreOffice's soffice, None) where LibreOffice Writer can convert a .docx here, else
    (None, why not in Vietnamese). `configured` is an explicit path (CCHC_SOFFICE); otherwise soffice
    or libreoffice on PATH.

    soffice alone is not enough: Debian's libreoffice-core installs it without Writer, and then every
    conversion of a .docx fails. Writer's library (libswlo.so, swlo.dll, libswlo.dylib) is looked for
    beside the real soffice binary."""
    exe = configured or shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return None, "Máy chủ chưa cài LibreOffice Writer nên không xuất được PDF."
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        return None, f"Không chạy được LibreOffice tại «{exe}» (CCHC_SOFFICE) nên không xuất được PDF."
    program = os.path.dirname(os.path.realpath(exe))
    places = [program, os.path.join(program, os.pardir, "Frameworks")]  # the last: macOS bundles
    names = [n for place in places if os.path.isdir(place) for n in os.listdir(place)]
    is_libreoffice = any(n.startswith(("soffice.bin", "libmergedlo", "mergedlo", "libsofficeapp")) for n in names)
    if is_libreoffice and not any(n.split(".")[0] in ("libswlo", "swlo") for n in names):
        return None, (
            "Máy chủ có LibreOffice nhưng thiếu LibreOffice Writer (gói libreoffice-writer) nên không xuất được PDF."
        )
    return exe, None


def docx_to_pdf(content, timeout=120, soffice=None):
    """PDF bytes of a .docx through LibreOffice (headless, a throw-away profile so concurrent
    conversions do not fight over one). Raises ConversionFailed with a message for the user; what
    LibreOffice itself printed goes to the log, for whoever runs the server."""
    exe, why_not = find_soffice(soffice)
    if not exe:
        raise ConversionFailed(why_not)
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        src = os.path.join(tmp, "baocao.docx")
        with open(src, "wb") as fh:
            fh.write(content)
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation=file://{tmp}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            src,
        ]
        try:
            done = subprocess.run(
                cmd, capture_output=True, timeout=timeout, check=False, env={**os.environ, "HOME": tmp}
            )
        except subprocess.TimeoutExpired as exc:
            log.error(
                "LibreOffice (%s) did not finish converting to PDF in %s s; output: %s",
                exe,
                timeout,
                _output(exc.stdout, exc.stderr),
            )
            raise ConversionFailed("Không chuyển được sang PDF (LibreOffice không phản hồi).") from None
        except OSError as exc:
            log.error("LibreOffice (%s) could not be started: %s", exe, exc)
            raise ConversionFailed("Không chuyển được sang PDF (không chạy được LibreOffice).") from None
        out = os.path.join(tmp, "baocao.pdf")
        if done.returncode != 0 or not os.path.exists(out):
            log.error(
                "LibreOffice (%s) made no PDF, exit status %s; output: %s",
                exe,
                done.returncode,
                _output(done.stdout, done.stderr),
            )
            raise ConversionFailed("Không chuyển được sang PDF.")
        with open(out, "rb") as fh:
            return fh.read()


def _output(stdout, stderr):
    text = b"\n".join(part.strip() for part in (stderr or b"", stdout or b"") if part and part.strip())
    return text.decode("utf-8", "replace")[-4000:] or "(none)"
