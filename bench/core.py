"""Core figures (issue 2): saving a whole report, and `cchc init` from empty.

    .venv/bin/python bench/core.py            # SQLite in a temporary directory
    DATABASE_URL=postgresql://… .venv/bin/python bench/core.py   # a scratch database on that server

Prints medians; targets: save ≤ 20 ms on SQLite, init ≤ 5 s. `--runs N` (default 200) saves; the
test suite runs it with a handful to check that it still runs (tests/test_bench.py).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from rush import scratch_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="timed saves")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    # Never the database DATABASE_URL names: `cchc init` from empty and two hundred saves of Ngô
    # Mây's report would land in it. A PostgreSQL URL names the server a scratch database is made on.
    db_url, drop = scratch_database(os.environ.get("DATABASE_URL", ""), tmp)
    try:
        run(args, tmp, db_url)
    finally:
        from django.db import connections

        connections.close_all()
        drop()


def run(args, tmp, db_url):
    env = dict(os.environ, CCHC_VAR_DIR=str(tmp), DATABASE_URL=db_url)
    cchc = str(Path(sys.executable).with_name("cchc"))
    started = time.perf_counter()
    subprocess.run([cchc, "init"], env=env, check=True, cwd=tmp, capture_output=True)
    print(f"cchc init from empty: {time.perf_counter() - started:.2f} s (target ≤ 5 s)")

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from cchc.catalog.models import ReportForm
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.actions import save_report
    from cchc.reporting.models import Period

    form = ReportForm.objects.get(year=2021)
    values = {}
    for ind in form.indicators.exclude(kind="heading"):
        values[ind.code] = {"count": 7, "percent": 95.5, "choice": 1}[ind.kind]
    # Keep the cross-row rules happy so the figures are those of a real, valid report.
    values.update(
        {
            "3.1.3": 14,
            "3.1.3.a": 7,
            "3.1.3.b": 7,
            "7.5.2.a": 50,
            "7.5.2.b": 45.5,
            "1.3.1": 14,
            "2.4": 14,
            "4.1.2": 7,
            "3.5.1": 7,
        }
    )
    unit, period = OrgUnit.objects.get(code="NGO-MAY"), Period.objects.get(code="2021-Q1")
    save_report(unit, period, values=values)  # warm-up: form cache, first report row
    times = []
    for n in range(args.runs):
        values["1.1.3"] = n
        t = time.perf_counter()
        save_report(unit, period, values=values, narrative={"organisation": f"Lần lưu {n}"})
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"save a whole report ({len(values)} values): median {statistics.median(times):.1f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)]:.1f} ms (target median ≤ 20 ms) "
        f"[{django.db.connection.vendor}]"
    )


if __name__ == "__main__":
    main()
