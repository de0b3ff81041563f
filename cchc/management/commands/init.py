import time
from pathlib import Path

from django.core.management import call_command

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail

MAX_DEPARTMENTS_FILE = 1024 * 1024


class Command(CchcCommand):
    help = (
        "Tạo/cập nhật cơ sở dữ liệu và nạp dữ liệu mặc định (đơn vị, biểu mẫu 2021, các kỳ báo cáo của công văn "
        "mẫu); với --province: một tỉnh, thành phố theo mô hình chính quyền hai cấp (từ 1/7/2025)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="thêm tài khoản dùng thử (và báo cáo mẫu cho dữ liệu mặc định)"
        )
        parser.add_argument(
            "--province",
            metavar="TÊN",
            help="tên tỉnh, thành phố (một trong 34 tỉnh, thành phố năm 2025), ví dụ «Đắk Lắk»: UBND "
            "tỉnh, Sở Nội vụ tổng hợp, các sở, mọi xã, phường; quy tắc kỳ báo cáo của Bộ Nội vụ",
        )
        parser.add_argument(
            "--departments",
            metavar="TỆP.csv",
            help="danh sách sở, ban, ngành thay cho danh sách có sẵn (cột code,name,kind,leader_title)",
        )

    def handle(self, *args, demo=False, province=None, departments=None, **options):
        from cchc.bootstrap import DEFAULT_ORIGIN, installed_origin, load_default, load_demo

        started = time.monotonic()
        if departments and not province:
            raise Fail("--departments chỉ dùng cùng --province.", UNREADABLE)
        if province is not None:
            return self._province(province, departments, demo, started)
        call_command("migrate", interactive=False, verbosity=0)
        origin = installed_origin()
        if origin not in (None, DEFAULT_ORIGIN):
            # A province's database: bring its structure up to date, never lay the default over it.
            self.stderr.write(
                f"Đã cập nhật cấu trúc cơ sở dữ liệu ({time.monotonic() - started:.1f} giây); "
                f"dữ liệu địa phương giữ nguyên."
            )
            return
        years = load_default()
        if demo:
            load_demo()
        self.stderr.write(
            f"Đã khởi tạo: biểu mẫu năm {', '.join(map(str, years))}"
            f"{', tài khoản dùng thử' if demo else ''} ({time.monotonic() - started:.1f} giây)."
        )
        if demo:
            from cchc.bootstrap import DEMO_PASSWORD, DEMO_USERS

            self.stderr.write(f"Tài khoản dùng thử (mật khẩu {DEMO_PASSWORD}):")
            for username, unit, role, name in DEMO_USERS:
                self.stderr.write(f"  {username:<11} {unit:<8} {role:<12} {name}")

    def _province(self, name, departments, demo, started):
        from cchc.bootstrap import WrongInstallation, load_province, load_province_demo
        from cchc.locality.province import ProvinceNotFound, find_province
        from cchc.orgunits.importing import UnitFileError

        try:
            find_province(name)  # before any database work: a typo costs nothing
        except ProvinceNotFound as exc:
            raise Fail(str(exc), UNREADABLE) from None
        data = None
        if departments:
            try:
                with Path(departments).open("rb") as fh:
                    data = fh.read(MAX_DEPARTMENTS_FILE + 1)
            except OSError as exc:
                raise Fail(f"Không đọc được tệp {departments}: {exc.strerror or exc}.", UNREADABLE) from None
            if len(data) > MAX_DEPARTMENTS_FILE:
                raise Fail(f"Tệp {departments} quá lớn (tối đa 1 MB).", UNREADABLE)
        call_command("migrate", interactive=False, verbosity=0)
        try:
            province, created, year = load_province(name, departments=data)
        except WrongInstallation as exc:
            raise Fail(str(exc), INVALID) from None
        except UnitFileError as exc:
            raise Fail("Danh sách đơn vị không hợp lệ (không lưu gì):\n" + "\n".join(exc.messages), INVALID) from None
        except ValueError as exc:
            raise Fail(str(exc), INVALID) from None
        accounts = load_province_demo(province) if demo else []
        from cchc.orgunits.models import OrgUnit

        communes = OrgUnit.objects.filter(kind__in=["ward", "commune"]).count()
        self.stderr.write(
            f"Đã khởi tạo {province.name}: {communes} xã, phường ({created} đơn vị mới), biểu mẫu và "
            f"các kỳ báo cáo năm {year}{f', {len(accounts)} tài khoản dùng thử' if accounts else ''} "
            f"({time.monotonic() - started:.1f} giây)."
        )
