"""What every `cchc` verb shares: Vietnamese messages, `--format json`, exit statuses."""

import argparse
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

INVALID, UNREADABLE = 1, 2


class Fail(CommandError):
    """Stop with a Vietnamese message and an exit status (1 invalid, 2 unreadable or bad usage)."""

    def __init__(self, message, status=INVALID):
        super().__init__(message, returncode=status)


# Django adds these options to every command; say what they do in Vietnamese.
COMMON_HELP = {
    "help": "hiện hướng dẫn này",
    "version": "phiên bản",
    "verbosity": "mức chi tiết của thông báo: 0, 1, 2, 3",
    "settings": "mô-đun cấu hình Python (mặc định: cchc.settings)",
    "pythonpath": "thư mục thêm vào đường dẫn Python",
    "traceback": "in toàn bộ vết lỗi khi có lỗi (dành cho lập trình viên)",
    "no_color": "không tô màu",
    "force_color": "luôn tô màu",
    "skip_checks": "bỏ qua kiểm tra hệ thống",
}
# argparse's own words, for the ones a person meets at the terminal. argparse looks its strings up
# through the module-level gettext alias `_`, and no Vietnamese catalogue ships with Python.
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "hiện hướng dẫn này",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hợp lệ: %s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
}
_argparse_gettext = argparse._
argparse._ = lambda text: ARGPARSE_VI.get(text, _argparse_gettext(text))


class CchcCommand(BaseCommand):
    requires_system_checks = []
    json_formats = ("json",)

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if action.dest in COMMON_HELP:
                action.help = COMMON_HELP[action.dest]
        return parser

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
                text = str(exc).strip()
                missing_table = "no such table" in text or ("relation" in text and "does not exist" in text)
                hint = "\n(Cơ sở dữ liệu mới? Chạy «cchc init» trước.)" if missing_table else ""
                sys.stderr.write(f"Lỗi cơ sở dữ liệu: {text}{hint}\n")
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


def issue_lines(errors, warnings):
    """Validation issues as `cchc validate` prints them, one per line; `cchc import` prints a
    draft's the same way, so an officer learns of a broken rule when importing, not at signing."""
    return [f"LỖI      {i['code']:<9} {i['message']}" for i in errors] + [
        f"CẢNH BÁO {i['code']:<9} {i['message']}" for i in warnings
    ]
