"""What every `cchc` verb shares: Vietnamese messages, `--format json`, exit statuses."""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

INVALID, UNREADABLE = 1, 2


class Fail(CommandError):
    """Stop with a Vietnamese message and an exit status (1 invalid, 2 unreadable or bad usage)."""

    def __init__(self, message, status=INVALID):
        super().__init__(message, returncode=status)


class CchcCommand(BaseCommand):
    requires_system_checks = []
    json_formats = ("json",)

    def add_format_argument(self, parser, choices=("text", "json"), default="text"):
        parser.add_argument("--format", choices=choices, default=default, help="định dạng kết quả")

    def print_json(self, data):
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def emit(self, output, fmt, *, data=None, content=None):
        """Deliver a result: JSON `data` to stdout or to the file `output`; the bytes of an office
        document (`content`) to `output`, or to stdout only when it is not a terminal (a pipe)."""
        if data is not None:
            if output:
                Path(output).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            else:
                self.print_json(data)
            return
        if not output:
            if sys.stdout.isatty():
                raise Fail(f"Thêm -o TỆP.{fmt} để ghi kết quả.", UNREADABLE)
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Đã ghi {output}.")

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except CommandError:
            raise
        except (KeyboardInterrupt, SystemExit, BrokenPipeError):
            raise
        except Exception as exc:  # never a traceback for a person at the terminal
            if "--traceback" in argv:
                raise
            from django.db import DatabaseError

            if isinstance(exc, DatabaseError):
                sys.stderr.write(f"Lỗi cơ sở dữ liệu: {exc}\n(Cơ sở dữ liệu mới? Chạy «cchc init» trước.)\n")
                sys.exit(UNREADABLE)
            sys.stderr.write(f"Lỗi: {exc}\n")
            sys.exit(INVALID)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if options.get("traceback") or not getattr(self, "_called_from_command_line", False):
                raise
            sys.stderr.write(f"Lỗi: {exc}\n")
            sys.exit(exc.returncode)


def lookup(model, code, what):
    obj = model.objects.filter(code=code).first()
    if obj is None:
        raise Fail(f"Không có {what} mã «{code}».", UNREADABLE)
    return obj
