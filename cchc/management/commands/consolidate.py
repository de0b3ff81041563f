from cchc.management.base import UNREADABLE, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = "Báo cáo tổng hợp của địa phương cho một kỳ: json, xlsx hoặc docx."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", choices=["json", "xlsx", "docx", "pdf"], default="json")
        parser.add_argument("-o", "--output")
        parser.add_argument(
            "--recount",
            action="store_true",
            help="tính lại từ toàn bộ số liệu của kỳ (đối chiếu với số tổng hợp lưu sẵn)",
        )
        parser.add_argument("--rebuild", action="store_true", help="tính lại và lưu lại số tổng hợp của kỳ (sửa chữa)")

    def handle(self, *args, period, format, output, recount, rebuild, **options):
        from cchc.consolidation.figures import consolidate
        from cchc.reporting import totals
        from cchc.reporting.models import Period

        the_period = lookup(Period, period, "kỳ báo cáo")
        if rebuild:
            totals.rebuild([the_period])
        if format == "json":
            self.emit(output, format, data=consolidate(the_period, recount=recount))
            return
        if recount:
            raise Fail("--recount chỉ dùng với --format json.", UNREADABLE)
        from cchc.consolidation import documents

        self.emit(output, format, content=documents.render_consolidated(the_period, format))
