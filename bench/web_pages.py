"""Web pages (issue 3): the data entry page with every row filled, and the status board for 1,000
units, rendered server-side through Django's test client (no network, no browser).

    .venv/bin/python bench/web_pages.py            # SQLite in a temporary directory
    DATABASE_URL=postgresql://… .venv/bin/python bench/web_pages.py   # a scratch database on that server

Prints medians and query counts; targets: data entry ≤ 150 ms, board of 1,000 units ≤ 300 ms.
`--runs N` (default 30) per page, `--units N` (default 1000) extra communes.
"""

import argparse
import atexit
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rush import scratch_database  # noqa: E402

RUNS = 30


def timed(client, url, runs=None):
    runs = runs or RUNS
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates compiled, form spec cached
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries), len(response.content)


def main():
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="timed requests per page")
    parser.add_argument("--units", type=int, default=1000, help="extra communes on the status board")
    args = parser.parse_args()
    RUNS = args.runs
    tmp = tempfile.mkdtemp(prefix="cchc-bench-web-")
    # Never the database DATABASE_URL names (`cchc init` and a thousand units go in): a PostgreSQL
    # URL names the server a scratch database is made on, dropped at exit.
    db_url, drop = scratch_database(os.environ.get("DATABASE_URL", ""), Path(tmp))
    atexit.register(drop)
    env = dict(os.environ, CCHC_VAR_DIR=tmp, DATABASE_URL=db_url)
    cchc = str(Path(sys.executable).with_name("cchc"))
    # No demo data: its reports (signed, returned…) change with the demo, and the data entry page
    # measured here needs a draft.
    subprocess.run([cchc, "init"], env=env, check=True, cwd=tmp, capture_output=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from cchc.catalog.models import ReportForm
    from cchc.orgunits.models import OrgUnit
    from cchc.orgunits.users import add_user
    from cchc.reporting.actions import save_report, submit_report
    from cchc.reporting.models import Period

    # A report with every row filled (and the cross-row rules satisfied, plus one warning row).
    form = ReportForm.objects.get(year=2021)
    values = {
        ind.code: {"count": 7, "percent": 95.5, "choice": 1}[ind.kind]
        for ind in form.indicators.exclude(kind="heading")
    }
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
    period = Period.objects.get(code="2021-H1")
    unit = OrgUnit.objects.get(code="AN-BINH")
    save_report(unit, period, values=values, narrative={"organisation": "Nội dung. " * 300})

    # 1,000 more units, a third of them with a report in some state.
    town = OrgUnit.objects.get(code="ANKHE")
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"XA-{i:04d}", name=f"UBND xã Thử Nghiệm {i:04d}", kind="commune", parent=town, position=1000 + i)
        for i in range(args.units)
    )
    for i, extra in enumerate(OrgUnit.objects.filter(code__startswith="XA-")[: args.units * 3 // 10]):
        report = save_report(extra, period, values={"1.1.1": 3, "1.1.2": 1})
        if i % 2:
            submit_report(report, signed_by_name="Thủ trưởng")

    add_user("anbinh.cv", unit="AN-BINH", role="staff")
    add_user("noivu", unit="NV", role="coordinator")
    officer, coordinator = Client(), Client()
    officer.force_login(get_user_model().objects.get(username="anbinh.cv"))
    coordinator.force_login(get_user_model().objects.get(username="noivu"))
    units = OrgUnit.objects.filter(reports=True, active=True).count()

    ms, queries, size = timed(officer, f"/bao-cao/AN-BINH/{period.code}/")
    print(
        f"data entry page, all {len(values)} rows filled: median {ms:.1f} ms, {queries} queries, "
        f"{size // 1024} KiB (target ≤ 150 ms)"
    )
    ms, queries, size = timed(coordinator, f"/theo-doi/{period.code}/")
    print(f"status board, {units} units: median {ms:.1f} ms, {queries} queries, {size // 1024} KiB (target ≤ 300 ms)")
    ms, queries, size = timed(coordinator, f"/theo-doi/{period.code}/?trang-thai=not_started&trang=10")
    print(f"status board filtered, page 10: median {ms:.1f} ms, {queries} queries (target ≤ 300 ms)")
    ms, queries, size = timed(officer, f"/don-vi/AN-BINH/{period.year}/")
    print(f"unit's reports of the year: median {ms:.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
