"""Consolidation, the status board and the yearly compliance table on a national-scale database.

    .venv/bin/python bench/generate.py && .venv/bin/python bench/consolidation.py
    DATABASE_URL=postgresql://…/bench .venv/bin/python bench/generate.py
    DATABASE_URL=postgresql://…/bench .venv/bin/python bench/consolidation.py

Prints medians (targets: consolidation of a period ≤ 300 ms, a page of the status board with the
category counts ≤ 300 ms, the yearly compliance table ≤ 1 s).
"""
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


def line(what, fn, target, runs=7):
    med, worst = median_ms(fn, runs)
    mark = "ok" if med <= target else "OVER"
    print(f"{what:<58} median {med:8.1f} ms  max {worst:8.1f} ms  (target ≤ {target} ms) {mark}", flush=True)


def main():
    setup_django()
    from django.db import connection, reset_queries

    from cchc.consolidation.compliance import year_compliance
    from cchc.consolidation.figures import consolidate, consolidation_table
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.models import Period, Report, Value
    from cchc.reporting.timeliness import period_counts, period_status, period_status_page

    period = Period.objects.get(code="2022-Q3")
    print(f"[{connection.vendor}] {OrgUnit.objects.reporting().count():,} reporting units, "
          f"{Report.objects.count():,} reports, {Value.objects.count():,} values; period {period.code}")
    line("consolidate (INTERFACES JSON)", lambda: consolidate(period), 300)
    line("consolidation page figures (+ checks, jumps)", lambda: consolidation_table(period), 300)
    line("status board: page 1 of 50 units + category counts",
         lambda: (period_status_page(period, page=1, per_page=50), period_counts(period)), 300)
    line("status board: page 20 of 50, late only, + counts",
         lambda: (period_status_page(period, category="late", page=20, per_page=50), period_counts(period)), 300)
    line("status board: every unit listed (period_status)", lambda: period_status(period), 300)
    line("yearly compliance table 2022", lambda: year_compliance(2022), 1000, runs=5)
    reset_queries()


if __name__ == "__main__":
    main()
