"""Consolidation, the status board and the yearly compliance table on a national-scale database,
function by function (bench/pages.py requests the pages themselves).

    .venv/bin/python bench/generate.py && .venv/bin/python bench/consolidation.py
    DATABASE_URL=postgresql://…/bench .venv/bin/python bench/generate.py
    DATABASE_URL=postgresql://…/bench .venv/bin/python bench/consolidation.py

Prints medians beside the targets of issue 13 (town figures of a period ≤ 10 ms whatever the number
of units) and, for scale, the ratio of each to a numpy group-sum of the same values (the period's
counted values by indicator), measured in the same run: what a perfect in-memory roll-up costs.
`--runs N` (default 7) per figure.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import setup_django  # noqa: E402


def median_ms(fn, runs):
    fn()  # warm-up: caches, the first query plan
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


RUNS = 7


def line(what, fn, target=None, runs=None, numpy_ms=None):
    med, worst = median_ms(fn, min(runs or RUNS, RUNS))
    mark = "" if target is None else f"(target ≤ {target} ms) {'ok' if med <= target else 'OVER'}"
    ratio = f"{med / numpy_ms:7.1f}× numpy" if numpy_ms else " " * 14
    print(f"{what:<58} median {med:8.1f} ms  max {worst:8.1f} ms  {ratio}  {mark}", flush=True)
    return med


def main():
    global RUNS
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per figure")
    RUNS = parser.parse_args().runs

    setup_django()
    from django.db import connection

    from cchc.consolidation.compliance import RankedUnits, year_compliance
    from cchc.consolidation.figures import consolidate, consolidation_table, indicators_of, town_figures
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting import totals
    from cchc.reporting.models import Period, Report, Value
    from cchc.reporting.timeliness import period_counts, period_status_page

    period = Period.objects.get(code="2022-Q3")
    print(
        f"[{connection.vendor}] {OrgUnit.objects.reporting().count():,} reporting units, "
        f"{Report.objects.count():,} reports, {Value.objects.count():,} values; period {period.code}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    # The same values in memory, as a perfect in-memory roll-up would hold them.
    rows = list(Value.objects.filter(period=period, counted__in=[True]).values_list("indicator_id", "value"))
    ids = np.array([i for i, _ in rows], dtype=np.int64)
    vals = np.array([float(v) for _, v in rows], dtype=np.float64)
    width = int(ids.max()) + 1 if len(ids) else 1

    def numpy_group_sum():
        return np.bincount(ids, weights=vals, minlength=width), np.bincount(ids, minlength=width)

    numpy_ms, _ = median_ms(numpy_group_sum, 15)
    print(f"{'numpy group-sum of the same ' + format(len(rows), ',') + ' values':<58} median {numpy_ms:8.1f} ms")
    indicators = indicators_of(period)
    line("town figures of the period (kept)", lambda: town_figures(period, indicators), 10, numpy_ms=numpy_ms)
    line(
        "town figures recounted from the values (reference)",
        lambda: town_figures(period, indicators, recount=True),
        numpy_ms=numpy_ms,
    )
    line(
        "recounted per indicator × unit kind (what --rebuild stores)", lambda: totals.recount(period), numpy_ms=numpy_ms
    )
    line("consolidate JSON (figures + every unit missing)", lambda: consolidate(period), 100, numpy_ms=numpy_ms)
    line("consolidation page figures (+ checks, jumps)", lambda: consolidation_table(period), 100)
    line(
        "status board: page 1 of 50 units + category counts",
        lambda: (period_status_page(period, page=1, per_page=50), period_counts(period)),
        100,
    )
    line(
        "status board: page 20 of 50, late only, + counts",
        lambda: (period_status_page(period, category="late", page=20, per_page=50), period_counts(period)),
        100,
    )
    periods = list(Period.objects.filter(year=2022).order_by("deadline"))
    line(
        "compliance ranking 2022 by the database, page 1 of 100",
        lambda: RankedUnits(2022, periods).query(limit=100),
        100,
        runs=5,
    )
    line("yearly compliance table 2022, every unit (xlsx, JSON)", lambda: year_compliance(2022), 1000, runs=5)


if __name__ == "__main__":
    main()
