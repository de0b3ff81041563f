"""`cchc init --province` figures: a province laid out from the official list in one command.

    .venv/bin/python bench/province.py [NAME]           # SQLite in a temporary directory
    DATABASE_URL=postgresql://… .venv/bin/python bench/province.py [NAME]   # a scratch database on that server

NAME defaults to the province with the most communes and wards (Hồ Chí Minh, 168). Prints the whole
command from an empty database (migrations included) and, separately, the province's load alone
(units in bulk, words, form, periods) measured in-process on a second, migrated database.
Target: ≤ 5 s for the command, like `cchc init`.
"""

import atexit
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rush import scratch_database  # noqa: E402


def main():
    from vietnam_provinces import Province, Ward

    biggest = max(Province.iter_all(), key=lambda p: sum(1 for _ in Ward.iter_by_province(p.code)))
    name = sys.argv[1] if len(sys.argv) > 1 else biggest.name
    tmp = tempfile.mkdtemp(prefix="cchc-bench-")
    own_sqlite = not os.environ.get("DATABASE_URL", "").startswith("postgres")
    # Never the database DATABASE_URL names: a PostgreSQL URL names the server a scratch database is
    # made on (the province is loaded into it from empty), dropped at exit.
    db_url, drop = scratch_database(os.environ.get("DATABASE_URL", ""), Path(tmp))
    atexit.register(drop)
    env = dict(os.environ, CCHC_VAR_DIR=tmp, DATABASE_URL=db_url)
    cchc = str(Path(sys.executable).with_name("cchc"))
    started = time.perf_counter()
    done = subprocess.run([cchc, "init", "--province", name], env=env, cwd=tmp, capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    print(f"cchc init --province «{name}» from empty: {time.perf_counter() - started:.2f} s (target ≤ 5 s)")
    print(f"  {done.stderr.strip()}")
    if not own_sqlite:
        return
    # The load alone, on a second database with the migrations already applied.
    env["DATABASE_URL"] = f"sqlite:///{tmp}/load.sqlite3"
    subprocess.run([cchc, "migrate", "--verbosity", "0"], env=env, cwd=tmp, check=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from cchc.bootstrap import load_province

    started = time.perf_counter()
    _, created, _ = load_province(name)
    print(f"load alone ({created} units, words, form, periods): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
