"""The review box's comparison, computed where the page shows it (so the report page's view needs
nothing more): what changed since the version returned, and every earlier return reason."""

from django import template

from cchc.catalog.models import Indicator
from cchc.catalog.narrative import heading
from cchc.office.numbers import format_number

from ..diff import report_diff, return_reasons

register = template.Library()


def shown(ind, value):
    if value is None:
        return "(để trống)"
    if ind.kind == Indicator.Kind.CHOICE:
        label = (ind.choices or {}).get(str(value), "")
        return f"{value} – {label}" if label else str(value)
    return format_number(value)


def comparison(report, unit, period, against=None):
    """The diff with labels and shown values for a page."""
    from ..actions import spec_for

    diff = report_diff(report, unit, period, against)
    spec = spec_for(period)
    rows = []
    for c in diff["changes"]:
        ind = spec.indicators[c["code"]]
        rows.append(
            {
                **c,
                "label": ind.label,
                "stt": ind.stt,
                "name": ind.name,
                "before_shown": shown(ind, c["before"]),
                "after_shown": shown(ind, c["after"]),
            }
        )
    diff["rows"] = rows
    diff["parts"] = [
        {"key": k, "label": heading(k), "before": b, "after": a} for k, (b, a) in diff["narrative_parts"].items()
    ]
    diff["codes"] = " ".join(c["code"] for c in diff["changes"])
    diff["part_keys"] = " ".join(diff["narrative_parts"])
    return diff


@register.simple_tag
def review_changes(report, unit, period):
    """For a report that has been returned at least once: {diff, reasons}; else None."""
    if report is None or not report.versions.exists():
        return None
    reasons = return_reasons(report)
    if not reasons:
        return None
    diff = comparison(report, unit, period)
    if diff["version"] is None:
        return None
    return {"diff": diff, "reasons": reasons}
