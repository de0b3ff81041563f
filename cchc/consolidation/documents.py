"""The locality's consolidated report as xlsx/docx/pdf, in the layout of a unit's report: Số liệu is
the responsible unit's figure (Ghi chú of the form), beside the roll-up over every unit that
reported and how many did."""

from cchc.locality.words import current_locality
from cchc.office.xlsx import ExtraColumns, build_appendix, workbook_bytes
from cchc.orgunits.models import OrgUnit
from cchc.reporting import documents as report_docs
from cchc.reporting.actions import spec_for
from cchc.reporting.xlsx import NOTE_LINE, marker, sheet_rows, title_lines

from .figures import consolidate

ROLLUP_GROUP = "Tổng hợp từ báo cáo các đơn vị"
ROLLUP_TITLES = ["Cộng (số lượng) / Bình quân (tỷ lệ)", "Số đơn vị báo cáo"]
# The roll-up is of the row's own kind; the number of units reporting is a count for every row.
ROLLUP_KINDS = [None, "count"]


def recipients(locality=None):
    """Nơi nhận: the superior the report is sent to ("(b/c)": for its information), then the
    locality's other recipients, as its words say."""
    locality = locality or current_locality()
    head = [f"{locality.superior} (b/c);"] if locality.superior else []
    return tuple(head + list(locality.recipients or []))


def the_town():
    return (
        OrgUnit.objects.filter(parent__isnull=True, kind__in=[OrgUnit.Kind.TOWN, OrgUnit.Kind.PROVINCE])
        .order_by("position", "code")
        .first()
    )


def render_consolidated(period, fmt):
    if fmt == "xlsx":
        return consolidated_xlsx(period)
    if fmt == "docx":
        return consolidated_docx(period)
    if fmt == "pdf":
        return stamp_consolidated_pdf(report_docs.to_pdf(consolidated_docx(period)), period)
    raise report_docs.Unavailable(f"Chưa hỗ trợ xuất định dạng {fmt}.")


def consolidated_digest(period):
    """The digest (cchc.reporting.digest) of what the town's report says now: every indicator's
    town figure, roll-up and count, the units missing, and the narrative."""
    from cchc.reporting.digest import digest_of

    from .narrative import consolidated_narrative

    town = the_town()
    data = consolidate(period)
    return digest_of(
        {
            "unit": town.code if town else "",
            "period": period.code,
            "indicators": data["indicators"],
            "missing_units": data["missing_units"],
            "narrative": consolidated_narrative(period) or {},
        }
    )


def consolidated_fields(period):
    town = the_town()
    return {
        "kind": "consolidated",
        "unit": town.code if town else "",
        "period": period.code,
        "digest": consolidated_digest(period),
    }


def stamp_consolidated_pdf(content, period):
    from cchc.office.pdf import stamp

    town = the_town()
    return stamp(
        content,
        consolidated_fields(period),
        title=f"Báo cáo tổng hợp CCHC {period.summary_title}",
        author=town.name if town else "",
        subject=f"{period.code} tổng hợp",
    )


def _figures(period):
    data = consolidate(period)
    values, extras = {}, {}
    for code, fig in data["indicators"].items():
        values[code] = fig["value"]
        rollup = fig["rollup"]
        if isinstance(rollup, float):
            rollup = round(rollup, 2)
        extras[code] = [rollup, fig["reported_by"]]
    names = dict(OrgUnit.objects.filter(code__in=data["missing_units"]).values_list("code", "name"))
    missing = [names.get(c, c) for c in data["missing_units"]]
    return values, extras, missing


def _missing_line(missing):
    if not missing:
        return "Tất cả các đơn vị đã gửi báo cáo."
    return f"Đơn vị chưa gửi báo cáo ({len(missing)}): {', '.join(missing)}."


def consolidated_xlsx(period):
    spec = spec_for(period)
    town = the_town()
    values, extras, missing = _figures(period)
    town_name = current_locality().name
    wb, _ = build_appendix(
        titles=title_lines(spec.form, f"Báo cáo tổng hợp của {town_name}".strip(), period),
        rows=sheet_rows(spec, values, extras),
        marker=marker(spec, town.code if town else "", period, "consolidated"),
        note_line="Số liệu: số liệu của đơn vị chủ trì (cột Ghi chú); cột Tổng hợp: cộng số lượng, bình quân tỷ lệ "
        "trên các báo cáo đã gửi hoặc đã tiếp nhận.",
        editable=False,
        extra=ExtraColumns(ROLLUP_GROUP, ROLLUP_TITLES, [18, 12], ROLLUP_KINDS),
        footer=[_missing_line(missing), NOTE_LINE],
    )
    return workbook_bytes(wb)


def consolidated_docx(period):
    from .narrative import consolidated_narrative

    spec = spec_for(period)
    town = the_town()
    locality = current_locality()
    doc = report_docs.OfficialDocument()
    superior, issuer = report_docs.issuer_lines(town)
    doc.header(
        superior=superior,
        issuer=issuer,
        number="Số:        /BC-UBND",
        place_date=report_docs.date_line(town, None, period.year, locality),
    )
    doc.title("BÁO CÁO", f"Kết quả thực hiện công tác cải cách hành chính {period.summary_title}")
    doc.body(
        f"{locality.name} báo cáo kết quả thực hiện công tác cải cách hành chính (CCHC) {period.summary_title} "
        f"(số liệu tính từ ngày {period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) như sau:"
    )
    report_docs.write_narrative(doc, consolidated_narrative(period) or {}, thematic=False)
    doc.signature(
        recipients=recipients(locality),
        authority=report_docs.authority_lines(town, town.leader_name, locality.signer_title),
        signer=town.leader_name,
    )
    values, extras, missing = _figures(period)
    doc.landscape_section()
    report_docs.appendix_heading(doc, spec.form, f"(Kèm theo Báo cáo số        /BC-UBND của {locality.name})", period)
    report_docs.appendix_table(
        doc, sheet_rows(spec, values, extras), extra=ExtraColumns(ROLLUP_GROUP, ROLLUP_TITLES, [28, 24], ROLLUP_KINDS)
    )
    doc.para(_missing_line(missing), italic=True, size=12, before=6)
    # So that `cchc import` refuses it as a unit's report (cchc/reporting/docx_in.py).
    doc.doc.core_properties.keywords = f"cchc:kind=consolidated cchc:period={period.code}"
    return doc.to_bytes()
