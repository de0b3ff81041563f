"""The narrative of the town's consolidated report (directive §2.1): the coordinator's edited text
if there is one, otherwise a draft assembled from the units' counted reports.

Assembly follows the directive's §2.1 (công văn 158): each unit charged with a thematic (chuyên đề)
report on the locality's tasks of its area has that report placed first under the reform areas it
covers (the locality's `thematic` words, cchc/reporting/thematic.py), in the units' order; then every
unit's own text of that area, prefixed by the unit's name. An ISO 9001 report goes under area 2 (cải
cách thủ tục hành chính): the quality system of Quyết định 19/2014/QĐ-TTg governs how procedures are
received and settled, and the report outline has no separate heading for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Func, TextField
from django.utils import timezone

from cchc.audit.log import record
from cchc.catalog import narrative as outline
from cchc.reporting.actions import ReportError, clean_narrative
from cchc.reporting.models import Report
from cchc.reporting.thematic import assignments

if TYPE_CHECKING:
    import datetime as dt

    from django.contrib.auth.models import User

    from cchc.reporting.models import Period

    from .models import ConsolidatedReport


AREAS = tuple(outline.AREAS)
# The units' texts are assembled into the consolidation page's draft while they stay under this
# many characters together (some 60–90 KiB of Vietnamese in UTF-8, with the rest of the page under
# the 150 KiB a page may weigh). Beyond it — a province's hundred units writing a page each — the
# coordinator reads them part by part, a page of units at a time (unit_texts), and writes the
# town's text — the Word file too carries what the coordinator wrote, not ten thousand paragraphs
# (python-docx took 24 s for the draft of 6,000 units' texts).
DRAFT_ON_PAGE_CHARS = 40_000
UNITS_PER_PAGE = 20
# A unit's text on the reading page stops here, with a link to the unit's whole report.
TEXT_SHOWN_CHARS = 3_000
# The parts as the reading page names them in its address: (slug, path in the narrative).
READING_PARTS = (
    ("to-chuc-thuc-hien", ("organisation",)),
    *((f"linh-vuc-{a}", ("results", a)) for a in AREAS),
    ("kho-khan", ("difficulties",)),
    ("kien-nghi", ("proposals",)),
)


def empty_narrative():
    return {"organisation": "", "results": {a: "" for a in AREAS}, "difficulties": "", "proposals": ""}


def consolidated_narrative(period):
    """{"organisation", "results": {"1".."6"}, "difficulties", "proposals"}: what the town's
    report says in words (its page, its Word file, its JSON) — town_narrative()'s text."""
    from .models import ConsolidatedReport

    return town_narrative(period, ConsolidatedReport.objects.filter(period=period).first())["narrative"]


def town_narrative(period, saved):
    """The town's text and how it came: the coordinator's saved edit (`saved`, a ConsolidatedReport
    or None); else the draft assembled from the units' texts while they fit a page; else nothing —
    the units' texts are then read part by part (unit_texts) and the coordinator writes the town's.
    {"narrative", "too_long", "units", "chars"}."""
    if saved is not None:
        return {"narrative": _normalise(saved.narrative), "too_long": False, "units": 0, "chars": 0}
    units, chars = draft_size(period)
    too_long = chars > DRAFT_ON_PAGE_CHARS
    return {
        "narrative": empty_narrative() if too_long else draft_narrative(period),
        "too_long": too_long,
        "units": units,
        "chars": chars,
    }


def draft_size(period):
    """(units with text, characters of their texts) among the period's counted reports: one
    aggregate over kept numbers, not the texts themselves."""
    from django.db.models import Count, Sum

    got = (
        Report.objects.counted()
        .filter(period=period, has_narrative=True)
        .aggregate(units=Count("id"), chars=Sum("narrative_chars"))
    )
    return got["units"], got["chars"] or 0


def unit_texts(period, slug, page_number):
    """(thematic texts, Django page of (unit code, unit name, text, cut)) of one part of the
    narrative: the units' counted reports that say something in it, in the units' order, paged in
    SQL. Thematic reports of the areas they cover come first, on the first page, as in the draft."""
    from django.core.paginator import Paginator
    from django.db.models.functions import Length, Trim

    path = dict(READING_PARTS)[slug]
    reports = (
        Report.objects.counted()
        .filter(period=period, has_narrative=True)
        .annotate(part=JsonText("narrative", path))
        .annotate(chars=Length(Trim("part")))
        .filter(chars__gt=0)
        .order_by("unit__position", "unit__code")
        .values_list("unit__code", "unit__name", "part")
    )
    page = Paginator(reports, UNITS_PER_PAGE).get_page(page_number)
    page.object_list = [
        (code, name, text.strip()[:TEXT_SHOWN_CHARS], len(text.strip()) > TEXT_SHOWN_CHARS)
        for code, name, text in page.object_list
    ]
    thematic = []
    if path[0] == "results" and page.number == 1:
        covering = {code: topic for code, (areas, topic) in assignments().items() if path[1] in areas}
        found = {
            code: (name, _clean(text))
            for code, name, text in Report.objects.counted()
            .filter(period=period, unit__code__in=covering)
            .values_list("unit__code", "unit__name", "narrative__thematic")
        }
        thematic = [
            (code, found[code][0], topic, found[code][1])
            for code, topic in covering.items()
            if code in found and found[code][1]
        ]
    return thematic, page


class JsonText(Func):
    """The text at a path of object keys in a JSON column. Not the ORM's key lookup: on SQLite it
    reads a key that looks like a number ("2", an area of results) as an array index."""

    output_field = TextField()

    def __init__(self, column, path):
        super().__init__(F(column))
        self.path = tuple(path)

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT({sql}, %s)", [*params, "$" + "".join(f'."{key}"' for key in self.path)]

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} #>> %s)", [*params, list(self.path)]


def draft_narrative(period):
    # Only reports with some text, as plain rows: the page assembles this on every view until the
    # coordinator saves an edit, and a nation's thousands of reports mostly leave parts blank.
    reports = list(
        Report.objects.counted()
        .filter(period=period, has_narrative=True)
        .order_by("unit__position", "unit__code")
        .values_list("unit__code", "unit__name", "narrative")
    )
    out = empty_narrative()
    paragraphs = {"organisation": [], "difficulties": [], "proposals": [], **{a: [] for a in AREAS}}
    # Thematic reports lead their areas, in the units' order.
    thematic = assignments()
    for code, name, narrative in reports:
        areas, topic = thematic.get(code) or ((), "")
        text = _clean((narrative or {}).get("thematic"))
        if text:
            for area in areas:
                paragraphs[area].append(f"{name} (báo cáo chuyên đề về {topic}):\n{text}")
    # The communication plan's tasks done in the period open the organisation part (directive §1: units
    # report on the CCHC plan and the communication plan in every periodic report).
    from cchc.planning.status import communication_paragraph

    communication = communication_paragraph(period)
    if communication:
        paragraphs["organisation"].append(communication)
    for _code, name, narrative in reports:
        n = narrative or {}
        for key in ("organisation", "difficulties", "proposals"):
            text = _clean(n.get(key))
            if text:
                paragraphs[key].append(f"{name}: {text}")
        results = n.get("results") or {}
        for area in AREAS:
            text = _clean(results.get(area))
            if text:
                paragraphs[area].append(f"{name}: {text}")
    for key in ("organisation", "difficulties", "proposals"):
        out[key] = "\n\n".join(paragraphs[key])
    for area in AREAS:
        out["results"][area] = "\n\n".join(paragraphs[area])
    return out


@transaction.atomic
def save_narrative(
    period: Period, narrative: dict[str, Any], *, by: User | str | None, at: dt.datetime | None = None
) -> ConsolidatedReport:
    """Keep the coordinator's edit of the town's narrative (audited). Raises ReportError for a
    malformed narrative."""
    from .models import ConsolidatedReport

    raw = dict(narrative or {})
    if not isinstance(narrative, dict):
        raise ReportError("Phần nội dung báo cáo (narrative) phải là một đối tượng JSON.")
    raw.pop("thematic", None)
    clean = _normalise(clean_narrative(raw))
    at = at or timezone.now()
    obj, created = ConsolidatedReport.objects.select_for_update().get_or_create(
        period=period, defaults={"narrative": clean, "updated_by": _user(by), "updated_at": at}
    )
    if not created:
        obj.narrative, obj.updated_by, obj.updated_at = clean, _user(by), at
        obj.save()
    record("consolidated_narrative_save", user=by, period=period, obj=obj, at=at, created=created)
    return obj


@transaction.atomic
def discard_narrative(period: Period, *, by: User | str | None, at: dt.datetime | None = None) -> bool:
    """Drop the edit so the draft is assembled again from the units' latest reports (audited)."""
    from .models import ConsolidatedReport

    obj = ConsolidatedReport.objects.select_for_update().filter(period=period).first()
    if obj is None:
        return False
    record("consolidated_narrative_discard", user=by, period=period, obj=obj, at=at)
    obj.delete()
    return True


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _clean(text):
    return text.strip() if isinstance(text, str) else ""


def _normalise(raw):
    out = empty_narrative()
    raw = raw if isinstance(raw, dict) else {}
    for key in ("organisation", "difficulties", "proposals"):
        out[key] = raw.get(key) if isinstance(raw.get(key), str) else ""
    results = raw.get("results") if isinstance(raw.get("results"), dict) else {}
    for area in AREAS:
        out["results"][area] = results.get(area) if isinstance(results.get(area), str) else ""
    return out
