import sys
from pathlib import Path

from cchc.management.base import UNREADABLE, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = ("Tạo biểu mẫu Excel trống (phụ lục công văn 158/UBND-NV) cho một đơn vị và một kỳ báo cáo; "
            "tệp mang mã đơn vị, mã kỳ và phiên bản biểu mẫu để khi nhập lại hệ thống kiểm tra.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("-o", "--output", help="tệp .xlsx kết quả")

    def handle(self, *args, unit, period, output, **options):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.actions import ReportError
        from cchc.reporting.models import Period
        from cchc.reporting.xlsx import template_bytes

        the_unit = lookup(OrgUnit, unit, "đơn vị")
        the_period = lookup(Period, period, "kỳ báo cáo")
        try:
            content = template_bytes(the_unit, the_period)
        except ReportError as exc:
            raise Fail(exc.message, UNREADABLE) from None
        if not output:
            if sys.stdout.isatty():
                raise Fail("Thêm -o TỆP.xlsx để ghi biểu mẫu.", UNREADABLE)
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Đã ghi {output}.")
