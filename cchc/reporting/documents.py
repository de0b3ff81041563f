"""Office documents of a unit's report: the appendix workbook and the official Word report of
Nghị định 30/2020/NĐ-CP (and its PDF where LibreOffice is installed)."""

from django.core.management.base import CommandError

from cchc.catalog import narrative as outline
from cchc.locality.words import current_locality
from cchc.office import names
from cchc.office.dates import long_date
from cchc.office.docx import CENTER, LEFT, RIGHT, ConversionFailed, OfficialDocument, docx_to_pdf, find_soffice
from cchc.orgunits.models import OrgUnit

from .models import vn_date

FORMATS = ("xlsx", "docx", "pdf")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}


class Unavailable(CommandError):
    """A format this server cannot produce (PDF without LibreOffice)."""

    def __init__(self, message):
        super().__init__(message, returncode=2)
        self.message = message


def render_report(report, fmt):
    """The report as bytes in `fmt` (xlsx, docx, pdf)."""
    if fmt == "xlsx":
        from .xlsx import report_bytes

        return report_bytes(report)
    if fmt == "docx":
        return report_docx(report)
    if fmt == "pdf":
        # The PDF carries the unit, period, revision and content digest, so that a copy signed
        # outside the system can be matched to this report (cchc.signatures).
        from .digest import stamp_report_pdf

        return stamp_report_pdf(to_pdf(report_docx(report)), report)
    raise Unavailable(f"Chưa hỗ trợ xuất định dạng {fmt}.")


def pdf_unavailable_reason():
    """None where PDF can be made here; else why not, in Vietnamese (shown beside the greyed button)."""
    from django.conf import settings

    return find_soffice(settings.CCHC_SOFFICE or None)[1]


def to_pdf(content):
    from django.conf import settings

    try:
        return docx_to_pdf(content, soffice=settings.CCHC_SOFFICE or None)
    except ConversionFailed as exc:
        raise Unavailable(str(exc)) from None


# --- who issues, where, who signs -----------------------------------------------------------


def local_name(unit):
    """ "UBND phường Ngô Mây" → "phường Ngô Mây"."""
    return names.local_name(unit.name)


def place_name(unit):
    """ "UBND phường Ngô Mây" → "Ngô Mây"."""
    return names.place_name(unit.name)


def unit_recipients(locality=None):
    """Nơi nhận of a unit's report: the coordinating office of the locality (which collects it),
    and the unit's own archive."""
    locality = locality or current_locality()
    coordinator = OrgUnit.objects.filter(code=locality.coordinator).values_list("name", flat=True).first()
    office = coordinator or "Cơ quan tổng hợp"
    level = names.level_word(locality.name)
    if level and level not in office.lower():
        office = f"{office} {level}"
    return (f"{office};", "Lưu: VT.")


def town_of(unit):
    """The town (or province) a unit belongs to: the nearest local-government ancestor."""
    seen = 0
    node = unit
    while node is not None and seen < 20:
        if node.kind in (OrgUnit.Kind.TOWN, OrgUnit.Kind.PROVINCE):
            return node
        node = node.parent
        seen += 1
    return unit.parent or unit


def issuer_lines(unit):
    """(superior, issuer) of the header's left block. A People's Committee writes "ỦY BAN NHÂN DÂN"
    over its area; a department writes its committee over its own name (Nghị định 30, Phụ lục I §II.3)."""
    if unit.is_local_government:
        return "ỦY BAN NHÂN DÂN", local_name(unit).upper()
    parent = unit.parent
    return (parent.name.upper() if parent else ""), unit.name.upper()


def sign_code(unit):
    """The issuer's letters after "BC-": UBND for a People's Committee, the unit code for a department."""
    return "UBND" if unit.is_local_government else unit.code


def place_for(unit, locality=None):
    """Địa danh: a ward or commune writes its own name, others the locality's place (Nghị định 30,
    Phụ lục I §II.4)."""
    if unit.kind in (OrgUnit.Kind.WARD, OrgUnit.Kind.COMMUNE):
        return place_name(unit)
    return (locality or current_locality()).place or place_name(town_of(unit))


def date_line(unit, at, year, locality=None):
    place = place_for(unit, locality)
    if at is None:
        # Not issued yet: the clerk writes the date when the leader signs.
        return f"{place}, ngày      tháng      năm {year}"
    return long_date(vn_date(at), place)


def _same_person(a, b):
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def authority_lines(unit, signer, head_title="CHỦ TỊCH"):
    """TM. for a collective body (Ủy ban nhân dân), KT. when a deputy signs for the head
    (Nghị định 30, Phụ lục I §II.7). A deputy is told by a signer other than the unit's leader.
    `head_title`: the committee's signer (the locality's `signer_title` for its consolidated report)."""
    deputy = bool(signer and unit.leader_name and not _same_person(signer, unit.leader_name))
    if unit.is_local_government:
        head = " ".join(head_title.split()).upper() or "CHỦ TỊCH"
        return ["TM. ỦY BAN NHÂN DÂN"] + ([f"KT. {head}", f"PHÓ {head}"] if deputy else [head])
    title = (unit.leader_title or "Trưởng phòng").strip().upper()
    if title.startswith("PHÓ "):
        title = title[4:]
    return [f"KT. {title}", f"PHÓ {title}"] if deputy else [title]


def basis_line(form):
    """ "văn bản số … ngày … của UBND …" (the directive the form came with), from the form's source."""
    text = (form.source or "").strip()
    low = text.lower()
    marker = "kèm theo "
    if marker in low:
        text = text[low.index(marker) + len(marker) :]
    return text


# --- the Word report ---------------------------------------------------------------------------


def report_docx(report):
    from .actions import spec_for
    from .xlsx import sheet_rows

    unit, period = report.unit, report.period
    spec = spec_for(period)
    doc = OfficialDocument()
    superior, issuer = issuer_lines(unit)
    code = sign_code(unit)
    doc.header(
        superior=superior,
        issuer=issuer,
        number=f"Số:        /BC-{code}",
        place_date=date_line(unit, report.submitted_at, period.year),
    )
    summary = f"Kết quả thực hiện công tác cải cách hành chính {period.summary_title}"
    doc.title("BÁO CÁO", summary)
    basis = basis_line(spec.form)
    intro = (f"Thực hiện {basis}, " if basis else "") + (
        f"{unit.name} báo cáo kết quả thực hiện công tác cải cách hành chính (CCHC) {period.summary_title} "
        f"(số liệu tính từ ngày {period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) như sau:"
    )
    doc.body(intro)
    write_narrative(doc, report.narrative or {})
    signer = report.signed_by_name or unit.leader_name
    doc.signature(recipients=unit_recipients(), authority=authority_lines(unit, signer), signer=signer)
    doc.page_break()
    appendix_heading(doc, spec.form, f"(Kèm theo Báo cáo số        /BC-{code} của {unit.name})", period)
    rows = sheet_rows(spec, report.value_map())
    appendix_table(doc, rows)
    # Read back by `cchc import` (cchc/reporting/docx_in.py): the report a file was exported from,
    # kept in the document's keywords, which Word and LibreOffice carry through an edit.
    doc.doc.core_properties.keywords = f"cchc:unit={unit.code} cchc:period={period.code}"
    return doc.to_bytes()


def write_narrative(doc, narrative, thematic=True):
    results = narrative.get("results") or {}
    for key in outline.PARTS:
        doc.heading(outline.HEADINGS[key])
        if key == outline.RESULTS:
            for area in outline.AREAS:
                doc.heading(outline.area_heading(area), italic=True)
                doc.body(results.get(area, ""))
            doc.body("Số liệu thống kê chi tiết tại Phụ lục kèm theo.")
        else:
            doc.body(narrative.get(key, ""))
    if thematic and (narrative.get(outline.THEMATIC) or "").strip():
        doc.heading(outline.HEADINGS[outline.THEMATIC])
        doc.body(narrative[outline.THEMATIC])


def appendix_heading(doc, form, attached, period):
    doc.para("Phụ lục", bold=True, size=14, align=CENTER)
    doc.para(form.title.upper(), bold=True, size=13, align=CENTER)
    doc.para(attached, italic=True, size=13, align=CENTER)
    doc.para(
        f"Kỳ báo cáo: {period.title} — số liệu tính từ ngày {period.data_from:%d/%m/%Y} đến ngày "
        f"{period.data_to:%d/%m/%Y}",
        italic=True,
        size=13,
        align=CENTER,
        after=6,
    )


def appendix_table(doc, rows, extra=None):
    """The figures under the directive's two-row header. `extra` (office.xlsx.ExtraColumns) adds
    the consolidated report's columns, each shown by its own kind as in the workbook."""
    widths = [16, 74, 22, 21, 32]
    header = [
        [
            "STT",
            "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
            "Kết quả thống kê",
            None,
            "Ghi chú",
        ],
        [None, None, "Đơn vị tính", "Số liệu", None],
    ]
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3)), ((0, 4), (1, 4))]
    aligns = [CENTER, LEFT, CENTER, RIGHT, LEFT]
    if extra:
        group, titles, extra_widths = extra.group, extra.titles, extra.widths
        widths = [16, 100, 24, 22, 40] + list(extra_widths)
        header[0] += [group] + [None] * (len(titles) - 1)
        header[1] += list(titles)
        if len(titles) > 1:
            merges.append(((0, 5), (0, 4 + len(titles))))
        aligns += [RIGHT] * len(titles)
    from .xlsx import display_value

    body = []
    for row in rows:
        cells = [row.stt, row.name, row.measure, display_value(row.kind, row.choices, row.value), row.note]
        for i, value in enumerate(row.extras):
            cells.append(
                value if isinstance(value, str) else display_value(extra.kind(i, row.kind), row.choices, value)
            )
        body.append((cells, row.kind == "heading"))
    return doc.table(widths=widths, header=header, merges=merges, rows=body, aligns=aligns, size=12)
