"""Queue the API's writers in the kernel rather than in SQLite's busy handler.

SQLite lets one writer at a time in. A writer that finds the database locked sleeps and retries
(1, 2, 5 … up to 100 ms a nap), so when fifty units press "gửi" at once most wait far longer than the
writes take. An exclusive flock() on a file beside the database is handed over the instant it is
released, to one waiter at a time, across every worker process and thread of `cchc serve`. On
PostgreSQL (row locks) and on an in-memory database nothing is queued.
"""

import contextlib
import fcntl
import os

from django.db import connections


def _lock_path(using):
    conn = connections[using]
    if conn.vendor != "sqlite":
        return None
    name = str(conn.settings_dict["NAME"])
    if not name or name.startswith(":memory:") or "mode=memory" in name:
        return None
    return name + ".writers"


@contextlib.contextmanager
def one_writer(using="default"):
    path = _lock_path(using)
    if path is None:
        yield
        return
    # A descriptor per use: flock() locks belong to an open file, so threads of one process that
    # shared a descriptor would not exclude each other.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
