"""What changed in a report: since the version Phòng Nội vụ returned, or against the unit's previous
period (INTERFACES.md, "Review and follow-up": `GET /api/v1/reports/{unit}/{period}/diff`).

A report gets a new version only by being submitted from a draft or after a return, so every
version but the newest has been returned, and the newest too while the report is returned: the
version "last returned" follows from the versions and the status alone. Every return reason is in
the audit log (the "return" rows of the report), which is what the review box lists.
"""

from decimal import Decimal

from cchc.audit.models import AuditEntry
from cchc.catalog.models import Indicator
from cchc.catalog.narrative import KEYS as NARRATIVE_KEYS

from .actions import ReportError, clean_narrative, previous_report, spec_for
from .models import Report

# A figure this many times bigger or smaller than the previous period's is a "big move" — the
# form's own jump factor when it has one; figures under FLOOR on both sides move by large ratios
# for ordinary reasons (2 → 7 procedures), the same judgement as validation's jump rule.
FACTOR, FLOOR = Decimal(3), 10
VERSION, PREVIOUS = "version", "previous-period"


class BadComparison(ReportError):
    status = 422


class NoSuchVersion(ReportError):
    status = 404


def returned_version(report):
    """The number of the version returned last, or None if the report was never returned."""
    if report is None:
        return None
    n = report.versions.count()
    if report.status != Report.Status.RETURNED:
        n -= 1  # the newest version of a draft never sent is none; of a sent report, not returned
    return n if n > 0 else None


def return_reasons(report):
    """[{at, by, reason, version}] of every return of the report, oldest first."""
    if report is None:
        return []
    out = []
    for e in AuditEntry.objects.filter(object_type="Report", object_id=str(report.pk), action="return").order_by(
        "at", "id"
    ):
        detail = e.detail or {}
        out.append({"at": e.at, "by": e.username, "reason": detail.get("reason", ""), "version": detail.get("version")})
    return out


def parse_against(raw):
    """ "version:N" → (VERSION, N); "previous-period" → (PREVIOUS, None); None → (None, None)."""
    if raw in (None, ""):
        return None, None
    raw = str(raw).strip()
    if raw == PREVIOUS:
        return PREVIOUS, None
    if raw.startswith(VERSION + ":"):
        number = raw.split(":", 1)[1]
        if number.isdigit() and 0 < int(number) < 10**6:
            return VERSION, int(number)
    raise BadComparison("Tham số against phải là «version:N» (N là lần gửi) hoặc «previous-period».")


def _jump_factor(spec):
    rule = next((r for r in spec.rules if r.kind == "jump"), None)
    return Decimal(rule.factor) if rule is not None and rule.factor else FACTOR


def big_move(before, after, factor=FACTOR):
    if before is None or after is None:
        return False
    before, after = Decimal(str(before)), Decimal(str(after))
    if max(abs(before), abs(after)) < FLOOR:
        return False
    return before == 0 or after == 0 or after > before * factor or after * factor < before


def _narrative_parts(narrative):
    """{"organisation": text, "results.1": text, …} of a narrative."""
    n = clean_narrative(narrative or {})
    out = {}
    for key in NARRATIVE_KEYS:
        if key == "results":
            for area, text in n["results"].items():
                out[f"results.{area}"] = text
        else:
            out[key] = n[key]
    return out


def report_diff(report, unit, period, against=None):
    """The comparison as the API gives it, with what the pages need besides:
    {"against", "against_period", "version", "changes": [{"code", "before", "after", "big"}],
     "narrative_changed": [top-level keys], "narrative_parts": {part: (before, after)}}.
    By default against the version last returned, else the unit's previous period."""
    mode, number = parse_against(against)
    if mode is None:
        number = returned_version(report)
        mode = VERSION if number else PREVIOUS
    spec = spec_for(period)
    after_values = report.value_map() if report else {}
    after_narrative = (report.narrative if report else None) or {}
    out = {"against": None, "against_period": None, "version": None}
    if mode == VERSION:
        version = report.versions.filter(number=number).first() if report else None
        if version is None:
            raise NoSuchVersion(f"Báo cáo chưa có lần gửi thứ {number}.")
        before_values, before_narrative = version.values or {}, version.narrative or {}
        out["against"], out["version"] = f"{VERSION}:{number}", number
        out["submitted_at"] = version.submitted_at
    else:
        previous = previous_report(unit, period)
        before_values = previous.value_map() if previous else {}
        before_narrative = (previous.narrative if previous else None) or {}
        out["against"] = PREVIOUS
        out["against_period"] = previous.period.code if previous else None
        out["against_title"] = previous.period.title if previous else None
    factor = _jump_factor(spec)
    changes = []
    for code, ind in spec.indicators.items():
        if ind.kind == Indicator.Kind.HEADING:
            continue
        before, after = before_values.get(code), after_values.get(code)
        if before == after:
            continue
        changes.append(
            {
                "code": code,
                "before": before,
                "after": after,
                "big": ind.kind != Indicator.Kind.CHOICE and big_move(before, after, factor),
            }
        )
    out["changes"] = changes
    before_parts, after_parts = _narrative_parts(before_narrative), _narrative_parts(after_narrative)
    parts = {
        k: (before_parts[k], after_parts[k]) for k in after_parts if before_parts[k].strip() != after_parts[k].strip()
    }
    out["narrative_parts"] = parts
    out["narrative_changed"] = [k for k in NARRATIVE_KEYS if any(p == k or p.startswith(k + ".") for p in parts)]
    return out


def diff_json(diff):
    """The contract's JSON (INTERFACES.md) plus `against_period`, each change's `big`."""
    return {
        "against": diff["against"],
        "against_period": diff["against_period"],
        "changes": [
            {"code": c["code"], "before": c["before"], "after": c["after"], "big": c["big"]} for c in diff["changes"]
        ],
        "narrative_changed": diff["narrative_changed"],
    }
