import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from cchc.management.base import UNREADABLE, CchcCommand, Fail
from cchc.office.numbers import format_number


def pg_environment(db):
    """libpq's variables for the configured PostgreSQL database (the password never on a command line)."""
    env = dict(os.environ)
    for key, setting in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(setting):
            env[key] = str(db[setting])
    return env


def run_tool(argv, env):
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise Fail(f"Không tìm thấy chương trình {argv[0]} (cài gói postgresql-client).", UNREADABLE) from None
    if done.returncode != 0:
        raise Fail(f"{argv[0]} báo lỗi:\n{done.stderr.strip()}")
    return done


class Command(CchcCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu vào FILE, an toàn khi máy chủ đang chạy: SQLite bằng cơ chế "
        "sao lưu trực tuyến (tệp SQLite), PostgreSQL bằng pg_dump (định dạng custom). Khôi phục: cchc restore FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu sẽ tạo (ghi đè nếu đã có)")

    def handle(self, *args, file, **options):
        target = Path(file).resolve()
        if not target.parent.is_dir():
            raise Fail(f"Không có thư mục {target.parent}.", UNREADABLE)
        # Written beside the target and renamed at the end: a backup cut short (disk full, kill)
        # never leaves a half file under the name someone will restore from.
        partial = target.with_name(target.name + ".partial")
        db = connection.settings_dict
        try:
            if connection.vendor == "sqlite":
                self._sqlite(db["NAME"], partial)
            elif connection.vendor == "postgresql":
                run_tool(
                    ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)],
                    pg_environment(db),
                )
            else:
                raise Fail(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.", UNREADABLE)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.stderr.write(f"Đã sao lưu vào {target} ({format_number(target.stat().st_size)} byte).")

    def _sqlite(self, name, partial):
        if str(name).startswith(":memory:") or "mode=memory" in str(name):
            raise Fail("Cơ sở dữ liệu đang ở trong bộ nhớ, không có gì để sao lưu.", UNREADABLE)
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(name, timeout=30)
        dest = sqlite3.connect(partial)
        try:
            # The online backup API copies a consistent snapshot while the server keeps writing
            # (WAL: readers do not block the writer, and the copy is one read transaction).
            source.backup(dest)
            # A backup is one self-contained file: no -wal beside it to forget.
            dest.execute("PRAGMA journal_mode=DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise Fail(f"Bản sao lưu không toàn vẹn: {ok}")
        finally:
            dest.close()
            source.close()
