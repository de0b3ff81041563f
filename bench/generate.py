"""Fill a database with synthetic reporting at national scale, for bench/consolidation.py.

    .venv/bin/python bench/generate.py                      # SQLite file var/bench.sqlite3
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/generate.py
    options: --units 10000 (reporting units in all) --seed 2021

What it makes: the An Khê units plus synthetic wards, communes and departments up to --units
reporting units; the 2021 form, loaded again as the 2022 form (same rows); the eight periods of
2021–2022; for every unit × period a report in a realistic mix — about 75 % submitted or accepted
(most on time, some late by 1–20 days, a few returned and sent again), 5 % returned, 5 % draft,
the rest not started — each with a value for every indicator, and six in ten of the reports sent
with a few sentences of text in some parts of the narrative. ~6.9 million values at 10,000 units.

Speed: rows are written with raw executemany (SQLite, journal off) or COPY (PostgreSQL), the value
table's secondary indexes are dropped during the load and rebuilt after, then ANALYZE.
Any earlier reports in the database are deleted first; units and forms are kept and reused.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    if "DATABASE_URL" not in os.environ:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ.setdefault("CCHC_VAR_DIR", str(ROOT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()


def say(started, text):
    print(f"[{time.perf_counter() - started:6.1f} s] {text}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from cchc.bootstrap import load_default

    load_default()
    ensure_form_2022()
    say(started, f"schema, An Khê, forms 2021–2022 ready [{connection.vendor}]")
    rng = random.Random(args.seed)
    with transaction.atomic():
        clear_reports(connection)
    units = ensure_units(args.units)
    say(started, f"{len(units)} reporting units")
    from cchc.reporting.models import Period

    periods = list(Period.objects.filter(year__in=[2021, 2022]).order_by("deadline"))
    reports, versions, values = build(rng, units, periods)
    say(started, f"generated {len(reports):,} reports, {values['count']:,} values in memory")
    load(connection, reports, versions, values, started)
    from cchc.reporting import totals

    totals.rebuild(periods)  # the kept figures of consolidation, as the actions would have kept them
    say(started, "kept figures of consolidation rebuilt; done")


def ensure_form_2022():
    """The 2022 form: the 2021 file with its year changed (the rows did not change that year)."""
    from cchc.catalog.loader import DATA_DIR, load_form
    from cchc.catalog.models import ReportForm
    from cchc.reporting.periods import ensure_periods

    if not ReportForm.objects.filter(year=2022).exists():
        data = json.loads((DATA_DIR / "form-2021.json").read_text(encoding="utf-8"))
        data["year"] = 2022
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "form-2022.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            load_form(path)
    ensure_periods(2022)


def clear_reports(connection):
    """Delete every report and what hangs on one (values, versions, signed files, reminders…): the
    dependent tables are found from the models, so a new table referencing reports cannot stop the
    run (PostgreSQL refuses to TRUNCATE a table another one references)."""
    from django.apps import apps
    from django.db import transaction

    from cchc.consolidation.models import ConsolidatedReport, ReminderLog
    from cchc.reporting.models import Report

    models, todo = set(), [Report, ConsolidatedReport, ReminderLog]
    while todo:
        model = todo.pop()
        if model not in models and model in apps.get_models():
            models.add(model)
            todo += [rel.related_model for rel in model._meta.related_objects]
    tables = sorted({m._meta.db_table for m in models})
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables))
            return
        with transaction.atomic():  # the foreign keys are checked at commit: any order will do
            for t in tables:
                cur.execute(f'DELETE FROM "{t}"')


def ensure_units(total):
    from cchc.orgunits.models import OrgUnit

    root = OrgUnit.objects.get(code="ANKHE")
    existing = OrgUnit.objects.filter(reports=True, active=True).count()
    have = set(OrgUnit.objects.filter(code__startswith="SYN-").values_list("code", flat=True))
    kinds = ["commune"] * 16 + ["ward"] * 3 + ["department"]
    new = []
    for n in range(1, max(0, total - existing + len(have)) + 1):
        code = f"SYN-{n:05d}"
        if code in have:
            continue
        kind = kinds[n % len(kinds)]
        word = {"commune": "UBND xã", "ward": "UBND phường", "department": "Phòng"}[kind]
        new.append(
            OrgUnit(code=code, name=f"{word} Thử nghiệm {n}", kind=kind, parent=root, position=1000 + n).fill_search()
        )
    OrgUnit.objects.bulk_create(new, batch_size=2000)
    return list(
        OrgUnit.objects.filter(reports=True, active=True).order_by("position", "code").values_list("id", flat=True)
    )


def build(rng, units, periods):
    """Rows as plain tuples, ids assigned here so values can point at their report."""
    from cchc.catalog.models import Indicator
    from cchc.reporting.models import Report

    by_year = {}
    for p in periods:
        if p.year not in by_year:
            by_year[p.year] = list(
                Indicator.objects.filter(form__year=p.year)
                .exclude(kind="heading")
                .order_by("position")
                .values_list("id", "kind", "choices")
            )
    reports, versions = [], []
    value_rows = []
    rid = 0
    utc = dt.UTC
    for p in periods:
        end = p.deadline_end().astimezone(utc)
        inds = by_year[p.year]
        for unit_id in units:
            roll = rng.random()
            if roll < 0.15:
                continue  # not started
            rid += 1
            first = last = accepted = None
            returned_reason = ""
            n_versions = 0
            if roll < 0.20:
                status = "draft"
            else:
                late = rng.random() < 0.2
                first = end + (
                    dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 12))
                    if late
                    else -dt.timedelta(hours=rng.randint(1, 24 * 10))
                )
                last = first
                n_versions = 1
                if roll < 0.25:
                    status, returned_reason = "returned", "Số liệu chưa khớp, đề nghị kiểm tra lại."
                else:
                    status = "accepted" if roll > 0.6 else "submitted"
                    if rng.random() < 0.05:  # returned once and sent again
                        last = first + dt.timedelta(days=rng.randint(1, 6))
                        n_versions = 2
                    if status == "accepted":
                        accepted = last + dt.timedelta(days=1)
            counted = status in ("submitted", "accepted")
            narrative = some_narrative(rng) if first and rng.random() < 0.6 else {}
            chars = Report.narrative_length(narrative)
            reports.append(
                dict(
                    id=rid,
                    unit_id=unit_id,
                    period_id=p.pk,
                    status=status,
                    revision=3,
                    narrative=narrative,
                    has_narrative=chars > 0,
                    narrative_chars=chars,
                    prefilled={},
                    first_submitted_at=first,
                    submitted_at=last,
                    signed_by_name="Thủ trưởng" if first else "",
                    returned_reason=returned_reason,
                    accepted_at=accepted,
                    updated_at=last or end,
                )
            )
            for n in range(1, n_versions + 1):
                versions.append(
                    dict(
                        report_id=rid,
                        number=n,
                        values={},
                        narrative={},
                        submitted_at=first if n == 1 else last,
                        signed_by_name="Thủ trưởng",
                        created_at=first if n == 1 else last,
                    )
                )
            for ind_id, kind, choices in inds:
                if kind == "percent":
                    v = round(rng.uniform(40, 100), 2)
                elif kind == "choice":
                    v = int(rng.choice(list(choices or {"0": ""})))
                else:
                    v = rng.randint(0, 400)
                value_rows.append((rid, ind_id, p.pk, unit_id, counted, v))
    return reports, versions, {"rows": value_rows, "count": len(value_rows)}


SENTENCES = (
    "Đơn vị đã ban hành kế hoạch cải cách hành chính năm và triển khai đến toàn thể cán bộ, công chức.",
    "Công tác kiểm tra việc thực hiện nhiệm vụ cải cách hành chính được tiến hành theo đúng kế hoạch.",
    "Việc tuyên truyền được thực hiện qua hệ thống truyền thanh cơ sở và các cuộc họp tổ dân phố.",
    "Hồ sơ thủ tục hành chính được tiếp nhận và trả kết quả đúng hạn tại bộ phận một cửa.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình tăng so với cùng kỳ năm trước.",
    "Đội ngũ công chức còn thiếu so với vị trí việc làm, một số người kiêm nhiệm nhiều việc.",
    "Trang thiết bị công nghệ thông tin đã cũ, đường truyền chưa ổn định vào giờ cao điểm.",
    "Đề nghị cấp trên quan tâm bố trí kinh phí nâng cấp trang thiết bị cho bộ phận một cửa.",
)


def some_narrative(rng):
    """A unit's text as units write it: a few sentences in some parts, most areas left blank."""

    def text():
        return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))

    areas = {a: (text() if rng.random() < 0.4 else "") for a in "123456"}
    return {
        "organisation": text(),
        "results": areas,
        "difficulties": text() if rng.random() < 0.7 else "",
        "proposals": text() if rng.random() < 0.5 else "",
        "thematic": "",
    }


def _columns(model, given):
    """(column names, function row-dict → tuple) filling defaults for fields the generator does not set."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in given)]
    cols = [f.column for f in fields]

    def row(d):
        out = []
        for f in fields:
            if f.attname in d:
                v = d[f.attname]
            elif f.name in d:
                v = d[f.name]
            else:
                v = f.get_default()
            out.append(v)
        return tuple(out)

    return cols, fields, row


def load(connection, reports, versions, values, started):
    from cchc.reporting.models import Report, ReportVersion, Value

    rcols, rfields, rrow = _columns(Report, reports[0])
    vcols, vfields, vrow = _columns(ReportVersion, versions[0] if versions else {"report_id": 0})
    value_cols = ["report_id", "indicator_id", "period_id", "unit_id", "counted", "value"]
    value_table = Value._meta.db_table
    from django.db import transaction

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            # A benchmark database can be rebuilt: no journal, no fsync while loading.
            cur.execute("PRAGMA journal_mode=OFF")
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-400000")
    with transaction.atomic(), connection.cursor() as cur:
        indexes = drop_indexes(connection, cur, value_table)
        if connection.vendor == "sqlite":
            conv = _sqlite_converter(rfields)
            insert(cur, Report._meta.db_table, rcols, [conv(rrow(r)) for r in reports])
            insert(cur, ReportVersion._meta.db_table, vcols, [_sqlite_converter(vfields)(vrow(v)) for v in versions])
            say(started, "reports written")
            insert(cur, value_table, value_cols, values["rows"], batch=100_000)
        else:
            # Django's foreign keys are deferred to commit; checked now, nothing is left pending
            # when the value table's constraints are added back.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            copy(cur, Report._meta.db_table, rcols, [_pg_row(rfields, rrow(r)) for r in reports])
            copy(cur, ReportVersion._meta.db_table, vcols, [_pg_row(vfields, vrow(v)) for v in versions])
            say(started, "reports written")
            copy(cur, value_table, value_cols, values["rows"])
            # The generator chose ids: move the sequence past them.
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{Report._meta.db_table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {Report._meta.db_table}))"
            )
        say(started, f"{values['count']:,} values written; rebuilding {len(indexes)} indexes")
        for sql in indexes:
            cur.execute(sql)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA journal_mode=WAL")


def drop_indexes(connection, cur, table):
    """Drop the table's secondary indexes (not the primary key); return the SQL that rebuilds them."""
    if connection.vendor == "sqlite":
        cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=%s AND sql IS NOT NULL", [table]
        )
        found = cur.fetchall()
        for name, _ in found:
            cur.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in found]
    # PostgreSQL: foreign keys and unique constraints go too (each would check every copied row);
    # they come back in one validating pass each. Indexes first, then unique, then foreign keys.
    indexes, uniques, foreign = [], [], []
    cur.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid=%s::regclass AND contype IN ('u', 'f')",
        [table],
    )
    for name, kind, definition in cur.fetchall():
        cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        (uniques if kind == "u" else foreign).append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename=%s AND indexname NOT LIKE %s", [table, "%_pkey"]
    )
    for name, definition in cur.fetchall():
        cur.execute(f'DROP INDEX "{name}"')
        indexes.append(definition)
    return indexes + uniques + foreign


def _sqlite_converter(fields):
    from django.db.models import DateTimeField, JSONField

    kinds = [("dt" if isinstance(f, DateTimeField) else "json" if isinstance(f, JSONField) else "") for f in fields]

    def conv(row):
        out = []
        for k, v in zip(kinds, row, strict=False):
            if v is not None and k == "dt":
                v = v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            elif k == "json":
                v = json.dumps(v)
            out.append(v)
        return tuple(out)

    return conv


def _pg_row(fields, row):
    from django.db.models import JSONField

    return tuple(json.dumps(v) if isinstance(f, JSONField) else v for f, v in zip(fields, row, strict=False))


def insert(cur, table, cols, rows, batch=20_000):
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in cols)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(cols))})'
    for i in range(0, len(rows), batch):
        cur.executemany(sql, rows[i : i + batch])


def copy(cur, table, cols, rows):
    if not rows:
        return
    raw = cur.cursor  # psycopg 3 cursor under Django's wrapper
    names = ", ".join(f'"{c}"' for c in cols)
    with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as out:
        for r in rows:
            out.write_row(r)


if __name__ == "__main__":
    main()
