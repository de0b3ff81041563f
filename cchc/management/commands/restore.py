import sqlite3
from pathlib import Path

from django.core.management import call_command
from django.db import connection, connections

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail
from cchc.management.commands.backup import pg_environment, run_tool

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class Command(CchcCommand):
    help = (
        "Khôi phục toàn bộ cơ sở dữ liệu từ tệp của cchc backup, thay cho dữ liệu hiện có. "
        "Nên dừng máy chủ (cchc serve) trước khi khôi phục."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu (tạo bởi cchc backup)")

    def handle(self, *args, file, **options):
        source = Path(file)
        try:
            with source.open("rb") as f:
                head = f.read(16)
        except OSError as exc:
            raise Fail(f"Không đọc được tệp {file}: {exc.strerror}.", UNREADABLE) from None
        kind = "sqlite" if head.startswith(SQLITE_MAGIC) else "postgresql" if head.startswith(PG_MAGIC) else None
        if kind is None:
            raise Fail(f"{file} không phải là tệp sao lưu của cchc.", UNREADABLE)
        if kind != connection.vendor:
            raise Fail(
                f"Tệp sao lưu của {kind}, nhưng cơ sở dữ liệu đang dùng là {connection.vendor}: "
                "khôi phục vào cùng loại cơ sở dữ liệu.",
                INVALID,
            )
        db = connection.settings_dict
        connections.close_all()
        if kind == "sqlite":
            self._sqlite(source, db["NAME"])
        else:
            # One transaction: a restore that fails half-way leaves the database as it was.
            run_tool(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                    db["NAME"],
                    str(source),
                ],
                pg_environment(db),
            )
        connections.close_all()
        # A backup taken by an older version is brought up to this one's tables.
        call_command("migrate", interactive=False, verbosity=0)
        from cchc.reporting.models import Report

        self.stderr.write(f"Đã khôi phục từ {source}: {Report.objects.count()} báo cáo.")

    def _sqlite(self, source, name):
        backup = sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True)
        try:
            ok = backup.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise Fail(f"Tệp sao lưu bị hỏng: {ok}", INVALID)
            if not backup.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
                raise Fail(f"{source} không phải là cơ sở dữ liệu của cchc.", UNREADABLE)
            live = sqlite3.connect(name, timeout=30)
            try:
                # Page by page into the live file under its lock, as one step: readers see the old
                # database or the restored one, never a mixture.
                backup.backup(live)
                live.execute("PRAGMA journal_mode=WAL")
            finally:
                live.close()
        except sqlite3.DatabaseError as exc:
            raise Fail(f"Không khôi phục được từ {source}: {exc}.", INVALID) from None
        finally:
            backup.close()
