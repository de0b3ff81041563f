"""The town's figures for a period (INTERFACES.md, `consolidate --format json`).

Only counted reports (submitted or accepted) enter; drafts and returned reports never do. The
aggregation is one SQL pass over the period's values (indexed on period, counted, indicator), so it
stays fast at ten thousand units.
"""
from django.db.models import Count, F, Sum

from cchc.catalog.models import Indicator
from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Report, Value, to_number


def consolidate(period):
    form = period.form()
    indicators = list(form.indicators.exclude(kind=Indicator.Kind.HEADING)
                      .select_related("responsible").order_by("position")) if form else []
    totals = {row["indicator_id"]: row for row in
              Value.objects.filter(period=period, counted=True).values("indicator_id")
              .annotate(total=Sum("value"), n=Count("id")).order_by()}
    own = dict(Value.objects.filter(period=period, counted=True, unit_id=F("indicator__responsible_id"))
               .values_list("indicator_id", "value"))
    out = {}
    for ind in indicators:
        agg = totals.get(ind.pk)
        n = agg["n"] if agg else 0
        if not n or ind.kind == Indicator.Kind.CHOICE:
            rollup = None
        elif ind.kind == Indicator.Kind.PERCENT:
            rollup = float(agg["total"]) / n
        else:
            rollup = to_number(agg["total"], ind.kind)
        out[ind.code] = {
            "value": to_number(own.get(ind.pk), ind.kind),
            "source": ind.responsible.code if ind.responsible else None,
            "rollup": rollup,
            "reported_by": n,
        }
    return {"period": period.code, "indicators": out, "missing_units": missing_units(period)}


def reporting_units():
    return OrgUnit.objects.filter(reports=True, active=True).order_by("position", "code")


def missing_units(period):
    counted = Report.objects.counted().filter(period=period).values("unit_id")
    return list(reporting_units().exclude(pk__in=counted).values_list("code", flat=True))
