"""Every script in bench/ still runs: each on a tiny scratch SQLite database, with a handful of
runs, checking only that it finishes and prints its figures. The scripts that work on a database
(generate.py and what reads it) run on the pass's own engine, on a scratch database of their own,
so that a script failing only on PostgreSQL fails here too. A bench script that no longer runs is a
defect (bench/consolidation.py once crashed on an unimported name while the README quoted it)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def run(script, *args, tmp_path, database=None, timeout=600):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "RUSH_DATABASE_URL")
    }
    env["CCHC_VAR_DIR"] = str(tmp_path / "var")
    if database:
        # Never the test run's own database (on the PostgreSQL pass DATABASE_URL names it):
        # generate.py starts by deleting every report.
        env["DATABASE_URL"] = database
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_every_bench_script_is_covered_here():
    covered = {
        "core.py",
        "office.py",
        "web_pages.py",
        "generate.py",
        "consolidation.py",
        "pages.py",
        "rush.py",
        "crash.py",
        "province.py",
    }
    assert {p.name for p in BENCH.glob("*.py")} == covered


def test_core(tmp_path):
    out = run("core.py", "--runs", "2", tmp_path=tmp_path, database=False)
    assert "cchc init from empty" in out and "save a whole report (81 values)" in out


def test_office(tmp_path):
    out = run("office.py", "--runs", "1", tmp_path=tmp_path, database=False)
    assert "import one filled workbook" in out and "export docx" in out


def test_web_pages(tmp_path):
    out = run("web_pages.py", "--runs", "1", "--units", "10", tmp_path=tmp_path, database=False)
    assert "data entry page" in out and "status board" in out


def test_generate_then_consolidation_and_pages(tmp_path, scratch):
    database = scratch.new()
    out = run("generate.py", "--units", "120", tmp_path=tmp_path, database=database)  # enough for a draft
    assert "done" in out
    out = run("generate.py", "--units", "120", tmp_path=tmp_path, database=database)  # again: clears first
    assert "done" in out
    out = run("consolidation.py", "--runs", "1", tmp_path=tmp_path, database=database)
    assert "town figures of the period" in out and "yearly compliance table 2022" in out
    out = run("pages.py", "--runs", "1", tmp_path=tmp_path, database=database)
    assert "2022-Q3" in out and "FAILED" not in out


def test_province(tmp_path):
    out = run("province.py", "Huế", tmp_path=tmp_path, database=False)
    assert "cchc init --province «Huế» from empty" in out and "load alone" in out.lower()


@pytest.mark.slow
def test_rush(tmp_path):
    out = run(
        "rush.py",
        "--clients",
        "2",
        "--units",
        "3",
        "--seconds",
        "1",
        "--workers",
        "1",
        "--calibrate",
        "5",
        tmp_path=tmp_path,
        database=False,
    )
    assert "every check holds" in out and "server CPU" in out and "ms per save" in out


@pytest.mark.slow
def test_crash(tmp_path):
    out = run(
        "crash.py",
        "--clients",
        "2",
        "--units",
        "2",
        "--seconds",
        "2",
        "--workers",
        "1",
        tmp_path=tmp_path,
        database=False,
    )
    assert "server killed with SIGKILL" in out and "every check holds" in out
