import time

from django.core.management import call_command

from cchc.management.base import CchcCommand


class Command(CchcCommand):
    help = "Tạo/cập nhật cơ sở dữ liệu và nạp dữ liệu mặc định (thị xã An Khê, biểu mẫu 2021, các kỳ báo cáo)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="thêm tài khoản dùng thử và báo cáo mẫu")

    def handle(self, *args, demo=False, **options):
        from cchc.bootstrap import load_default, load_demo

        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        years = load_default()
        if demo:
            load_demo()
        self.stderr.write(f"Đã khởi tạo: biểu mẫu năm {', '.join(map(str, years))}"
                          f"{', tài khoản dùng thử' if demo else ''} ({time.monotonic() - started:.1f} giây).")
