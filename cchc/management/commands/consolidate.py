from cchc.management.base import CchcCommand, lookup


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
            self.emit(output, format, data=consolidate(the_period))
            return
        from cchc.consolidation import documents

        self.emit(output, format, content=documents.render_consolidated(the_period, format))
