"""The `cchc` console script: the project's verbs (INTERFACES.md) on top of Django's manage.py."""

import os
import sys

USAGE = """Cách dùng: cchc LỆNH [tùy chọn]   (cchc LỆNH --help để xem chi tiết)

  init [--demo]          tạo/cập nhật cơ sở dữ liệu, nạp dữ liệu mặc định (thị xã của công văn mẫu năm 2021)
  init --province TÊN    khởi tạo một tỉnh, thành phố (34 tỉnh, thành phố năm 2025) với mọi xã, phường
  locality export|import thông tin của địa phương (tên, nơi nhận, người ký, báo cáo chuyên đề…) dạng JSON
  serve                  chạy ứng dụng web và API (máy chủ WSGI gunicorn)
  units [import FILE]    danh sách đơn vị; nhập đơn vị hàng loạt từ CSV
  catalog                các chỉ tiêu của biểu mẫu
  form                   biểu mẫu các năm: list, export, import, copy, publish
  periods                các kỳ báo cáo của một năm
  user add               tạo tài khoản
  validate FILE          kiểm tra một báo cáo (.json, .xlsx)
  import FILE…           nhập báo cáo (.json, .xlsx)
  template               tạo biểu mẫu Excel trống cho một đơn vị
  export                 xuất báo cáo của một đơn vị (json, xlsx, docx)
  consolidate            báo cáo tổng hợp của địa phương cho một kỳ
  status                 tình hình nộp báo cáo của một kỳ
  remind                 gửi e-mail nhắc hạn đến hạn
  compliance             thực hiện chế độ báo cáo và xếp hạng thi đua của một năm (json, xlsx)
  backup FILE / restore FILE   sao lưu / phục hồi toàn bộ cơ sở dữ liệu
  plan                   các kế hoạch của năm (CCHC, tuyên truyền, khác): import, list, progress, status
  tasks                  sổ theo dõi nhiệm vụ cấp trên giao (1.3.1–1.3.3): import, list, done, status
  signature verify FILE  kiểm tra chữ ký số của một tệp PDF và đối chiếu với báo cáo đang lưu

Các lệnh quản trị của Django (migrate, createsuperuser, …) cũng dùng được.
"""


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Lỗi cấu hình: {exc}\n")
        return 2
    if not argv[1].startswith("-") and argv[1] not in get_commands():
        sys.stderr.write(f"Không có lệnh «{argv[1]}». Xem «cchc --help».\n")
        return 2
    try:
        execute_from_command_line(["cchc"] + argv[1:])
    except BrokenPipeError:
        # `cchc status | head`: the reader went away; that is not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
