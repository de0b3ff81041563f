"""The pages people read, requested for real (Django's test client on the real URLs, every
middleware and template), on the national-scale database of bench/generate.py.

    .venv/bin/python bench/generate.py && .venv/bin/python bench/pages.py
    DATABASE_URL=postgresql://…/bench .venv/bin/python bench/pages.py
    options: --period 2022-Q3 --runs 5

Prints, per page, the median server time, the HTML size and the number of queries beside the
targets of issue 13 (coordinator and viewer pages ≤ 100 ms, data entry ≤ 50 ms, every page
≤ 150 KiB); and the same for the files people download there (sheets and letters naming every
unit), against a target of our own of 2 s and no size limit.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import setup_django  # noqa: E402

KIB = 1024


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: templates compiled, form spec cached, plans made
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(response.content), len(queries)


def account(username, unit_code, role):
    from django.contrib.auth import get_user_model

    from cchc.orgunits.models import Membership, OrgUnit

    user, _ = get_user_model().objects.get_or_create(username=username)
    Membership.objects.update_or_create(user=user, defaults={"unit": OrgUnit.objects.get(code=unit_code), "role": role})
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--period", default="2022-Q3")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client

    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.models import Period, Report, Value

    period = Period.objects.get(code=args.period)
    units = OrgUnit.objects.reporting().count()
    print(
        f"[{connection.vendor}] {units:,} reporting units, {Report.objects.count():,} reports, "
        f"{Value.objects.count():,} values; period {period.code}; median of {args.runs}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    from cchc.orgunits.admin import sync_role

    coordinator = Client()
    coordinator.force_login(account("bench.noivu", "NV", "coordinator"))
    sync_role(coordinator_user := account("bench.noivu", "NV", "coordinator"))  # the admin's lists too
    coordinator.force_login(coordinator_user)
    viewer = Client()
    viewer.force_login(account("bench.lanhdao", "ANKHE", "viewer"))
    # A synthetic unit's officer, on a report with a figure in every row.
    entry_unit = Report.objects.filter(period=period, status="draft", unit__code__startswith="SYN-").first().unit
    officer = Client()
    officer.force_login(account("bench.canbo", entry_unit.code, "staff"))
    p, y = period.code, period.year
    from cchc.catalog.models import Indicator

    indicator_pk = Indicator.objects.filter(form__year=y, responsible__isnull=False).first().pk
    pages = [
        ("status board", coordinator, f"/theo-doi/{p}/", 100),
        ("status board, page 20", coordinator, f"/theo-doi/{p}/?trang=20", 100),
        ("status board, late, page 5", coordinator, f"/theo-doi/{p}/?trang-thai=late&trang=5", 100),
        ("status board, search «ngo may»", coordinator, f"/theo-doi/{p}/?q=ngo+may", 100),
        ("consolidation", coordinator, f"/tong-hop/ky/{p}/", 100),
        ("units' texts, difficulties, page 1", coordinator, f"/tong-hop/ky/{p}/noi-dung-don-vi/kho-khan/", 100),
        ("units' texts, area 2, page 100", coordinator, f"/tong-hop/ky/{p}/noi-dung-don-vi/linh-vuc-2/?trang=100", 100),
        ("drill-down 3.1.3", coordinator, f"/tong-hop/ky/{p}/chi-tieu/3.1.3/", 100),
        ("drill-down 3.1.3, page 50", coordinator, f"/tong-hop/ky/{p}/chi-tieu/3.1.3/?trang=50", 100),
        ("compliance", coordinator, f"/tong-hop/thi-dua/{y}/", 100),
        ("compliance, page 50", coordinator, f"/tong-hop/thi-dua/{y}/?trang=50", 100),
        ("dashboard (viewer)", viewer, "/tong-hop/", 100),
        ("unit search of the dashboard «thu nghiem 12»", viewer, "/tong-hop/don-vi/?q=thu+nghiem+12", 100),
        ("admin: units list", coordinator, "/quan-tri/orgunits/orgunit/", 100),
        ("admin: indicators list", coordinator, "/quan-tri/catalog/indicator/", 100),
        (
            "admin: an indicator (its responsible unit)",
            coordinator,
            f"/quan-tri/catalog/indicator/{indicator_pk}/change/",
            100,
        ),
        ("the year's form (its rows holding figures)", coordinator, f"/bieu-mau/{y}/", 100),
        ("data entry (officer, every row filled)", officer, f"/bao-cao/{entry_unit.code}/{p}/", 50),
        # Files people download: documents, not pages — no size limit, and a few seconds are
        # acceptable for a sheet or a letter naming thousands of units.
        ("file: status board .xlsx (every unit)", coordinator, f"/theo-doi/{p}/excel/", 2000),
        ("file: urging letter .docx (every unit behind)", coordinator, f"/theo-doi/{p}/cong-van-don-doc/", 2000),
        ("file: consolidated report .docx", coordinator, f"/tong-hop/ky/{p}/tai-ve/docx/", 2000),
        ("file: consolidated report .xlsx", coordinator, f"/tong-hop/ky/{p}/tai-ve/xlsx/", 2000),
        ("file: compliance .xlsx (every unit)", coordinator, f"/tong-hop/thi-dua/{y}/excel/", 2000),
    ]
    for what, client, url, target in pages:
        is_file = what.startswith("file:")
        try:
            median, size, queries = measure(client, url, max(1, args.runs // 2) if is_file else args.runs)
        except AssertionError as exc:
            print(f"{what:<46} FAILED {exc}", flush=True)
            continue
        ok = median <= target and (is_file or size <= 150 * KIB)
        limit = "          " if is_file else " (≤ 150)  "
        print(
            f"{what:<46} {median:7.1f} ms (≤ {target})  {size / KIB:6.1f} KiB{limit}{queries:3d} queries  "
            f"{'ok' if ok else 'OVER'}   {url}",
            flush=True,
        )


if __name__ == "__main__":
    main()
