import sys
from pathlib import Path

from cchc.management.base import UNREADABLE, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = "Tổng hợp báo cáo của thị xã cho một kỳ: json, xlsx hoặc docx."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", choices=["json", "xlsx", "docx", "pdf"], default="json")
        parser.add_argument("-o", "--output")

    def handle(self, *args, period, format, output, **options):
        from cchc.consolidation.figures import consolidate
        from cchc.reporting.models import Period

        the_period = lookup(Period, period, "kỳ báo cáo")
        if format == "json":
            data = consolidate(the_period)
            if output:
                import json

                Path(output).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            else:
                self.print_json(data)
            return
        from cchc.consolidation import documents

        content = documents.render_consolidated(the_period, format)
        if not output:
            if sys.stdout.isatty():
                raise Fail(f"Thêm -o TỆP.{format} để ghi kết quả.", UNREADABLE)
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Đã ghi {output}.")
