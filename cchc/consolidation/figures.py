"""The town's figures for a period (INTERFACES.md, `consolidate --format json`), the discrepancies a
careful officer would catch in them, and the drill-down to every unit's figure.

Only counted reports (submitted or accepted) enter; drafts and returned reports never do. The
roll-ups and the checks between unit kinds read the kept figures (cchc.reporting.totals), so they
cost the same at ten units and at ten thousand.
"""

import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, Q

from cchc.catalog import lineage
from cchc.catalog.models import Indicator
from cchc.office.numbers import format_number
from cchc.orgunits.models import OrgUnit
from cchc.reporting import totals
from cchc.reporting.models import Period, Report, Value, to_number

CHECKS_FILE = Path(__file__).resolve().parent / "data" / "checks.json"
# A town figure this far from the previous period's (×) is flagged, unless the form's own jump rule
# names another factor; small figures (both sides under JUMP_FLOOR) move by large ratios for
# ordinary reasons and are left alone — the same judgement as the units' own validation.
JUMP_FACTOR = Decimal(3)
JUMP_FLOOR = 10


def indicators_of(period, with_headings=False):
    form = period.form()
    if form is None:
        return []
    qs = form.indicators.select_related("responsible").order_by("position")
    return list(qs if with_headings else qs.exclude(kind=Indicator.Kind.HEADING))


def consolidate(period, indicators=None, recount=False):
    """The INTERFACES.md JSON of a period: town_figures() and the units missing."""
    return {
        "period": period.code,
        "indicators": town_figures(period, indicators, recount=recount),
        "missing_units": missing_units(period),
    }


def town_figures(period, indicators=None, recount=False, kept=None):
    """{code: {value, source, rollup, reported_by}}: each indicator's town figure and the roll-up of
    every counted report (sum for counts, mean for percentages, none for coded answers).

    The roll-up comes from the kept figures (cchc.reporting.totals: a few hundred rows whatever the
    number of units), or with `recount` from the period's values themselves, the reference."""
    indicators = indicators_of(period) if indicators is None else [i for i in indicators if i.has_value]
    if recount:
        by_indicator = totals.recount_by_indicator(period)
    else:
        by_indicator = {}
        for (ind_id, _kind), (n, total) in (totals.kept(period) if kept is None else kept).items():
            before_n, before_t = by_indicator.get(ind_id, (0, Decimal(0)))
            by_indicator[ind_id] = (before_n + n, before_t + total)
    own = town_values(period, indicators)
    out = {}
    for ind in indicators:
        n, total = by_indicator.get(ind.pk, (0, Decimal(0)))
        if not n or ind.kind == Indicator.Kind.CHOICE:
            rollup = None
        elif ind.kind == Indicator.Kind.PERCENT:
            rollup = float(total) / n
        else:
            rollup = to_number(total, ind.kind)
        out[ind.code] = {
            "value": to_number(own.get(ind.pk), ind.kind),
            "source": ind.responsible.code if ind.responsible else None,
            "rollup": rollup,
            "reported_by": n,
        }
    return out


def town_values(period, indicators):
    """{indicator id: Decimal} — each indicator's figure from its responsible unit's counted report.

    Goes through the few responsible units' reports (a handful of rows) rather than joining every
    value of the period to its indicator."""
    responsible = {i.responsible_id for i in indicators if i.responsible_id}
    wanted = {(i.pk, i.responsible_id) for i in indicators if i.responsible_id}
    reports = Report.objects.counted().filter(period=period, unit_id__in=responsible).values("id")
    rows = Value.objects.filter(report_id__in=reports).values_list("indicator_id", "unit_id", "value")
    return {ind: value for ind, unit, value in rows if (ind, unit) in wanted}


def missing_units(period):
    return list(missing_units_of(period).values_list("code", flat=True))


def missing_units_of(period):
    """The reporting units without a counted report for the period, in unit order (a queryset)."""
    counted = Report.objects.counted().filter(period=period).values("unit_id")
    return OrgUnit.objects.reporting().exclude(pk__in=counted)


def previous_period(period):
    """The period just before (by deadline, across years): what a jump is judged against."""
    return Period.objects.filter(deadline__lt=period.deadline).order_by("-deadline").first()


# --- Discrepancies --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _checks_of(path, mtime):
    return json.loads(Path(path).read_text(encoding="utf-8"))["checks"]


def load_checks(path=CHECKS_FILE):
    """The pairs of figures that must agree (cchc/consolidation/data/checks.json): the office's
    judgement, kept as data so it can be changed without code."""
    path = Path(path)
    return _checks_of(str(path), path.stat().st_mtime)


def flags(period, figures, indicators, checks=None, kept=None):
    """{code: [Vietnamese message]} for the town's figures a careful officer would query: a
    disagreement with the units' own figures (checks.json) or a jump against the previous period.

    Sums and means of every check come from the kept figures (indicator × unit kind), whatever the
    number of checks; only an "each" check that fails asks again, for the names of the units."""
    by_code = {i.code: i for i in indicators}
    out = {}
    active = []
    for check in load_checks() if checks is None else checks:
        ind = by_code.get(check["code"])
        fig = figures["indicators"].get(check["code"])
        if ind is not None and fig is not None and fig["value"] is not None:
            active.append((check, ind, Decimal(str(fig["value"]))))
    if active:
        kind_counts = dict(OrgUnit.objects.reporting().values_list("kind").annotate(n=Count("id")).order_by())
        # (indicator, unit kind) → (total, n) of the units that report: the kept figures' buckets.
        kept = totals.kept(period) if kept is None else kept
        aggs = {(ind_id, kind): (total, n) for (ind_id, kind), (n, total) in kept.items() if kind}
        for check, ind, town in active:
            message = _check(period, ind, town, check, kind_counts, aggs)
            if message:
                out.setdefault(ind.code, []).append(message)
    for code, message in jumps(period, figures, indicators).items():
        out.setdefault(code, []).append(message)
    return out


def _scope_words(scope):
    names = {
        "department": "các cơ quan chuyên môn",
        "ward": "các phường",
        "commune": "các xã",
        "service": "các đơn vị sự nghiệp",
    }
    return ", ".join(names.get(k, k) for k in scope)


def _check(period, ind, town, check, kind_counts, aggs):
    source = ind.responsible.name if ind.responsible else "Số tổng hợp"
    scope = check["scope"]
    compare = check.get("compare")
    if compare == "units":
        count = sum(kind_counts.get(k, 0) for k in scope)
        if town != count:
            return (
                f"{source} báo cáo {format_number(town)}, trong khi danh mục có {count} "
                f"{_scope_words(scope).removeprefix('các ')} — đề nghị kiểm tra lại."
            )
        return None
    # The responsible unit's own figure is the town's: it is left out of the units it is compared with.
    own_in_scope = ind.responsible is not None and ind.responsible.kind in scope
    units_in_scope = sum(kind_counts.get(k, 0) for k in scope) - own_in_scope
    total = sum((aggs.get((ind.pk, k), (0, 0))[0] for k in scope), Decimal(0)) - (town if own_in_scope else 0)
    n = sum(aggs.get((ind.pk, k), (0, 0))[1] for k in scope) - own_in_scope
    if n <= 0:
        return None
    if compare == "each":
        values = Value.objects.filter(
            period=period,
            counted__in=[True],
            indicator=ind,
            unit__kind__in=scope,
            unit__reports=True,
            unit__active=True,
        ).exclude(unit_id=ind.responsible_id)
        differ = list(
            values.exclude(value=town).order_by("unit__position", "unit__code").values_list("unit__name", "value")[:6]
        )
        if not differ:
            return None
        count = len(differ) if len(differ) <= 5 else values.exclude(value=town).count()
        shown = "; ".join(f"{name}: {format_number(v)}" for name, v in differ[:5])
        more = f" và {count - 5} đơn vị khác" if count > 5 else ""
        return f"{count} đơn vị báo cáo khác số của {source} ({format_number(town)}): {shown}{more}."
    if compare == "sum":
        op = check.get("op", "==")
        # With units still missing the sum is incomplete: it can only be a lower bound.
        if op == "==" and n >= units_in_scope and town != total:
            return (
                f"{source} báo cáo {format_number(town)}, tổng của {_scope_words(scope)} là "
                f"{format_number(total)} — hai số phải bằng nhau."
            )
        if town < total:
            return (
                f"{source} báo cáo {format_number(town)}, nhỏ hơn tổng {format_number(total)} của "
                f"{_scope_words(scope)} ({n} đơn vị) — đề nghị kiểm tra lại."
            )
        return None
    if compare == "mean":
        mean = total / n
        tolerance = Decimal(str(check.get("tolerance", 0)))
        if abs(town - mean) > tolerance:
            return (
                f"{source} báo cáo {format_number(town)}%, bình quân của {_scope_words(scope)} "
                f"là {format_number(round(mean, 1))}% ({n} đơn vị) — chênh lệch quá "
                f"{format_number(tolerance)} điểm %."
            )
    return None


def jumps(period, figures, indicators):
    """Town figures that moved more than the form's jump factor against the previous period's
    town figure — for the codes the form's jump rule names (stock figures mostly: flows of
    cumulative periods grow by design)."""
    form = period.form()
    rule = form.rules.filter(kind="jump").first() if form else None
    if rule is None:
        return {}
    before_period = previous_period(period)
    if before_period is None:
        return {}
    codes = set(rule.left)
    factor = rule.factor or JUMP_FACTOR
    # The previous period may use another year's form: its codes are followed through the lineage
    # (Mã năm trước), so a renumbered indicator is compared with itself.
    previous_form = before_period.form()
    if previous_form is None:
        return {}
    prev_inds = indicators_of(before_period)
    if before_period.year != period.year:
        wanted = set(lineage.codes_in_year(codes, period.year, before_period.year).values()) - {None}
    else:
        wanted = codes
    prev_inds = [i for i in prev_inds if i.code in wanted]
    before = town_values(before_period, prev_inds)
    before_by_code = {i.code: before.get(i.pk) for i in prev_inds}
    if before_period.year != period.year:
        before_by_code = lineage.carry_forward(before_by_code, before_period.year, period.year)
    out = {}
    for ind in indicators:
        if ind.code not in codes:
            continue
        now = figures["indicators"].get(ind.code, {}).get("value")
        prev = before_by_code.get(ind.code)
        if now is None or prev is None:
            continue
        now, prev = Decimal(str(now)), Decimal(prev)
        if max(now, prev) < JUMP_FLOOR:
            continue
        if prev == 0 or now == 0 or now > prev * factor or now * factor < prev:
            out[ind.code] = (
                f"{format_number(now)} so với {format_number(prev)} ở {before_period.title} — "
                f"thay đổi bất thường, đề nghị kiểm tra lại."
            )
    return out


# --- The page's table and the drill-down ----------------------------------------------------


def consolidation_table(period):
    """(rows, figures): every row of the form (headings included) with the town figure, source,
    roll-up, number of units reporting and flags — what the consolidation page lists."""
    indicators = indicators_of(period, with_headings=True)
    kept = totals.kept(period)
    figures = {"period": period.code, "indicators": town_figures(period, indicators, kept=kept)}
    valued = [i for i in indicators if i.has_value]
    found = flags(period, figures, valued, kept=kept)
    rows = []
    for ind in indicators:
        fig = figures["indicators"].get(ind.code)
        rows.append({"indicator": ind, "figure": fig, "flags": found.get(ind.code, [])})
    return rows, figures, found


def indicator_breakdown(period, indicator, units=None):
    """Every reporting unit's figure for one indicator: [{unit, status, value, counted}], in unit
    order. Values of drafts and returned reports are shown but marked as not counted."""
    units = list(OrgUnit.objects.reporting() if units is None else units)
    ids = [u.pk for u in units]
    reports = {
        r: (u, s)
        for r, u, s in Report.objects.filter(period=period, unit_id__in=ids).values_list("id", "unit_id", "status")
    }
    status = {u: s for u, s in reports.values()}
    # By report (the unique report × indicator index): one lookup per unit of the page, where
    # asking by period and unit walks the period's whole index.
    values = {
        reports[r][0]: (v, c)
        for r, v, c in Value.objects.filter(report_id__in=list(reports), indicator=indicator).values_list(
            "report_id", "value", "counted"
        )
    }
    rows = []
    for unit in units:
        value, counted = values.get(unit.pk, (None, False))
        rows.append(
            {
                "unit": unit,
                "status": status.get(unit.pk, Report.Status.NOT_STARTED),
                "value": to_number(value, indicator.kind),
                "counted": counted,
                "is_source": unit.pk == indicator.responsible_id,
            }
        )
    return rows


def town_series(code, periods, unit_codes=(), year=None):
    """An indicator's town figure across periods, with chosen units' own figures beside it:
    {"labels": [period titles], "town": [number|None], "units": {code: {"name", "values"}}}.
    Matched through the forms' lineage, so a series crosses years even where a row was renumbered."""
    periods = list(periods)
    years = {p.year for p in periods}
    # `code` is of `year`'s form (default: the latest); other years' forms may have numbered it
    # otherwise (Mã năm trước), and the series follows the indicator, not the number.
    year = year or max(years, default=0)
    codes = {y: lineage.code_in_year(code, year, y) for y in years}
    wanted = Q(pk__in=[])
    for y, c in codes.items():
        if c:
            wanted |= Q(code=c, form__year=y)
    inds = {i.form.year: i for i in Indicator.objects.filter(wanted).select_related("form")}
    # Each year's town figure is its responsible unit's own value: one query for all periods.
    own = Q(pk__in=[])
    for ind in inds.values():
        if ind.responsible_id:
            own |= Q(indicator=ind, unit_id=ind.responsible_id)
    found = dict(Value.objects.filter(own, period__in=periods, counted=True).values_list("period_id", "value"))
    town = [to_number(found.get(p.pk), inds[p.year].kind) if p.year in inds else None for p in periods]
    chosen = {u.pk: u for u in OrgUnit.objects.filter(code__in=list(unit_codes))}
    rows = Value.objects.filter(
        period__in=periods, indicator__in=inds.values(), unit_id__in=chosen, counted=True
    ).values_list("unit_id", "period_id", "value")
    per_unit = {(u, p): v for u, p, v in rows}
    kinds = {p.pk: inds[p.year].kind if p.year in inds else None for p in periods}
    units = {}
    for pk, unit in sorted(chosen.items(), key=lambda kv: (kv[1].position, kv[1].code)):
        units[unit.code] = {
            "name": unit.name,
            "values": [to_number(per_unit.get((pk, p.pk)), kinds[p.pk]) for p in periods],
        }
    return {"labels": [p.title for p in periods], "town": town, "units": units}
