"""SQLite runs in WAL mode with a busy timeout: on the 5th of the month writers queue instead of
failing with "database is locked", and readers are never blocked by a writer."""

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite only")

TWO_WRITERS = r"""
import json, threading, time, django
django.setup()
from django.db import connection, transaction
from cchc.audit.log import record
from cchc.audit.models import AuditEntry

mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
timeout = connection.cursor().execute("PRAGMA busy_timeout").fetchone()[0]
done, failed, read_during_write = [], [], []
holding = threading.Event()

def writer(n):
    try:
        with transaction.atomic():
            record("wal-test", user=f"writer-{n}")
            holding.set()
            time.sleep(0.6)  # keep the write lock: the other writer must wait, not fail
        done.append(n)
    except Exception as exc:
        failed.append(repr(exc))
    finally:
        connection.close()

def reader():
    holding.wait()
    started = time.monotonic()
    AuditEntry.objects.count()
    read_during_write.append(time.monotonic() - started)
    connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)] + [threading.Thread(target=reader)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"mode": mode, "timeout": timeout, "done": sorted(done), "failed": failed,
                  "rows": AuditEntry.objects.filter(action="wal-test").count(), "read": read_during_write}))
"""


def test_it_runs_in_wal_mode_and_queues_concurrent_writers(scratch):
    url = scratch.new()
    scratch.cchc(url, "migrate", "--verbosity", "0")
    done = subprocess.run(
        [sys.executable, "-c", TWO_WRITERS], env=scratch.env(url), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["mode"] == "wal"
    assert result["timeout"] >= 5000
    assert result["done"] == [1, 2] and result["failed"] == []
    assert result["rows"] == 2
    assert result["read"][0] < 0.5  # a reader does not wait for the writer
