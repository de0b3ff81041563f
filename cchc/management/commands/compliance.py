import sys
from pathlib import Path

from cchc.management.base import UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = (
        "Thực hiện chế độ báo cáo của các đơn vị trong một năm (đúng hạn, trễ, không báo cáo, bị trả lại) "
        "và xếp hạng thi đua theo điểm; json hoặc xlsx cho Hội đồng thi đua."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
        parser.add_argument("-o", "--output")

    def handle(self, *args, year, format, output, **options):
        from cchc.consolidation import compliance
        from cchc.reporting.models import Period

        if not Period.objects.filter(year=year).exists():
            raise Fail(f"Không có kỳ báo cáo nào của năm {year}.", UNREADABLE)
        if format == "xlsx":
            content = compliance.compliance_xlsx(year)
            if output:
                Path(output).write_bytes(content)
                self.stderr.write(f"Đã ghi {output}.")
            elif sys.stdout.isatty():
                raise Fail("Thêm -o TỆP.xlsx để ghi kết quả.", UNREADABLE)
            else:
                sys.stdout.buffer.write(content)
            return
        if format == "json":
            self.print_json(compliance.compliance_json(year))
            return
        periods, rows = compliance.year_compliance(year)
        self.stdout.write(f"Thực hiện chế độ báo cáo CCHC năm {year}")
        self.stdout.write(compliance.formula_text())
        for r in rows:
            cells = " | ".join(f"{p.kind}: {c.label}" for p, c in zip(periods, r.cells, strict=False))
            self.stdout.write(f"{r.rank:>4}. {r.unit.code:<10} {compliance._num(r.score):>5} điểm  {cells}")
