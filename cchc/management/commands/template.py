import sys
from pathlib import Path

from cchc.management.base import UNREADABLE, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = (
        "Tạo biểu mẫu Excel trống (phụ lục của biểu mẫu năm) cho một đơn vị và một kỳ báo cáo; "
        "tệp mang mã đơn vị, mã kỳ và phiên bản biểu mẫu để khi nhập lại hệ thống kiểm tra."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("-o", "--output", help="tệp .xlsx kết quả")
        parser.add_argument(
            "--filled",
            action="store_true",
            help="điền sẵn số liệu đang lưu của báo cáo (để sửa rồi nhập lại); mặc định để trống",
        )

    def handle(self, *args, unit, period, output, filled=False, **options):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.actions import ReportError
        from cchc.reporting.models import Period
        from cchc.reporting.xlsx import template_bytes

        the_unit = lookup(OrgUnit, unit, "đơn vị")
        the_period = lookup(Period, period, "kỳ báo cáo")
        values = None
        if filled:
            from cchc.reporting.models import Report

            report = Report.objects.filter(unit=the_unit, period=the_period).first()
            values = report.value_map() if report else {}
            if not values:
                self.stderr.write(f"Đơn vị {the_unit.code} chưa có số liệu kỳ {the_period.code}; biểu mẫu để trống.")
        try:
            content = template_bytes(the_unit, the_period, values)
        except ReportError as exc:
            raise Fail(exc.message, UNREADABLE) from None
        if not output:
            if sys.stdout.isatty():
                raise Fail("Thêm -o TỆP.xlsx để ghi biểu mẫu.", UNREADABLE)
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Đã ghi {output}.")
