"""The kept figures of consolidation (FigureTotal): count and sum of counted values per period ×
indicator × unit kind, changed in the same transaction as every action that changes what counts.

What counts is a report that is submitted or accepted (Report.COUNTED). So:
- submit (a draft or a returned report sent, on the web, the API, an import, a paper report
  received): its values are added;
- return: its values are taken away;
- accept: nothing changes (submitted and accepted both count);
- a draft save: nothing (a draft never counts, and a counted report cannot be edited);
- a unit that changes kind, stops or starts reporting: its counted values move bucket.

`recount()` computes the same numbers from the values themselves: the reference
(`cchc consolidate --recount`, the property test in tests/test_totals.py), and `rebuild()` stores
it (migration, bench/generate.py, `cchc consolidate --rebuild`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connections, transaction
from django.db.models import Count, Sum

from .models import FigureTotal, Report, Value

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Period


SCALE = 10_000  # Value.value has 4 decimal places


def bucket(unit):
    """The unit kind a unit's counted values are kept under: "" once it no longer reports."""
    return unit.kind if unit.reports and unit.active else ""


def to_e4(value):
    return int((Decimal(value) * SCALE).to_integral_value())


def from_e4(total):
    return Decimal(total) / SCALE


def report_counted(report):
    """A report has just become counted (submitted): add its values."""
    _apply(report.period_id, bucket(report.unit), _values_of(report), +1)


def report_uncounted(report):
    """A counted report has just stopped counting (returned): take its values away."""
    _apply(report.period_id, bucket(report.unit), _values_of(report), -1)


def unit_moved(unit, old_bucket):
    """A unit changed kind or stopped/started reporting: move its counted values to its new bucket."""
    new_bucket = bucket(unit)
    if new_bucket == old_bucket:
        return
    for report in Report.objects.counted().filter(unit=unit).only("pk", "period_id"):
        values = _values_of(report)
        _apply(report.period_id, old_bucket, values, -1)
        _apply(report.period_id, new_bucket, values, +1)


def _values_of(report):
    return list(Value.objects.filter(report_id=report.pk).values_list("indicator_id", "value"))


def _apply(period_id, kind, values, sign):
    """n ± 1 and total ± value for each (indicator, value), as one UPDATE with relative arithmetic,
    so two reports of the same period sent at the same moment both count (the database serialises
    the rows, nobody reads-then-writes)."""
    if not values:
        return
    FigureTotal.objects.bulk_create(
        [FigureTotal(period_id=period_id, indicator_id=i, unit_kind=kind) for i, _ in values], ignore_conflicts=True
    )
    connection = connections[FigureTotal.objects.db]
    qn = connection.ops.quote_name
    cases, params = [], []
    for indicator_id, value in values:
        cases.append("WHEN %s THEN %s")
        params += [indicator_id, sign * to_e4(value)]
    ids = sorted(i for i, _ in values)
    sql = (
        f"UPDATE {qn(FigureTotal._meta.db_table)} SET {qn('n')} = {qn('n')} + %s, "
        f"{qn('total_e4')} = {qn('total_e4')} + CASE {qn('indicator_id')} {' '.join(cases)} END "
        f"WHERE {qn('period_id')} = %s AND {qn('unit_kind')} = %s "
        f"AND {qn('indicator_id')} IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [sign, *params, period_id, kind, *ids])


def kept(period):
    """{(indicator id, unit kind): (n, total Decimal)} as kept — one small query."""
    return {
        (i, k): (n, from_e4(t))
        for i, k, n, t in FigureTotal.objects.filter(period=period, n__gt=0).values_list(
            "indicator_id", "unit_kind", "n", "total_e4"
        )
    }


def recount(period):
    """The same as kept(), computed from the period's counted values (the reference)."""
    rows = (
        Value.objects.filter(period=period, counted__in=[True])
        .values_list("indicator_id", "unit__kind", "unit__reports", "unit__active")
        .annotate(n=Count("id"), total=Sum("value"))
        .order_by()
    )
    out = {}
    for ind, kind, reports, active, n, total in rows:
        key = (ind, kind if reports and active else "")
        before_n, before_t = out.get(key, (0, Decimal(0)))
        # SQLite sums decimals as floats: back to the values' own 4 places.
        out[key] = (before_n + n, before_t + from_e4(to_e4(total)))
    return out


def recount_by_indicator(period):
    """{indicator id: (n, total Decimal)} from the period's counted values, without the unit kinds:
    the reference for the town's roll-up (no join with the units)."""
    return {
        ind: (n, from_e4(to_e4(total)))
        for ind, n, total in Value.objects.filter(period=period, counted__in=[True])
        .values_list("indicator_id")
        .annotate(n=Count("id"), total=Sum("value"))
        .values_list("indicator_id", "n", "total")
        .order_by()
    }


@transaction.atomic
def rebuild(periods: Iterable[Period]) -> None:
    """Store recount() for the periods (a whole-table pass each: for migrations and repairs)."""
    for period in periods:
        FigureTotal.objects.filter(period=period).delete()
        FigureTotal.objects.bulk_create(
            [
                FigureTotal(period=period, indicator_id=i, unit_kind=k, n=n, total_e4=to_e4(t))
                for (i, k), (n, t) in recount(period).items()
            ],
            batch_size=2000,
        )
